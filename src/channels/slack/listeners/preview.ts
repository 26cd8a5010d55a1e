/**
 * The preview's buttons. Share and Don't share go to the engine as the preview's choices (with its
 * token, so an old preview's buttons do nothing). Edit opens the modal at once: Slack's trigger_id
 * lasts 3 seconds, so nothing slow runs before views.open.
 */
import { isCurrentPress, PROMPT } from '../../../core/press';
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { editForm } from '../../../core/edit-form';
import type { ReflectionState } from '../../../core/types';
import { editModal, type EditItem } from '../blocks/edit-modal';
import { ACTION, dedupeId, editMetadata, parsePreviewValue, PREVIEW_ACTION } from '../ids';
import { refuseUnknown, runTurn, type SlackContext } from './context';

const CHOICE: Record<string, string> = {
  [ACTION.share]: 'share',
  [ACTION.discard]: 'discard',
  [ACTION.edit]: 'edit',
  [ACTION.deeper]: 'deeper',
};

export function editItems(c: SlackContext, state: ReflectionState): EditItem[] {
  return editForm(state, c.service.catalog, c.service.contacts);
}

/** Opens the Edit modal when the click is on the current preview; false sends it to the engine instead. */
async function openEdit(
  c: SlackContext,
  practitionerId: string,
  token: string | undefined,
  triggerId: string,
): Promise<boolean> {
  const row = await c.store.getOpenReflection(practitionerId);
  const state = row?.state;
  const current = isCurrentPress(state?.asked, { questionId: PROMPT.preview, token }); // the core's one rule
  if (!state || !current || state.status !== 'preview' || state.pending) return false;
  const w = (key: string, vars?: Record<string, string | number | undefined>) => c.service.text(key, vars);
  await c.api.openModal(triggerId, editModal(editItems(c, state), editMetadata(state.id, token), w));
  return true;
}

export function registerPreview(app: App, c: SlackContext): void {
  app.action<BlockAction<ButtonAction>>(PREVIEW_ACTION, async ({ ack, body, action }) => {
    await ack();
    const value = parsePreviewValue(action.value);
    const choice = CHOICE[action.action_id];
    if (!value || !choice) return;
    const id = dedupeId.interaction(body.trigger_id);
    const slackUser = body.user.id;
    const practitioner = c.directory.practitioner(slackUser);
    if (!practitioner) return refuseUnknown(c, slackUser, body.channel?.id, id);
    if (choice === 'edit' && (await openEdit(c, practitioner.id, value.t, body.trigger_id))) return;
    // Share, Don't share, or an Edit click on a preview that is no longer current (the engine says so).
    const input = { type: 'choice' as const, value: choice, questionId: 'preview', token: value.t };
    await runTurn(
      c,
      { practitionerId: practitioner.id, slackUser, channel: body.channel?.id },
      input,
      id,
      `preview-${choice}`,
    );
  });
}
