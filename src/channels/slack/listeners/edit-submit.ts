/** The Edit modal's submission: every changed answer and note, applied in one engine turn. */
import type { App, ViewSubmitAction } from '@slack/bolt';
import { editChanges } from '../../../core/edit-form';
import { readEdits } from '../blocks/edit-modal';
import { dedupeId, EDIT_VIEW, parseEditMetadata } from '../ids';
import { runTurn, tellOnce, type SlackContext } from './context';
import { editItems } from './preview';

export function registerEditSubmit(app: App, c: SlackContext): void {
  app.view<ViewSubmitAction>(EDIT_VIEW, async ({ ack, body, view }) => {
    await ack(); // closes the modal; the updated preview arrives in the DM
    const meta = parseEditMetadata(view.private_metadata);
    const practitioner = c.directory.practitioner(body.user.id);
    if (!meta || !practitioner) return;
    const id = dedupeId.interaction(body.trigger_id);
    const open = await c.store.getOpenReflection(practitioner.id);
    // A form left open while a newer reflection started must not edit that one.
    if (!open || open.state.id !== meta.r) return tellOnce(c, body.user.id, undefined, id, c.service.text('lateClick'));
    // Only what changed, judged by the same edit-form model as Teams.
    const changes = editChanges(readEdits(view.state.values), editItems(c, open.state));
    await runTurn(
      c,
      { practitionerId: practitioner.id, slackUser: body.user.id },
      { type: 'edit', changes },
      id,
      'edit',
    );
  });
}
