/**
 * An answer button. The value carries the question id and the token it was asked with, so the
 * engine can tell a late second click (or a click on an old message) from a real answer: a late one
 * changes nothing, and the engine's reply says so politely and shows the current question.
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { CHOICE_ACTION, dedupeId, parseChoiceValue } from '../ids';
import { refuseUnknown, runTurn, type SlackContext } from './context';

export function registerChoice(app: App, c: SlackContext): void {
  app.action<BlockAction<ButtonAction>>(CHOICE_ACTION, async ({ ack, body, action }) => {
    await ack();
    const value = parseChoiceValue(action.value);
    if (!value) return;
    const id = dedupeId.interaction(body.trigger_id);
    const practitioner = c.directory.practitioner(body.user.id);
    if (!practitioner) return refuseUnknown(c, body.user.id, body.channel?.id, id);
    const input = { type: 'choice' as const, value: value.c, questionId: value.q, token: value.t };
    await runTurn(
      c,
      { practitionerId: practitioner.id, slackUser: body.user.id, channel: body.channel?.id },
      input,
      id,
      'choice',
    );
  });
}
