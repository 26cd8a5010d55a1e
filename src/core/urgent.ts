/**
 * The urgent path (Pan-Bedfordshire §7: if the child may be unsafe now, act without delay). It works
 * the same from any state: signpost and alert first, then (only if missing) ask for the case
 * reference, then let the practitioner choose: a note for the supervisor, carry on, or stop here.
 * The alert carries the flag and the case reference; a note goes only when the practitioner writes
 * one for the supervisor, and then redacted like everything else that leaves their view.
 */
import { contextValue } from './flow';
import { clear } from './gate';
import { PROMPT } from './press';
import { redact, shareableCaseRef } from './redact';
import { normalise } from './text';
import type { Turn } from './turn';

export function urgentPath(turn: Turn, flagId: string, flagTitle: string): void {
  const caseRef = knownCaseRef(turn);
  if (turn.state.alertsSent.includes(flagId)) {
    turn.say('urgentAlreadyAlerted', {}, 'urgent');
  } else {
    const s = turn.state;
    turn.state = {
      ...s,
      alertsSent: [...s.alertsSent, flagId],
      alertsAwaitingCase: caseRef ? s.alertsAwaitingCase : [...(s.alertsAwaitingCase ?? []), { flagId, flagTitle }],
    };
    pushAlert(turn, flagId, flagTitle, caseRef, false);
    turn.audit('alert.urgent');
    turn.say(caseRef ? 'urgentSignpost' : 'urgentSignpostNoCase', {}, 'urgent');
  }
  if (!caseRef) return askCase(turn);
  urgentNext(turn, 'urgentNext');
}

function pushAlert(turn: Turn, flagId: string, flagTitle: string, caseRef: string | undefined, late: boolean): void {
  turn.events.push({
    type: 'alert.urgent',
    reflectionId: turn.state.id,
    supervisorId: turn.state.supervisorId,
    practitionerId: turn.state.practitionerId,
    caseRef: caseRef === undefined ? undefined : clear(shareableCaseRef(caseRef, turn.ctx.caseRefPattern)), // as the summary shows it
    caseKey: caseRef?.trim() || undefined, // the thread key: two withheld references stay two threads
    flagId,
    flagTitle,
    severity: 'urgent',
    caseGivenLate: late || undefined,
  });
}

function knownCaseRef(turn: Turn): string | undefined {
  return contextValue(turn.state, turn.catalog, 'caseRef')?.trim() || undefined;
}

function askCase(turn: Turn): void {
  turn.state = { ...turn.state, pending: { kind: 'urgent-case' } };
  turn.prompt(PROMPT.urgentCase, turn.msg('urgentAskCase'), [{ id: 'unknown', label: turn.msg('choiceUnknown') }]);
}

export function urgentNext(turn: Turn, key: string): void {
  turn.state = { ...turn.state, pending: { kind: 'urgent-next' } };
  turn.prompt(PROMPT.urgentNext, turn.msg(key), [
    { id: 'note', label: turn.msg('choiceUrgentNote') },
    { id: 'continue', label: turn.msg('choiceContinue') },
    { id: 'stop', label: turn.msg('choiceStop') },
  ]);
}

/** Re-shows whichever urgent prompt is waiting (after a stale press, or help). */
export function repromptUrgent(turn: Turn): void {
  if (turn.state.pending?.kind === 'urgent-case') return askCase(turn);
  if (turn.state.pending?.kind === 'urgent-next' && turn.state.pending.awaitingNote)
    return turn.say('urgentNoteInvite');
  urgentNext(turn, 'urgentNext');
}

/** The case reference (or "unknown") after an alert sent without one. */
export function answerUrgentCase(turn: Turn, text: string): void {
  const value = text.trim();
  if (!value || normalise(value) === 'unknown') {
    turn.say('urgentCaseUnknown');
    return urgentNext(turn, 'urgentNext');
  }
  const q = turn.catalog.contextQuestions
    .map((id) => turn.catalog.questions.get(id))
    .find((x) => x?.contextKey === 'caseRef');
  if (q) {
    const answers = { ...turn.state.answers, [q.id]: { note: value, at: turn.ctx.now.toISOString() } };
    turn.state = { ...turn.state, answers, skipped: turn.state.skipped.filter((id) => id !== q.id) };
  }
  for (const a of turn.state.alertsAwaitingCase ?? []) pushAlert(turn, a.flagId, a.flagTitle, value, true);
  turn.state = { ...turn.state, alertsAwaitingCase: undefined };
  turn.say('urgentCaseSent', { caseRef: value });
  urgentNext(turn, 'urgentNext');
}

const NEXT: Record<string, 'note' | 'continue' | 'stop'> = {
  note: 'note',
  'add a note': 'note',
  continue: 'continue',
  'carry on': 'continue',
  'carry on reflecting': 'continue',
  resume: 'continue',
  stop: 'stop',
  'stop here': 'stop',
  pause: 'stop',
};

/**
 * The answer to "note / carry on / stop". Typed text that is none of these is a note, and is kept.
 * Returns 'continue' when the practitioner chose to carry on: the engine then asks what comes next.
 */
export function answerUrgentNext(turn: Turn, text: string, pressed: boolean): 'continue' | undefined {
  const p = turn.state.pending;
  if (p?.kind === 'urgent-next' && p.awaitingNote && !pressed && text.trim()) return keepNote(turn, text);
  const choice = NEXT[normalise(text)] ?? (pressed ? NEXT[text] : undefined);
  if (choice === 'note') {
    turn.state = { ...turn.state, pending: { kind: 'urgent-next', awaitingNote: true } };
    turn.say('urgentNoteInvite');
    return undefined;
  }
  if (choice === 'continue') return 'continue';
  if (choice === 'stop') {
    turn.state = { ...turn.state, status: 'paused', pending: undefined };
    turn.audit('reflection.paused');
    turn.say('urgentStopped');
    return undefined;
  }
  if (!text.trim()) repromptUrgent(turn);
  else keepNote(turn, text);
  return undefined;
}

function keepNote(turn: Turn, text: string): undefined {
  const caseRef = knownCaseRef(turn);
  turn.state = { ...turn.state, urgentNotes: [...(turn.state.urgentNotes ?? []), text] };
  turn.events.push({
    type: 'alert.note',
    reflectionId: turn.state.id,
    supervisorId: turn.state.supervisorId,
    practitionerId: turn.state.practitionerId,
    caseRef: caseRef === undefined ? undefined : shareableCaseRef(caseRef, turn.ctx.caseRefPattern),
    caseKey: caseRef?.trim() || undefined,
    note: redact(text).text,
  });
  turn.audit('alert.note');
  urgentNext(turn, 'urgentNoteSent');
  return undefined;
}
