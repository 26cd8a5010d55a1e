/** The end of a reflection: the preview, and what Share, Edit and Don't share do. */
import { contextValue } from './flow';
import { identifierLabel } from './redact';
import { buildSummary } from './summary';
import { detailsText, headlineText } from './summary-text';
import { buildSummaryView } from './summary-view';
import type { Turn } from './turn';

/** The view the supervisor will read, worded as the practitioner's own turn words it. */
function viewOf(turn: Turn) {
  const summary = buildSummary(turn.state, turn.catalog, turn.ctx);
  return { summary, view: buildSummaryView(summary, (key, vars) => turn.msg(key, vars)) };
}

export function showPreview(turn: Turn): void {
  turn.state = {
    ...turn.state,
    status: 'preview',
    pending: undefined,
    asked: { questionId: 'preview', token: turn.ctx.newId() },
  };
  const { summary, view } = viewOf(turn);
  const redactions = summary.redactions
    .map((r) => `${r.count} ${identifierLabel(r.kind)}${r.count > 1 ? 's' : ''}`)
    .join(', ');
  turn.say('previewIntro');
  turn.replies.push({
    kind: 'preview',
    // Exactly what the supervisor will read: the same view model, rendered by the same renderers.
    text: `${headlineText(view)}\n\n${redactions ? turn.msg('previewRedactions', { redactions }) : turn.msg('previewNoRedactions')}`,
    details: detailsText(view),
    view,
    summary,
    choices: [
      { id: 'share', label: turn.msg('choiceShare') },
      { id: 'edit', label: turn.msg('choiceEdit') },
      { id: 'deeper', label: turn.msg('choiceDeeper') },
      { id: 'discard', label: turn.msg('choiceDiscard') },
    ],
    meta: { questionId: 'preview', token: turn.state.asked?.token },
  });
}

export function share(turn: Turn): void {
  const summary = buildSummary(turn.state, turn.catalog, turn.ctx);
  turn.state = { ...turn.state, status: 'shared', pending: undefined, asked: undefined };
  turn.events.push({
    type: 'summary.shared',
    reflectionId: turn.state.id,
    supervisorId: turn.state.supervisorId,
    practitionerId: turn.state.practitionerId,
    caseRef: summary.caseRef,
    caseKey: contextValue(turn.state, turn.catalog, 'caseRef')?.trim() || undefined, // the thread key, never shown
    summary,
  });
  turn.audit('reflection.shared');
  turn.say('shared', { caseRef: summary.caseRef });
  turn.say('done');
}

export function discard(turn: Turn): void {
  turn.state = { ...turn.state, status: 'private', pending: undefined, asked: undefined };
  turn.audit('reflection.kept-private');
  turn.say('discarded');
}

export function startEdit(turn: Turn): void {
  const total = buildSummary(turn.state, turn.catalog, turn.ctx).answers.length;
  turn.state = { ...turn.state, pending: { kind: 'edit-pick' } };
  turn.say('editPick', { total });
}

/** "3" picks the third numbered answer in the preview and asks that question again. */
export function pickForEdit(turn: Turn, text: string): void {
  const answers = buildSummary(turn.state, turn.catalog, turn.ctx).answers;
  const n = Number.parseInt(text.trim(), 10);
  const picked = Number.isInteger(n) ? answers[n - 1] : undefined;
  const q = picked ? turn.catalog.questions.get(picked.questionId) : undefined;
  if (!picked || !q) {
    turn.say('editBadNumber', { total: answers.length });
    return;
  }
  turn.state = { ...turn.state, pending: { kind: 'edit-question', questionId: q.id } };
  turn.ask(q, false);
}
