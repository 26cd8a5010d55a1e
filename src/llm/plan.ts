/**
 * Which assistance a committed turn calls for. Decided from the turn alone (cheap, synchronous,
 * no I/O), and decided again against the stored state when the job runs, since the practitioner
 * may have moved on in between.
 */
import { assistOf, currentNarrative } from '../core/assist-state';
import type { Catalog, Question } from '../core/catalog';
import { parseCommand } from '../core/commands';
import type { ReflectionState } from '../core/types';
import type { CommittedTurn } from '../app/service';

export type Job =
  | { kind: 'triage'; text: string } // the opening message is not stored, so the job carries it
  | { kind: 'follow-up'; questionId: string }
  | { kind: 'polish' };

// A greeting ("hi", "start") is not something to triage; a sentence about the visit is.
const MIN_TRIAGE_WORDS = 4;

export function planJobs(turn: CommittedTurn, catalog: Catalog): Job[] {
  const jobs: Job[] = [];
  const triage = triageText(turn);
  if (triage) jobs.push({ kind: 'triage', text: triage });
  const followUp = followUpQuestion(turn, catalog);
  if (followUp) jobs.push({ kind: 'follow-up', questionId: followUp });
  if (turn.replies.some((r) => r.kind === 'preview') && polishWanted(turn.state, catalog))
    jobs.push({ kind: 'polish' });
  return jobs;
}

/** The message that started a reflection, when it says something about the visit. */
function triageText(turn: CommittedTurn): string | undefined {
  // The opening message's own reading (a one-tap confirmation) may be pending; the model's
  // suggestion is offered beside it, and applies only to a question still unanswered.
  const pending = turn.state.pending && turn.state.pending.kind !== 'opening-confirm';
  if (turn.before || turn.input.type !== 'text' || turn.state.status !== 'active' || pending) return undefined;
  const text = turn.input.text.trim();
  if (parseCommand(text, false) || text.split(/\s+/).length < MIN_TRIAGE_WORDS) return undefined;
  return text;
}

/**
 * Can the model ask about this question: a prompt-set question that cites guidance and invites a
 * note beside an answer? Only those stay current after a note (until an answer is picked), so the
 * practitioner's next typed message can answer the follow-up without being taken from the flow.
 */
export function followUpEligible(catalog: Catalog, questionId: string): Question | undefined {
  const q = catalog.questions.get(questionId);
  if (!q?.source || catalog.contextQuestions.includes(q.id)) return undefined;
  return q.note && q.kind !== 'text' ? q : undefined;
}

/** The question whose note this turn added to, if a model follow-up on it is still possible. */
function followUpQuestion(turn: CommittedTurn, catalog: Catalog): string | undefined {
  const { before, state } = turn;
  if (!before || turn.input.type !== 'text' || state.status !== 'active' || state.pending) return undefined;
  const changed = Object.keys(state.answers).filter(
    (id) => state.answers[id]?.note && state.answers[id]?.note !== before.answers[id]?.note,
  );
  const id = changed.length === 1 ? changed[0] : undefined;
  if (!id || !followUpEligible(catalog, id)) return undefined;
  if (before.llm?.followUpOpen === id) return undefined; // this text was the answer to a follow-up
  if (state.labelChecked.includes(id) && !before.labelChecked.includes(id)) return undefined; // the guidance already asked
  const llm = assistOf(state);
  return llm.followUpsAsked.includes(id) || llm.followUpOpen ? undefined : id;
}

/** A narrative is offered on the preview unless one matching the answers exists or the practitioner declined. */
export function polishWanted(state: ReflectionState, catalog: Catalog): boolean {
  if (state.status !== 'preview' || currentNarrative(state) || state.llm?.narrativeApproved === false) return false;
  return state.queue.some(
    (id) => state.answers[id] && catalog.questions.has(id) && !catalog.contextQuestions.includes(id),
  );
}
