/**
 * "Reply" under a summary in a case thread: a modal whose text goes to the practitioner who wrote
 * that reflection, through the same supervision service (and redaction gate) as a thread reply.
 * It is how a supervisor answers one of two practitioners who share a case; only the case's
 * supervisor can open or send it.
 */
import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import { SupervisionError } from '../../../app/supervision';
import { LIMITS, plain, truncate } from '../blocks/limits';
import { ACTION, dedupeId, parseThreadValue, REPLY_VIEW, threadButtonValue } from '../ids';
import type { SlackContext } from './context';

const BLOCK = 'reply';

async function ownThread(c: SlackContext, user: string, messageId: string) {
  const sup = c.directory.supervisor(user);
  const message = await c.store.getThreadMessage(messageId);
  const thread = message ? await c.store.getThread(message.threadId) : undefined;
  return sup && thread && thread.supervisorId === sup.id ? { sup, thread } : undefined;
}

export function registerThreadReply(app: App, c: SlackContext): void {
  const w = (key: string) => c.service.text(key);
  app.action<BlockAction<ButtonAction>>(ACTION.reply, async ({ ack, body, action }) => {
    await ack();
    const value = parseThreadValue(action.value);
    if (!value) return;
    if (!(await ownThread(c, body.user.id, value.m))) {
      if (body.channel?.id) await c.api.ephemeral(body.channel.id, body.user.id, w('slackNotYours'));
      return;
    }
    await c.api.openModal(body.trigger_id, {
      type: 'modal',
      callback_id: REPLY_VIEW,
      private_metadata: threadButtonValue(value.m),
      title: plain(truncate(w('slackReplyTitle'), LIMITS.viewTitle), LIMITS.viewTitle),
      submit: plain(w('slackReplySend'), LIMITS.viewTitle),
      close: plain(w('slackEditClose'), LIMITS.viewTitle),
      blocks: [
        {
          type: 'input',
          block_id: BLOCK,
          label: plain(w('slackReplyLabel'), LIMITS.inputLabel),
          element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: LIMITS.plainInput },
        },
      ],
    });
  });

  app.view<ViewSubmitAction>(REPLY_VIEW, async ({ ack, body, view }) => {
    await ack();
    const value = parseThreadValue(view.private_metadata);
    const text = view.state.values[BLOCK]?.value?.value?.trim() ?? '';
    const own = value ? await ownThread(c, body.user.id, value.m) : undefined;
    if (!value || !own || text === '') return;
    try {
      await c.supervision.reply({
        threadId: own.thread.id,
        supervisorId: own.sup.id,
        text,
        messageId: value.m,
        eventId: dedupeId.interaction(body.trigger_id ?? view.id),
      });
    } catch (err) {
      if (!(err instanceof SupervisionError)) throw err;
      c.log.warn({ code: err.code, threadId: own.thread.id }, 'reply to a reflection not relayed');
    }
  });
}
