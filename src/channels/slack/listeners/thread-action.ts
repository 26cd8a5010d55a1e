/**
 * "Picked up" and "Add to agenda" on a summary or alert in a case thread. Only the practitioner's
 * mapped supervisor can act; anyone else who can see the channel gets an ephemeral "not yours".
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { SupervisionError, type ThreadAction } from '../../../app/supervision';
import { threadReply } from '../blocks/thread';
import { dedupeId, parseThreadValue, THREAD_ACTION, ACTION } from '../ids';
import type { SlackContext } from './context';

async function notYours(c: SlackContext, channel: string | undefined, user: string): Promise<void> {
  if (channel) await c.api.ephemeral(channel, user, c.service.text('slackNotYours'));
}

/** Shows the new state on the clicked message at once; the parent's counts follow through the outbox. */
async function refreshClicked(
  c: SlackContext,
  messageId: string,
  channel: string | undefined,
  ts: string | undefined,
): Promise<void> {
  const message = await c.store.getThreadMessage(messageId);
  if (!message || !channel || !ts) return;
  const thread = await c.store.getThread(message.threadId);
  const w = (key: string, vars?: Record<string, string | number | undefined>) => c.service.text(key, vars);
  const msg = threadReply(message, c.directory.personName(thread?.supervisorId ?? ''), w);
  await c.api.update(channel, ts, msg.text, msg.blocks);
}

export function registerThreadActions(app: App, c: SlackContext): void {
  app.action<BlockAction<ButtonAction>>(THREAD_ACTION, async ({ ack, body, action }) => {
    await ack();
    const value = parseThreadValue(action.value);
    if (!value) return;
    const user = body.user.id;
    const channel = body.channel?.id;
    const what: ThreadAction = action.action_id === ACTION.agenda ? 'agenda' : 'acknowledge';
    await c.work.run(`thread-action:${value.m}`, 'thread-action', async () => {
      const sup = c.directory.supervisor(user);
      const message = await c.store.getThreadMessage(value.m);
      const thread = message ? await c.store.getThread(message.threadId) : undefined;
      if (!sup || !thread || !c.service.directory.mayActOn(sup.id, thread)) return notYours(c, channel, user);
      try {
        await c.supervision.act({
          threadId: thread.id,
          supervisorId: sup.id,
          action: what,
          messageId: value.m,
          eventId: dedupeId.interaction(body.trigger_id),
        });
      } catch (err) {
        if (err instanceof SupervisionError) return notYours(c, channel, user);
        throw err;
      }
      await refreshClicked(c, value.m, channel, body.message?.ts);
    });
  });
}
