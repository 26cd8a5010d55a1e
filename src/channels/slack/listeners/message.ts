/**
 * Messages. In a DM from a practitioner: free text for the current question (or a command word).
 * In a supervisor's case thread (their channel, or their DM with Reflect): a reply relayed to the
 * practitioner. Bot messages, edits, deletions and other subtypes are ignored, and so is anyone
 * else writing in a thread. Slack's retries carry the same event_id, which the store de-duplicates.
 */
import type { App } from '@slack/bolt';
import { SupervisionError } from '../../../app/supervision';
import type { Supervisor } from '../../../config/org';
import { dedupeId } from '../ids';
import { refuseUnknown, runTurn, tellOnce, unescapeSlack, type SlackContext } from './context';

interface Incoming {
  user: string;
  channel: string;
  channelType: string;
  ts: string;
  threadTs?: string;
  text: string;
}

/** Only plain messages (and "also send to channel" thread replies) from people. */
function incoming(event: Record<string, unknown>): Incoming | undefined {
  const subtype = event.subtype;
  if (
    (subtype !== undefined && subtype !== 'thread_broadcast') ||
    event.bot_id !== undefined ||
    event.edited !== undefined
  )
    return undefined;
  const { user, channel, channel_type: channelType, ts, thread_ts: threadTs, text } = event;
  if (typeof user !== 'string' || typeof channel !== 'string' || typeof ts !== 'string' || typeof text !== 'string')
    return undefined;
  if (text.trim() === '') return undefined;
  return {
    user,
    channel,
    channelType: typeof channelType === 'string' ? channelType : '',
    ts,
    threadTs: typeof threadTs === 'string' && threadTs !== ts ? threadTs : undefined,
    text: unescapeSlack(text),
  };
}

/** True when the message belonged to a case thread (relayed, or ignored as not this supervisor's). */
async function supervisorReply(c: SlackContext, sup: Supervisor, m: Incoming, eventId: string): Promise<boolean> {
  const thread = await c.store.findThreadByExternalRef('slack', `${m.channel}:${m.threadTs}`);
  if (!thread) return false;
  if (!c.service.directory.mayActOn(sup.id, thread)) return true;
  await c.work.run(`thread:${thread.id}`, 'thread-reply', async () => {
    try {
      await c.supervision.reply({
        threadId: thread.id,
        supervisorId: sup.id,
        text: m.text,
        eventId,
        externalRef: `${m.channel}:${m.ts}`,
      });
    } catch (err) {
      if (!(err instanceof SupervisionError)) throw err;
      c.log.warn({ code: err.code, threadId: thread.id }, 'thread reply not relayed');
      // Two practitioners on this case: relaying to either could reach the wrong one, so say so instead.
      if (err.code === 'REPLY_AMBIGUOUS') await c.api.ephemeral(m.channel, m.user, err.detail);
    }
  });
  return true;
}

export function registerMessages(app: App, c: SlackContext): void {
  app.event('message', async ({ event, body }) => {
    const m = incoming({ ...event });
    if (!m) return;
    const eventId = dedupeId.event(body.event_id);
    const sup = c.directory.supervisor(m.user);
    if (sup && m.threadTs && (await supervisorReply(c, sup, m, eventId))) return;
    if (m.channelType !== 'im') return; // channel chatter that is not a case-thread reply
    const practitioner = c.directory.practitioner(m.user);
    if (practitioner) {
      c.api.rememberDm(m.user, m.channel);
      return runTurn(
        c,
        { practitionerId: practitioner.id, slackUser: m.user, channel: m.channel },
        { type: 'text', text: m.text },
        eventId,
        'message',
      );
    }
    if (sup) return tellOnce(c, m.user, m.channel, eventId, c.service.text('slackSupervisorHint'));
    return refuseUnknown(c, m.user, m.channel, eventId);
  });
}
