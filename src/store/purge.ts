/** Retention: one transaction removing content older than the cut-off. Audit rows hold no content and stay. */
import type { Kysely } from 'kysely';
import type { Database } from './schema';
import { eraseCaseCheckins, purgeSafety } from './safety';

/**
 * Deletes, for everything last touched before `before`: reflections of every status, the thread
 * messages that came from them, thread messages with no live reflection behind them (supervisor
 * replies), inbox messages, processed-event ids, delivered and dead outbox items, and threads left
 * empty. Pending outbox items stay: they are still owed to someone.
 */
export async function purgeBefore(db: Kysely<Database>, before: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const expired = trx.selectFrom('reflections').select('id').where('updated_at', '<', before);
    await trx.deleteFrom('thread_messages').where('reflection_id', 'in', expired).execute();
    const gone = await trx.deleteFrom('reflections').where('updated_at', '<', before).executeTakeFirst();
    await trx
      .deleteFrom('thread_messages')
      .where('created_at', '<', before)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('reflections').select('id').whereRef('reflections.id', '=', 'thread_messages.reflection_id'),
          ),
        ),
      )
      .execute();
    await trx.deleteFrom('inbox').where('created_at', '<', before).execute();
    await purgeSafety(trx, before);
    await trx.deleteFrom('processed_events').where('created_at', '<', before).execute();
    await trx
      .deleteFrom('outbox')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'delivered'), eb('delivered_at', '<', before)]),
          eb.and([eb('status', '=', 'dead'), eb('created_at', '<', before)]),
        ]),
      )
      .execute();
    await trx
      .deleteFrom('threads')
      .where('created_at', '<', before)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(selectFrom('thread_messages').select('id').whereRef('thread_messages.thread_id', '=', 'threads.id')),
        ),
      )
      .execute();
    return Number(gone.numDeletedRows);
  });
}

/**
 * Erasure by case reference (for example after an identifying case reference was typed, or on an
 * information-governance request): the case's reflections, its supervisor threads and every message
 * in them, in one transaction. Posts already made in Slack or Teams are not reached from here.
 */
export async function eraseCase(
  db: Kysely<Database>,
  caseRef: string,
): Promise<{ reflections: number; threads: number; threadMessages: number }> {
  return db.transaction().execute(async (trx) => {
    const reflections = trx.selectFrom('reflections').select('id').where('case_ref', '=', caseRef);
    const threads = trx.selectFrom('threads').select('id').where('case_ref', '=', caseRef);
    const messages = await trx
      .deleteFrom('thread_messages')
      .where((eb) => eb.or([eb('reflection_id', 'in', reflections), eb('thread_id', 'in', threads)]))
      .executeTakeFirst();
    const gone = await trx.deleteFrom('reflections').where('case_ref', '=', caseRef).executeTakeFirst();
    const threadsGone = await trx.deleteFrom('threads').where('case_ref', '=', caseRef).executeTakeFirst();
    await eraseCaseCheckins(trx, caseRef);
    return {
      reflections: Number(gone.numDeletedRows),
      threads: Number(threadsGone.numDeletedRows),
      threadMessages: Number(messages.numDeletedRows),
    };
  });
}
