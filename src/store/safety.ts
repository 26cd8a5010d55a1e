/** Queries for timers and check-ins (migration 0004): claimed atomically, written inside commitTurn. */
import { type Kysely, sql, type Transaction } from 'kysely';
import { type ColumnCodec, UnreadableValueError } from './cipher';
import { type CheckinRecord, StoreConflictError, type TimerRecord, type TurnCommit } from './port';
import { openJson, sealJson } from './rows';
import type { CheckinsTable, Database, SqlFamily, TimersTable } from './schema';

type Db = Kysely<Database> | Transaction<Database>;

// Both payloads pass through the column codec (cipher.ts), as every other content column does: a
// check-in's payload holds the case reference, and a timer's is sealed too so no new field can leak.
function toTimer(codec: ColumnCodec, r: TimersTable): TimerRecord {
  return {
    id: r.id,
    kind: r.kind as TimerRecord['kind'],
    ref: r.ref,
    dueAt: r.due_at,
    payload: openJson<TimerRecord['payload']>(codec, 'timers.payload', r.payload, r.id),
    createdAt: r.created_at,
  };
}

function toCheckin(codec: ColumnCodec, r: CheckinsTable): CheckinRecord {
  return {
    id: r.id,
    practitionerId: r.practitioner_id,
    status: r.status,
    channel: r.channel,
    data: openJson<CheckinRecord['data']>(codec, 'checkins.payload', r.payload, r.id),
    version: Number(r.version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/**
 * One UPDATE … WHERE id IN (due, unleased) RETURNING *, as for the outbox. The lease only stops two
 * replicas working on one timer at once; "exactly once" comes from the firing commit recording
 * `timer:<id>` as a processed event, so a replica that re-claims after a lease runs out finds it done.
 */
export async function claimTimers(
  db: Kysely<Database>,
  codec: ColumnCodec,
  family: SqlFamily,
  now: string,
  leaseUntil: string,
  limit: number,
): Promise<TimerRecord[]> {
  const due = db
    .selectFrom('timers')
    .select('id')
    .where('done_at', 'is', null)
    .where('due_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
    .orderBy('due_at')
    .orderBy('id')
    .limit(limit);
  const picked = family === 'postgres' ? due.forUpdate().skipLocked() : due;
  const rows = await db
    .updateTable('timers')
    .set({ lease_until: leaseUntil })
    .where('id', 'in', picked)
    .returningAll()
    .execute();
  return rows.map((r) => toTimer(codec, r)).sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
}

export async function listPendingTimers(db: Db, codec: ColumnCodec, ref?: string): Promise<TimerRecord[]> {
  let q = db.selectFrom('timers').selectAll().where('done_at', 'is', null);
  if (ref !== undefined) q = q.where('ref', '=', ref);
  return (await q.orderBy('due_at').execute()).map((r) => toTimer(codec, r));
}

export async function getCheckin(
  db: Db,
  codec: ColumnCodec,
  practitionerId: string,
): Promise<CheckinRecord | undefined> {
  const row = await db
    .selectFrom('checkins')
    .selectAll()
    .where('practitioner_id', '=', practitionerId)
    .orderBy(sql`case when status = 'closed' then 1 else 0 end`) // an open or draft one first, always
    .orderBy('updated_at', 'desc')
    .orderBy('id')
    .executeTakeFirst();
  return row ? toCheckin(codec, row) : undefined;
}

export async function getCheckinById(db: Db, codec: ColumnCodec, id: string): Promise<CheckinRecord | undefined> {
  const row = await db.selectFrom('checkins').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toCheckin(codec, row) : undefined;
}

/** The safety part of a commit, inside its transaction. */
export async function writeSafety(
  trx: Transaction<Database>,
  codec: ColumnCodec,
  commit: TurnCommit,
  now: string,
): Promise<void> {
  for (const c of commit.checkins ?? []) await writeCheckin(trx, codec, c.record, c.expectedVersion);
  if (commit.cancelTimerRefs?.length)
    await trx
      .updateTable('timers')
      .set({ done_at: now })
      .where('ref', 'in', commit.cancelTimerRefs)
      .where('done_at', 'is', null)
      .execute();
  if (commit.timersDone?.length)
    await trx.updateTable('timers').set({ done_at: now }).where('id', 'in', commit.timersDone).execute();
  if (commit.timers?.length)
    await trx
      .insertInto('timers')
      .values(
        commit.timers.map((t) => ({
          id: t.id,
          kind: t.kind,
          ref: t.ref,
          due_at: t.dueAt,
          lease_until: null,
          done_at: null,
          payload: sealJson(codec, 'timers.payload', t.payload),
          created_at: t.createdAt,
        })),
      )
      .execute();
}

async function writeCheckin(
  trx: Transaction<Database>,
  codec: ColumnCodec,
  c: CheckinRecord,
  expectedVersion?: number,
): Promise<void> {
  const values = {
    id: c.id,
    practitioner_id: c.practitionerId,
    status: c.status,
    channel: c.channel,
    payload: sealJson(codec, 'checkins.payload', c.data),
    version: expectedVersion ? expectedVersion + 1 : c.version,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
  if (!expectedVersion) {
    await trx.insertInto('checkins').values(values).execute();
    return;
  }
  const { id, created_at, ...set } = values;
  const res = await trx
    .updateTable('checkins')
    .set(set)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new StoreConflictError(id);
}

/** Retention: closed or abandoned check-ins and fired or cancelled timers older than `before` go. */
export async function purgeSafety(trx: Transaction<Database>, before: string): Promise<void> {
  await trx.deleteFrom('checkins').where('status', '!=', 'open').where('updated_at', '<', before).execute();
  await trx.deleteFrom('timers').where('done_at', 'is not', null).where('done_at', '<', before).execute();
}

/**
 * Erasure by case reference: the case's check-ins (the reference is inside the sealed `payload`, so
 * each is read through the codec) and their timers. A payload that cannot be read is reported, not guessed at.
 */
export async function eraseCaseCheckins(
  trx: Transaction<Database>,
  codec: ColumnCodec,
  caseRefs: string[],
  unreadable: UnreadableValueError[] = [],
): Promise<number> {
  const rows = await trx.selectFrom('checkins').select(['id', 'payload']).execute();
  const forms = new Set(caseRefs.map((c) => c.trim()));
  const ids: string[] = [];
  for (const r of rows) {
    try {
      const data = openJson<{ caseRef?: string }>(codec, 'checkins.payload', r.payload, r.id);
      if (forms.has((data.caseRef ?? '').trim())) ids.push(r.id);
    } catch (err) {
      if (!(err instanceof UnreadableValueError)) throw err;
      unreadable.push(err);
    }
  }
  if (ids.length === 0) return 0;
  await trx.deleteFrom('timers').where('ref', 'in', ids).execute();
  await trx.deleteFrom('checkins').where('id', 'in', ids).execute();
  return ids.length;
}
