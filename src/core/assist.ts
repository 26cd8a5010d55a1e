/**
 * The engine's side of optional model assistance: what the practitioner's presses on assistance
 * messages do, and where an answer to a model follow-up goes. Pure, like the rest of the core.
 *
 * Nothing a model produces is applied here without a press: a triage suggestion becomes an answer
 * only through "Use this", a narrative joins the summary only through "Use this narrative". Flags
 * and escalation never look at any of it (src/core/flags.ts derives them from answers alone).
 */
import { askCurrent, matchChoice } from './answer';
import { ASSIST_PREFIX, assistValue, currentNarrative, patchAssist } from './assist-state';
import { parseCommand } from './commands';
import { showPreview } from './preview';
import type { Turn } from './turn';
import type { EngineInput } from './types';

/** Handles assistance presses and follow-up answers. Returns false when the input is for the normal flow. */
export function handleAssist(turn: Turn, input: EngineInput): boolean {
  if (input.type === 'choice' && input.value.startsWith(ASSIST_PREFIX)) {
    // Assistance messages arrive outside a turn, so their token is the reflection's id: a press from
    // another reflection (or without a token) changes nothing. Within it, each press checks its own currency.
    if (input.token !== turn.state.id) turn.say('lateClick');
    else press(turn, input.value);
    return true;
  }
  const open = turn.state.llm?.followUpOpen;
  if (!open) return false;
  if (input.type === 'text' && isFollowUpAnswer(turn, open, input.text)) {
    answerFollowUp(turn, open, input.text);
    return true;
  }
  // Anything else (a button, a command, an answer) is for the flow, as it would be without
  // assistance; the follow-up is left unanswered. Typed "skip" keeps its usual meaning too.
  turn.state = patchAssist(turn.state, { followUpOpen: undefined });
  return false;
}

/**
 * Typed text answers an open follow-up only while its question is still the current one (the
 * practitioner wrote a note and has not picked an answer yet), and unless it is a command or one
 * of that question's answers. Otherwise it belongs to the flow, exactly as without assistance.
 */
function isFollowUpAnswer(turn: Turn, questionId: string, text: string): boolean {
  const q = turn.current();
  if (turn.state.status !== 'active' || turn.state.pending || q?.id !== questionId || !text.trim()) return false;
  return !parseCommand(text, false) && !matchChoice(q, text);
}

function press(turn: Turn, value: string): void {
  const [, kind, ...rest] = value.split(':');
  if (value === assistValue.dismiss) return turn.say('assistDismissed');
  if (value === assistValue.skipFollowUp) {
    turn.state = patchAssist(turn.state, { followUpOpen: undefined });
    return turn.say('assistFollowUpSkipped');
  }
  if (value === assistValue.useNarrative) return useNarrative(turn);
  if (value === assistValue.keepSummary) return keepSummary(turn);
  if (kind === 'triage' && rest.length === 2) return acceptTriage(turn, rest[0] ?? '', rest[1] ?? '');
  turn.say('notUnderstood');
}

/**
 * "Use this" on a triage suggestion: answers its context question now if that question is current,
 * otherwise remembers it for when the question comes up (src/core/answer.ts applies it there).
 */
function acceptTriage(turn: Turn, questionId: string, choice: string): void {
  const s = turn.state;
  const q = turn.catalog.contextQuestions.includes(questionId) ? turn.catalog.questions.get(questionId) : undefined;
  const at = s.queue.indexOf(questionId);
  const valid =
    q?.choices.some((c) => c.id === choice) && s.status === 'active' && !s.answers[questionId] && at >= s.position;
  if (!q || !valid) return tooLate(turn);
  turn.state = patchAssist(s, { triage: { questionId, choice } });
  if (s.pending) return turn.say('assistTriageNoted');
  if (at > s.position) turn.say('assistTriageNoted');
  askCurrent(turn);
}

function useNarrative(turn: Turn): void {
  if (turn.state.status !== 'preview' || !currentNarrative(turn.state)) return tooLate(turn);
  turn.state = patchAssist(turn.state, { narrativeApproved: true });
  turn.audit('narrative.approved');
  turn.say('assistNarrativeApproved');
  showPreview(turn);
}

function keepSummary(turn: Turn): void {
  if (turn.state.status !== 'preview') return tooLate(turn);
  const wasApproved = turn.state.llm?.narrativeApproved === true;
  turn.state = patchAssist(turn.state, { narrativeApproved: false });
  turn.say('assistNarrativeKept');
  if (wasApproved) showPreview(turn); // the preview on screen showed the narrative; show the one that will be shared
}

function tooLate(turn: Turn): void {
  turn.say('assistTooLate');
  if (turn.state.pending) return;
  if (turn.state.status === 'preview') return showPreview(turn);
  if (turn.state.status === 'active') askCurrent(turn);
}

/** The answer to a model follow-up joins that question's note, marked as a follow-up answer. */
function answerFollowUp(turn: Turn, questionId: string, text: string): void {
  const before = turn.state.answers[questionId];
  turn.state = patchAssist(turn.state, { followUpOpen: undefined });
  if (!before) return tooLate(turn);
  const note = `${before.note ?? ''}\n${turn.msg('assistFollowUpMark')} ${text.trim()}`.trim();
  turn.state = {
    ...turn.state,
    answers: { ...turn.state.answers, [questionId]: { ...before, note, at: turn.ctx.now.toISOString() } },
  };
  turn.say('assistFollowUpSaved', { n: turn.state.queue.indexOf(questionId) + 1 });
}
