/** Mapping between port records and table rows: JSON as text, booleans as 0/1, absent as NULL. */
import type { Selectable } from 'kysely';
import type { ReflectionState } from '../core/types';
import type { InboxMessage, OutboxItem, ReflectionRow, ThreadMessage, ThreadRecord } from './port';
import type { InboxTable, OutboxTable, ReflectionsTable, ThreadMessagesTable, ThreadsTable } from './schema';

/** Parses JSON the store itself wrote; the caller names the type it stored there. */
export function parseJson<T>(text: string): T {
  const value: unknown = JSON.parse(text);
  return value as T;
}

const bit = (b: boolean): number => (b ? 1 : 0);
const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);
const orUndefined = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

/** The column `version` is authoritative: it is what optimistic concurrency compared against. */
export function toReflectionRow(row: Selectable<ReflectionsTable>): ReflectionRow {
  const state = { ...parseJson<ReflectionState>(row.state_json), version: row.version };
  return { state, caseRef: orUndefined(row.case_ref), status: row.status, updatedAt: row.updated_at };
}

export function reflectionValues(
  state: ReflectionState,
  version: number,
  caseRef: string | undefined,
): ReflectionsTable {
  return {
    id: state.id,
    practitioner_id: state.practitionerId,
    channel: state.channel,
    status: state.status,
    case_ref: orNull(caseRef),
    state_json: JSON.stringify({ ...state, version }),
    version,
    created_at: state.startedAt,
    updated_at: state.updatedAt,
  };
}

export function outboxValues(item: OutboxItem): OutboxTable {
  return {
    id: item.id,
    kind: item.kind,
    channel: item.channel,
    payload_json: JSON.stringify(item.payload ?? null),
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

export function toOutboxItem(row: Selectable<OutboxTable>): OutboxItem {
  const item: OutboxItem = {
    id: row.id,
    kind: row.kind,
    channel: row.channel,
    payload: parseJson<unknown>(row.payload_json),
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

export function threadValues(t: ThreadRecord): ThreadsTable {
  return {
    id: t.id,
    supervisor_id: t.supervisorId,
    practitioner_id: t.practitionerId,
    case_ref: t.caseRef,
    channel: t.channel,
    title: t.title,
    reflections: t.reflections,
    open_flags: t.openFlags,
    external_ref: orNull(t.externalRef),
    created_at: t.createdAt,
    updated_at: t.updatedAt,
  };
}

export function toThread(row: Selectable<ThreadsTable>): ThreadRecord {
  const t: ThreadRecord = {
    id: row.id,
    supervisorId: row.supervisor_id,
    practitionerId: row.practitioner_id,
    caseRef: row.case_ref,
    channel: row.channel,
    title: row.title,
    reflections: row.reflections,
    openFlags: row.open_flags,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.external_ref !== null) t.externalRef = row.external_ref;
  return t;
}

export function threadMessageValues(m: ThreadMessage): ThreadMessagesTable {
  return {
    id: m.id,
    thread_id: m.threadId,
    kind: m.kind,
    reflection_id: orNull(m.reflectionId),
    author: m.author,
    text: m.text,
    data_json: m.data === undefined ? null : JSON.stringify(m.data),
    flags: m.flags,
    acknowledged: bit(m.acknowledged),
    on_agenda: bit(m.onAgenda),
    external_ref: orNull(m.externalRef),
    created_at: m.createdAt,
  };
}

export function toThreadMessage(row: Selectable<ThreadMessagesTable>): ThreadMessage {
  const m: ThreadMessage = {
    id: row.id,
    threadId: row.thread_id,
    kind: row.kind,
    author: row.author,
    text: row.text,
    flags: row.flags,
    acknowledged: row.acknowledged === 1,
    onAgenda: row.on_agenda === 1,
    createdAt: row.created_at,
  };
  if (row.reflection_id !== null) m.reflectionId = row.reflection_id;
  if (row.data_json !== null) m.data = parseJson<unknown>(row.data_json);
  if (row.external_ref !== null) m.externalRef = row.external_ref;
  return m;
}

export function inboxValues(m: InboxMessage, seq: number): InboxTable {
  return {
    id: m.id,
    seq,
    user_id: m.userId,
    channel: m.channel,
    reply_json: JSON.stringify(m.reply ?? null),
    created_at: m.createdAt,
  };
}

export function toInboxMessage(row: Selectable<InboxTable>): InboxMessage {
  return {
    id: row.id,
    userId: row.user_id,
    channel: row.channel,
    reply: parseJson<unknown>(row.reply_json),
    createdAt: row.created_at,
  };
}
