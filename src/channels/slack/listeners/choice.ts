/**
 * An answer button. The value carries the question id and the token it was asked with, so the
 * engine can tell a late second click (or a click on an old message) from a real answer: a late one
 * changes nothing, and the engine's reply says so politely and shows the current question.
 */
import type { App, BlockAction, ButtonAction, CheckboxesAction } from '@slack/bolt';
import { ACTION, CHECKLIST_BLOCK, CHOICE_ACTION, dedupeId, parseChoiceValue } from '../ids';
import { refuseUnknown, runTurn, type SlackContext } from './context';

/** The ticked items under a checklist's block in the message state, comma-joined ("" when none). */
function tickedIn(body: BlockAction): string {
  const block = body.state?.values?.[CHECKLIST_BLOCK]?.[ACTION.tick] as
    | { selected_options?: Array<{ value?: string }> }
    | undefined;
  return (block?.selected_options ?? [])
    .map((o) => o.value ?? '')
    .filter((v) => /^[a-z0-9][a-z0-9-]*$/.test(v))
    .join(',');
}

export function registerChoice(app: App, c: SlackContext): void {
  // A tick is acknowledged and nothing else: the answer is what is ticked when Done is pressed.
  app.action<BlockAction<CheckboxesAction>>(ACTION.tick, async ({ ack }) => {
    await ack();
  });
  app.action<BlockAction<ButtonAction>>(CHOICE_ACTION, async ({ ack, body, action }) => {
    await ack();
    await answer(c, body, action.value);
  });
  app.action<BlockAction<ButtonAction>>(ACTION.done, async ({ ack, body, action }) => {
    await ack();
    await answer(c, body, action.value, tickedIn(body));
  });
}

async function answer(c: SlackContext, body: BlockAction, raw: string | undefined, ticked?: string): Promise<void> {
  {
    const value = parseChoiceValue(raw);
    if (!value) return;
    if (ticked !== undefined) value.c = ticked;
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
  }
}
