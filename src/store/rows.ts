/**
 * Mapping between port records and table rows: JSON as text, booleans as 0/1, absent as NULL.
 * Every column that can hold what someone wrote passes through the column codec (cipher.ts) here and
 * nowhere else, so a new content column is encrypted by adding it to one mapper.
 */
import type { Selectable } from 'kysely';
import type { ReflectionState } from '../core/types';
import { type ColumnCodec, type SealedColumn, UnreadableValueError } from './cipher';
import type { InboxMessage, OutboxItem, ReflectionRow, ThreadMessage, ThreadRecord } from './port';
import type { InboxTable, OutboxTable, ReflectionsTable, ThreadMessagesTable, ThreadsTable } from './schema';

/** Parses JSON the store itself wrote; the caller names the type it stored there. */
export function parseJson<T>(text: string): T {
  const value: unknown = JSON.parse(text);
  return value as T;
}

/** Opens a sealed column; an unreadable value becomes an UnreadableValueError naming the row. */
export function openText(codec: ColumnCodec, column: SealedColumn, stored: string, rowId: string): string {
  try {
    return codec.open(column, stored);
  } catch (err) {
    throw err instanceof UnreadableValueError ? err.at(rowId) : err;
  }
}

/** Opens and parses a sealed JSON column; JSON that does not parse is reported like any corrupt value. */
export function openJson<T>(codec: ColumnCodec, column: SealedColumn, stored: string, rowId: string): T {
  const text = openText(codec, column, stored, rowId);
  try {
    return parseJson<T>(text);
  } catch {
    throw new UnreadableValueError(column, 'not valid JSON', rowId);
  }
}

export const sealJson = (codec: ColumnCodec, column: SealedColumn, value: unknown): string =>
  codec.seal(column, JSON.stringify(value ?? null));

/** The readable case reference: the sealed copy, else (rows written before 0003) the plain lookup column. */
function caseRefOf(
  codec: ColumnCodec,
  column: 'reflections.case_ref_text' | 'threads.case_ref_text',
  row: { id: string; case_ref: string | null; case_ref_text: string | null },
): string | undefined {
  if (row.case_ref_text !== null) return openText(codec, column, row.case_ref_text, row.id);
  if (row.case_ref === null) return undefined;
  if (codec.keyed) throw new UnreadableValueError(column, 'the case reference was stored without a key', row.id);
  return row.case_ref;
}

/**
 * Which reflection and thread a row was written for (the commit's own), so erasure finds every copy
 * of a case without reading content. Ids only.
 */
export interface RowTags {
  reflection_id: string | null;
  thread_id: string | null;
}
export const NO_TAGS: RowTags = { reflection_id: null, thread_id: null };

const bit = (b: boolean): number => (b ? 1 : 0);
const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

/** The column `version` is authoritative: it is what optimistic concurrency compared against. */
export function toReflectionRow(codec: ColumnCodec, row: Selectable<ReflectionsTable>): ReflectionRow {
  const stored = openJson<ReflectionState>(codec, 'reflections.state_json', row.state_json, row.id);
  const state = { ...stored, version: row.version };
  return {
    state,
    caseRef: caseRefOf(codec, 'reflections.case_ref_text', row),
    status: row.status,
    updatedAt: row.updated_at,
  };
}

/** `case_ref` is the lookup column (a blind index with a key); `case_ref_text` the sealed, readable copy. */
export function reflectionValues(
  codec: ColumnCodec,
  state: ReflectionState,
  version: number,
  caseRef: string | undefined,
): ReflectionsTable {
  return {
    id: state.id,
    practitioner_id: state.practitionerId,
    channel: state.channel,
    status: state.status,
    case_ref: caseRef === undefined ? null : codec.lookup(caseRef),
    case_ref_text: caseRef === undefined ? null : codec.seal('reflections.case_ref_text', caseRef),
    state_json: sealJson(codec, 'reflections.state_json', { ...state, version }),
    version,
    created_at: state.startedAt,
    updated_at: state.updatedAt,
  };
}

export function outboxValues(codec: ColumnCodec, item: OutboxItem, tags: RowTags = NO_TAGS): OutboxTable {
  return {
    id: item.id,
    kind: item.kind,
    channel: item.channel,
    payload_json: sealJson(codec, 'outbox.payload_json', item.payload),
    ...tags,
    status: item.status,
    attempts: item.attempts,
    next_attempt_at: item.nextAttemptAt,
    lease_until: null,
    created_at: item.createdAt,
    delivered_at: orNull(item.deliveredAt),
    last_error: orNull(item.lastError),
    external_ref: orNull(item.externalRef),
  };
}

export function toOutboxItem(codec: ColumnCodec, row: Selectable<OutboxTable>): OutboxItem {
  const item: OutboxItem = {
    id: row.id,
    kind: row.kind,
    channel: row.channel,
    payload: openJson<unknown>(codec, 'outbox.payload_json', row.payload_json, row.id),
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
  };
  if (row.delivered_at !== null) item.deliveredAt = row.delivered_at;
  if (row.last_error !== null) item.lastError = row.last_error;
  if (row.external_ref !== null) item.externalRef = row.external_ref;
  return item;
}

export function threadValues(codec: ColumnCodec, t: ThreadRecord): ThreadsTable {
  return {
    id: t.id,
    supervisor_id: t.supervisorId,
    practitioner_id: t.practitionerId,
    case_ref: codec.lookup(t.caseRef),
    case_ref_text: codec.seal('threads.case_ref_text', t.caseRef),
    channel: t.channel,
    title: codec.seal('threads.title', t.title),
    reflections: t.reflections,
    open_flags: t.openFlags,
    external_ref: orNull(t.externalRef),
    created_at: t.createdAt,
    updated_at: t.updatedAt,
  };
}

export function toThread(codec: ColumnCodec, row: Selectable<ThreadsTable>): ThreadRecord {
  const t: ThreadRecord = {
    id: row.id,
    supervisorId: row.supervisor_id,
    practitionerId: row.practitioner_id,
    caseRef: caseRefOf(codec, 'threads.case_ref_text', row) ?? '',
    channel: row.channel,
    title: openText(codec, 'threads.title', row.title, row.id),
    reflections: row.reflections,
    openFlags: row.open_flags,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.external_ref !== null) t.externalRef = row.external_ref;
  return t;
}

export function threadMessageValues(codec: ColumnCodec, m: ThreadMessage): ThreadMessagesTable {
  return {
    id: m.id,
    thread_id: m.threadId,
    kind: m.kind,
    reflection_id: orNull(m.reflectionId),
    author: m.author,
    text: codec.seal('thread_messages.text', m.text),
    data_json: m.data === undefined ? null : sealJson(codec, 'thread_messages.data_json', m.data),
    flags: m.flags,
    acknowledged: bit(m.acknowledged),
    on_agenda: bit(m.onAgenda),
    external_ref: orNull(m.externalRef),
    created_at: m.createdAt,
  };
}

export function toThreadMessage(codec: ColumnCodec, row: Selectable<ThreadMessagesTable>): ThreadMessage {
  const m: ThreadMessage = {
    id: row.id,
    threadId: row.thread_id,
    kind: row.kind,
    author: row.author,
    text: openText(codec, 'thread_messages.text', row.text, row.id),
    flags: row.flags,
    acknowledged: row.acknowledged === 1,
    onAgenda: row.on_agenda === 1,
    createdAt: row.created_at,
  };
  if (row.reflection_id !== null) m.reflectionId = row.reflection_id;
  if (row.data_json !== null) m.data = openJson<unknown>(codec, 'thread_messages.data_json', row.data_json, row.id);
  if (row.external_ref !== null) m.externalRef = row.external_ref;
  return m;
}

export function inboxValues(codec: ColumnCodec, m: InboxMessage, seq: number, tags: RowTags = NO_TAGS): InboxTable {
  return {
    id: m.id,
    seq,
    user_id: m.userId,
    channel: m.channel,
    reply_json: sealJson(codec, 'inbox.reply_json', m.reply),
    ...tags,
    created_at: m.createdAt,
  };
}

export function toInboxMessage(codec: ColumnCodec, row: Selectable<InboxTable>): InboxMessage {
  return {
    id: row.id,
    userId: row.user_id,
    channel: row.channel,
    reply: openJson<unknown>(codec, 'inbox.reply_json', row.reply_json, row.id),
    createdAt: row.created_at,
  };
}
