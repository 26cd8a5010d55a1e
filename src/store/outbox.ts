/** Outbox queries: leasing due items to one worker at a time, and recording the outcome. */
import type { Kysely, Selectable } from 'kysely';
import { StoreError } from './errors';
import type { Database, OutboxTable, SqlFamily } from './schema';

/**
 * One UPDATE … WHERE id IN (due items) RETURNING * (rows; the store decodes them), so picking and leasing are a single atomic step.
 * On Postgres the inner select takes row locks with SKIP LOCKED: a concurrent claimer skips rows another
 * one is leasing instead of waiting for them, then re-checks the lease on any row it does lock.
 * SQLite serialises writers, so the statement alone is enough there.
 */
export async function claimDue(
  db: Kysely<Database>,
  family: SqlFamily,
  now: string,
  leaseUntil: string,
  limit: number,
): Promise<Array<Selectable<OutboxTable>>> {
  if (limit <= 0) return [];
  const due = db
    .selectFrom('outbox')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit);
  const picked = family === 'postgres' ? due.forUpdate().skipLocked() : due;
  return db.updateTable('outbox').set({ lease_until: leaseUntil }).where('id', 'in', picked).returningAll().execute();
}

export async function markDelivered(db: Kysely<Database>, id: string, at: string, externalRef?: string): Promise<void> {
  const res = await db
    .updateTable('outbox')
    .set({
      status: 'delivered',
      delivered_at: at,
      lease_until: null,
      ...(externalRef === undefined ? {} : { external_ref: externalRef }),
    })
    .where('id', '=', id)
    .executeTakeFirst();
  assertFound(Number(res.numUpdatedRows), id);
}

/** `attempts` counts failed attempts, so the worker's backoff grows with each failure. */
export async function markFailed(
  db: Kysely<Database>,
  id: string,
  nextAttemptAt: string,
  errorCode: string,
  dead: boolean,
): Promise<void> {
  const res = await db
    .updateTable('outbox')
    .set((eb) => ({
      status: dead ? 'dead' : 'pending',
      attempts: eb('attempts', '+', 1),
      next_attempt_at: nextAttemptAt,
      last_error: errorCode,
      lease_until: null,
    }))
    .where('id', '=', id)
    .executeTakeFirst();
  assertFound(Number(res.numUpdatedRows), id);
}

/**
 * Gives dead items another full run of attempts (after an administrator fixed the cause, e.g.
 * invited the bot to the supervisor's channel). Deliverers still check for an earlier post first.
 */
export async function requeueDead(db: Kysely<Database>, now: string): Promise<number> {
  const res = await db
    .updateTable('outbox')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now, lease_until: null })
    .where('status', '=', 'dead')
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

function assertFound(updated: number, id: string): void {
  if (updated === 0)
    throw new StoreError(
      'STORE_NOT_FOUND',
      `outbox item ${id} does not exist; mark only items returned by claimOutbox.`,
    );
}
