/**
 * Retention and erasure: each one transaction. Audit rows hold no content and stay. On SQLite the
 * adapter runs with secure_delete on and truncates the WAL afterwards (KyselyStore.scrub), so what
 * was deleted is gone from the file's bytes too.
 */
import type { Kysely } from 'kysely';
import { type ColumnCodec, type SealedColumn, UnreadableValueError } from './cipher';
import type { EraseCounts } from './port';
import { openText } from './rows';
import type { Database } from './schema';
import { eraseCaseCheckins, purgeSafety } from './safety';

/** Channel state that must outlive retention: Teams conversation references, which hold ids only. */
const DURABLE_CHANNEL_STATE = 'teams:ref:';

/**
 * Deletes, for everything last touched before `before`: reflections of every status, the thread
 * messages that came from them, thread messages with no live reflection behind them (supervisor
 * replies), inbox messages, processed-event ids, delivered and dead outbox items, channel state
 * (except conversation references) and threads left empty. Pending outbox items stay: they are
 * still owed to someone.
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
      .deleteFrom('channel_state')
      .where('updated_at', '<', before)
      .where('key', 'not like', `${DURABLE_CHANNEL_STATE}%`)
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

// A placeholder such as [PERSON_1] is not specific to one case, so such a form never matches content.
const PLACEHOLDER = /\[[A-Z]+_\d+\]/;

/** Matches a case reference or an id only as a whole token: CR-1 must not match CR-12. */
function matcher(caseRefs: string[], ids: string[]): (text: string) => boolean {
  const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const forms = caseRefs.filter((c) => !PLACEHOLDER.test(c)).flatMap((c) => [c, JSON.stringify(c).slice(1, -1)]);
  const needles = [...new Set([...forms, ...ids])].filter((n) => n.length > 0);
  if (needles.length === 0) return () => false;
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_-])(?:${needles.map(literal).join('|')})(?![\\p{L}\\p{N}_-])`, 'u');
  return (text) => pattern.test(text);
}

async function ids(query: Promise<Array<{ id: string | null }>>): Promise<string[]> {
  return (await query).flatMap((r) => (r.id === null ? [] : [r.id]));
}

/** The ids of the rows of one content table whose readable value (or key) mentions the case. */
function scan(
  codec: ColumnCodec,
  rows: Array<{ id: string; value: string; key?: string }>,
  column: SealedColumn,
  matches: (text: string) => boolean,
  unreadable: UnreadableValueError[],
): string[] {
  const hit: string[] = [];
  for (const row of rows) {
    try {
      if (matches(`${row.key ?? ''}\n${openText(codec, column, row.value, row.id)}`)) hit.push(row.id);
    } catch (err) {
      if (!(err instanceof UnreadableValueError)) throw err;
      unreadable.push(err);
    }
  }
  return hit;
}

const count = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows);

/**
 * Erasure of a case (for example after an identifying case reference was typed, or on an
 * information-governance request). `caseRefs` are the forms to match: the raw reference and its
 * redacted form. Threads are keyed on the raw one (a withheld form is shared by many cases, so it
 * matches no thread by itself); the redacted form still reaches content that quotes it. Removes the case's reflections; its
 * threads (by reference, and any thread holding a message from one of those reflections) with every
 * message; inbox, outbox and processed-event rows written for them; and any inbox, outbox or channel
 * state row whose content names the reference or one of those ids. Posts already made in Slack or
 * Teams are not reached from here.
 */
export async function eraseCase(db: Kysely<Database>, codec: ColumnCodec, caseRefs: string[]): Promise<EraseCounts> {
  const forms = [...new Set([...caseRefs, ...caseRefs.map((c) => c.trim())].filter((c) => c.trim().length > 0))];
  if (forms.length === 0) return emptyCounts();
  const lookups = forms.map((c) => codec.lookup(c));
  return db.transaction().execute(async (trx) => {
    const r = await ids(trx.selectFrom('reflections').select('id').where('case_ref', 'in', lookups).execute());
    const byRef = await ids(trx.selectFrom('threads').select('id').where('case_ref', 'in', lookups).execute());
    const byReflection =
      r.length === 0
        ? []
        : await ids(
            trx.selectFrom('thread_messages').select('thread_id as id').where('reflection_id', 'in', r).execute(),
          );
    const t = [...new Set([...byRef, ...byReflection])];
    const m =
      r.length + t.length === 0
        ? []
        : await ids(
            trx
              .selectFrom('thread_messages')
              .select('id')
              .where((eb) =>
                eb.or([
                  ...(r.length ? [eb('reflection_id', 'in', r)] : []),
                  ...(t.length ? [eb('thread_id', 'in', t)] : []),
                ]),
              )
              .execute(),
          );
    // `in ('')` matches nothing, and keeps one query shape whether or not either list is empty.
    const rIn = r.length ? r : [''];
    const tIn = t.length ? t : [''];
    const unreadable: UnreadableValueError[] = [];
    const outboxRows = await trx.selectFrom('outbox').select(['id', 'payload_json as value']).execute();
    const taggedOutbox = await ids(
      trx
        .selectFrom('outbox')
        .select('id')
        .where((eb) => eb.or([eb('reflection_id', 'in', rIn), eb('thread_id', 'in', tIn)]))
        .execute(),
    );
    const matches = matcher(forms, [...r, ...t, ...m]);
    const outboxHits = scan(codec, outboxRows, 'outbox.payload_json', matches, unreadable);
    const outboxIds = [...new Set([...taggedOutbox, ...outboxHits])];
    // Channel state can name an outbox item (a delivery record), so its matcher knows those ids too.
    const stateMatches = matcher(forms, [...r, ...t, ...m, ...outboxIds]);
    const stateRows = await trx
      .selectFrom('channel_state')
      .select(['key as id', 'key', 'value_json as value'])
      .execute();
    const stateHits = scan(codec, stateRows, 'channel_state.value_json', stateMatches, unreadable);
    const inboxRows = await trx.selectFrom('inbox').select(['id', 'reply_json as value']).execute();
    const inboxHits = scan(codec, inboxRows, 'inbox.reply_json', matches, unreadable);

    const inboxTagged = count(
      await trx
        .deleteFrom('inbox')
        .where((eb) => eb.or([eb('reflection_id', 'in', rIn), eb('thread_id', 'in', tIn)]))
        .executeTakeFirst(),
    );
    const inboxScanned = inboxHits.length
      ? count(await trx.deleteFrom('inbox').where('id', 'in', inboxHits).executeTakeFirst())
      : 0;
    const outbox = outboxIds.length
      ? count(await trx.deleteFrom('outbox').where('id', 'in', outboxIds).executeTakeFirst())
      : 0;
    const channelState = stateHits.length
      ? count(await trx.deleteFrom('channel_state').where('key', 'in', stateHits).executeTakeFirst())
      : 0;
    const processedEvents = count(
      await trx
        .deleteFrom('processed_events')
        .where((eb) => eb.or([eb('reflection_id', 'in', rIn), eb('thread_id', 'in', tIn)]))
        .executeTakeFirst(),
    );
    const threadMessages = m.length
      ? count(await trx.deleteFrom('thread_messages').where('id', 'in', m).executeTakeFirst())
      : 0;
    const reflections = r.length
      ? count(await trx.deleteFrom('reflections').where('id', 'in', r).executeTakeFirst())
      : 0;
    const threads = t.length ? count(await trx.deleteFrom('threads').where('id', 'in', t).executeTakeFirst()) : 0;
    await eraseCaseCheckins(trx, codec, forms, unreadable); // the reference sits inside a check-in's sealed payload
    return {
      reflections,
      threads,
      threadMessages,
      inbox: inboxTagged + inboxScanned,
      outbox,
      channelState,
      processedEvents,
      unreadable,
    };
  });
}

function emptyCounts(): EraseCounts {
  return {
    reflections: 0,
    threads: 0,
    threadMessages: 0,
    inbox: 0,
    outbox: 0,
    channelState: 0,
    processedEvents: 0,
    unreadable: [],
  };
}
