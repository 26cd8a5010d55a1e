/**
 * The body of `commitTurn`, run inside one transaction. The order matters:
 * the processed-event id goes first so a duplicate delivery is detected before anything is written,
 * and the inbox counter is locked last so the lock is held as briefly as possible.
 * Every path starts with a write, so on SQLite the transaction takes the write lock up front (where
 * busy_timeout applies) rather than failing later on a read-to-write lock upgrade.
 */
import type { Kysely, Transaction } from 'kysely';
import type { ColumnCodec } from './cipher';
import { isUniqueViolation, StoreError } from './errors';
import { StoreConflictError, type InboxMessage, type ThreadMessage, type ThreadRecord, type TurnCommit } from './port';
import {
  inboxValues,
  NO_TAGS,
  outboxValues,
  reflectionValues,
  type RowTags,
  threadMessageValues,
  threadValues,
} from './rows';
import type { Database } from './schema';
import { writeSafety } from './safety';

type Trx = Transaction<Database>;

/** Records the event id; false when it was already there (ON CONFLICT DO NOTHING is race-free on both engines). */
export async function recordEvent(trx: Trx, id: string, at: string, reflectionId?: string): Promise<boolean> {
  const inserted = await trx
    .insertInto('processed_events')
    .values({ id, created_at: at, reflection_id: reflectionId ?? null, thread_id: null })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .execute();
  return inserted.length === 1;
}

/**
 * Optimistic concurrency. With an expected version the row must still be at that version and moves to
 * expectedVersion + 1 (whatever the caller put in state.version, so a forgotten bump cannot hide a lost
 * update). Expected version 0 means "must be new". No expectation means a plain upsert.
 */
export async function writeReflection(
  trx: Trx,
  codec: ColumnCodec,
  r: NonNullable<TurnCommit['reflection']>,
): Promise<void> {
  const { state, caseRef, expectedVersion } = r;
  const version = expectedVersion ? expectedVersion + 1 : state.version;
  const values = reflectionValues(codec, state, version, caseRef);
  // An undefined caseRef means "not known in this turn", not "clear it".
  const { id, created_at, ...changes } = values;
  const update = caseRef === undefined ? omitCaseRef(changes) : changes;
  if (expectedVersion) {
    const res = await trx
      .updateTable('reflections')
      .set(update)
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw new StoreConflictError(id);
    return;
  }
  const insert = trx.insertInto('reflections').values(values);
  try {
    if (expectedVersion === 0) {
      const inserted = await insert
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .execute();
      if (inserted.length === 0) throw new StoreConflictError(id);
      return;
    }
    await insert.onConflict((oc) => oc.column('id').doUpdateSet(update)).execute();
  } catch (err) {
    // The only other unique key on reflections is "one open reflection per practitioner"
    // (migration 0002): someone else opened one first, so this turn must reload and retry.
    if (isUniqueViolation(err)) throw new StoreConflictError(id, { cause: err });
    throw err;
  }
}

function omitCaseRef<T extends { case_ref: string | null; case_ref_text: string | null }>(
  row: T,
): Omit<T, 'case_ref' | 'case_ref_text'> {
  const { case_ref: _ignored, case_ref_text: _ignoredText, ...rest } = row;
  return rest;
}

/**
 * Upserts threads by id. If a new id collides with an existing (supervisor, case, channel) thread the
 * existing row is updated instead, and the returned map says which id the commit's messages must use.
 * The key columns and creation time of an existing thread never change.
 */
export async function upsertThreads(
  trx: Trx,
  codec: ColumnCodec,
  threads: ThreadRecord[],
): Promise<Map<string, string>> {
  const remap = new Map<string, string>();
  for (const t of threads) {
    const values = threadValues(codec, t);
    const changes = {
      title: values.title,
      reflections: values.reflections,
      open_flags: values.open_flags,
      updated_at: values.updated_at,
      ...(t.externalRef === undefined ? {} : { external_ref: t.externalRef }),
    };
    const res = await trx.updateTable('threads').set(changes).where('id', '=', t.id).executeTakeFirst();
    if (Number(res.numUpdatedRows) > 0) continue;
    const row = await trx
      .insertInto('threads')
      .values(values)
      .onConflict((oc) => oc.columns(['supervisor_id', 'case_ref', 'channel']).doUpdateSet(changes))
      .returning('id')
      .executeTakeFirstOrThrow();
    if (row.id !== t.id) remap.set(t.id, row.id);
  }
  return remap;
}

export async function insertThreadMessages(
  trx: Trx,
  codec: ColumnCodec,
  messages: ThreadMessage[],
  remap: Map<string, string>,
): Promise<void> {
  if (messages.length === 0) return;
  const rows = messages.map((m) => threadMessageValues(codec, { ...m, threadId: remap.get(m.threadId) ?? m.threadId }));
  await trx.insertInto('thread_messages').values(rows).execute();
}

/**
 * Inbox sequence numbers come from a counter row updated in this transaction. The row lock makes
 * concurrent writers take numbers in commit order, so a reader paging with `afterId` can never see
 * seq 6 committed before seq 5 (which a Postgres sequence would allow).
 */
export async function insertInbox(
  trx: Trx,
  codec: ColumnCodec,
  messages: InboxMessage[],
  tags: RowTags = NO_TAGS,
): Promise<void> {
  if (messages.length === 0) return;
  const { value } = await trx
    .updateTable('counters')
    .set((eb) => ({ value: eb('value', '+', messages.length) }))
    .where('name', '=', 'inbox')
    .returning('value')
    .executeTakeFirstOrThrow();
  const first = value - messages.length + 1;
  await trx
    .insertInto('inbox')
    .values(messages.map((m, i) => inboxValues(codec, m, first + i, tags)))
    .execute();
}

async function updateThreadMessages(
  trx: Trx,
  updates: NonNullable<TurnCommit['threadMessageUpdates']>,
): Promise<string[]> {
  const threadIds: string[] = [];
  for (const u of updates) {
    const set = {
      ...(u.acknowledged === undefined ? {} : { acknowledged: u.acknowledged ? 1 : 0 }),
      ...(u.onAgenda === undefined ? {} : { on_agenda: u.onAgenda ? 1 : 0 }),
    };
    if (Object.keys(set).length === 0) continue;
    const row = await trx
      .updateTable('thread_messages')
      .set(set)
      .where('id', '=', u.id)
      .returning('thread_id')
      .executeTakeFirst();
    if (!row)
      throw new StoreError(
        'STORE_NOT_FOUND',
        `thread message ${u.id} does not exist; it may have passed its retention period.`,
      );
    threadIds.push(row.thread_id);
  }
  return threadIds;
}

/** Counts are derived from the messages, recomputed in the transaction that changed them. */
async function recount(trx: Trx, threadIds: Set<string>): Promise<void> {
  for (const id of threadIds) {
    await trx
      .updateTable('threads')
      .set((eb) => ({
        reflections: eb
          .selectFrom('thread_messages')
          .select((m) => m.fn.countAll<number>().as('n'))
          .where('thread_id', '=', id)
          .where('kind', '=', 'summary'),
        open_flags: eb
          .selectFrom('thread_messages')
          .select((m) => m.fn.coalesce(m.fn.sum<number>('flags'), m.lit(0)).as('n'))
          .where('thread_id', '=', id)
          .where('acknowledged', '=', 0),
      }))
      .where('id', '=', id)
      .execute();
  }
}

/**
 * Everything except the event id and the reflection: plain inserts in dependency order. Outbox, inbox
 * and the event id are tagged with the commit's reflection and (when it touched exactly one) thread.
 */
export async function writeRest(trx: Trx, codec: ColumnCodec, commit: TurnCommit): Promise<void> {
  const remap = await upsertThreads(trx, codec, commit.threadUpserts ?? []);
  await insertThreadMessages(trx, codec, commit.threadMessages ?? [], remap);
  const updated = await updateThreadMessages(trx, commit.threadMessageUpdates ?? []);
  const touched = new Set([
    ...(commit.threadUpserts ?? []).map((t) => remap.get(t.id) ?? t.id),
    ...(commit.threadMessages ?? []).map((m) => remap.get(m.threadId) ?? m.threadId),
    ...updated,
  ]);
  await recount(trx, touched);
  const tags: RowTags = {
    reflection_id: commit.reflection?.state.id ?? null,
    thread_id: touched.size === 1 ? ([...touched][0] ?? null) : null,
  };
  if (commit.outbox?.length)
    await trx
      .insertInto('outbox')
      .values(commit.outbox.map((item) => outboxValues(codec, item, tags)))
      .execute();
  if (commit.processedEventId !== undefined && tags.thread_id !== null)
    await trx
      .updateTable('processed_events')
      .set({ thread_id: tags.thread_id })
      .where('id', '=', commit.processedEventId)
      .execute();
  // Picked field by field: an entry object carrying anything else must not reach the table.
  const audit = (commit.audit ?? []).map(({ at, actor, action, target }) => ({ at, actor, action, target }));
  if (audit.length) await trx.insertInto('audit').values(audit).execute();
  // Last: the counter row lock is held only until the commit that follows.
  await insertInbox(trx, codec, commit.inbox ?? [], tags);
}

/**
 * The whole unit of work. Returns false, having written nothing, when the event id was already
 * processed; throws StoreConflictError (nothing written) when the reflection moved on meanwhile.
 */
export async function commitTurn(
  db: Kysely<Database>,
  codec: ColumnCodec,
  commit: TurnCommit,
  now: string,
): Promise<boolean> {
  try {
    return await db.transaction().execute(async (trx) => {
      const reflectionId = commit.reflection?.state.id;
      if (
        commit.processedEventId !== undefined &&
        !(await recordEvent(trx, commit.processedEventId, now, reflectionId))
      )
        return false;
      // "Start again" closes the old reflection and opens the new one in the same transaction.
      if (commit.closing) await writeReflection(trx, codec, commit.closing);
      if (commit.reflection) await writeReflection(trx, codec, commit.reflection);
      await writeSafety(trx, codec, commit, now);
      await writeRest(trx, codec, commit);
      return true;
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    throw new StoreError(
      'STORE_DUPLICATE_ID',
      'an item in this commit (outbox item, thread, thread message, inbox message) reuses an id that is already stored; nothing was written. Generate fresh ids for every turn.',
      { cause: err },
    );
  }
}
