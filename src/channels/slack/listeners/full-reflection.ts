/**
 * "Full reflection": opens the whole reflection in a modal, for the supervisor under a summary in
 * the case thread and for the practitioner under their preview. Rendered from the same view model
 * as the headline. Only the case's supervisor (or the summary's author) may open a thread copy,
 * and only its practitioner a preview; anyone else gets an ephemeral "not yours".
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { reflectionView, storedView, type SummaryView } from '../../../core/summary-view';
import { fullReflectionModal } from '../blocks/summary';
import { ACTION, parseFullReflectionValue, type FullReflectionRef } from '../ids';
import type { SlackContext } from './context';

async function threadCopy(c: SlackContext, user: string, messageId: string): Promise<SummaryView | undefined> {
  const message = await c.store.getThreadMessage(messageId);
  const thread = message ? await c.store.getThread(message.threadId) : undefined;
  if (!message || !thread) return undefined;
  const mayRead =
    c.directory.supervisor(user)?.id === thread.supervisorId || c.directory.practitioner(user)?.id === message.author;
  return mayRead ? storedView(message.data) : undefined;
}

async function previewCopy(c: SlackContext, user: string, reflectionId: string): Promise<SummaryView | undefined> {
  const practitioner = c.directory.practitioner(user);
  const row = practitioner ? await c.store.getOpenReflection(practitioner.id) : undefined;
  if (!practitioner || !row || row.state.id !== reflectionId) return undefined;
  const ctx = c.service.context(practitioner);
  return reflectionView(row.state, c.service.catalog, ctx, (key, vars) => c.service.text(key, vars));
}

function viewFor(c: SlackContext, user: string, ref: FullReflectionRef): Promise<SummaryView | undefined> {
  return 'm' in ref ? threadCopy(c, user, ref.m) : previewCopy(c, user, ref.r);
}

export function registerFullReflection(app: App, c: SlackContext): void {
  app.action<BlockAction<ButtonAction>>(ACTION.full, async ({ ack, body, action }) => {
    await ack();
    const ref = parseFullReflectionValue(action.value);
    if (!ref) return;
    const view = await viewFor(c, body.user.id, ref);
    const w = (key: string, vars?: Record<string, string | number | undefined>) => c.service.text(key, vars);
    // Opened at once: Slack's trigger_id lasts 3 seconds, and the lookups above are single reads.
    if (view) await c.api.openModal(body.trigger_id, fullReflectionModal(view, w));
    else if (body.channel?.id) await c.api.ephemeral(body.channel.id, body.user.id, c.service.text('slackNotYours'));
  });
}
