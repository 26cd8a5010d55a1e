/**
 * The opening message is read, not thrown away: a case reference in it, and the kind of contact or
 * engagement it describes ("no answer again", "he was shouting", "they refused"), are offered back
 * for one tap to confirm rather than asked from scratch.
 */
import type { Question } from './catalog';
import { askCurrent, skipTaken } from './answer';
import { PROMPT } from './press';
import { caseRefConcerns } from './redact';
import { normalise } from './text';
import type { Turn } from './turn';
import type { EngineInput } from './types';

// "case 4471", "ref: AB-12345", "file no. 2024/118"; or a bare reference with four or more digits.
const LABELLED = /\b(?:case|ref|reference|file)\s*(?:no\.?|number|ref|#|:)?\s*:?\s*([A-Za-z]{0,4}[-/]?\d[\w/-]{2,})/i;
const BARE = /\b([A-Za-z]{0,4}-?\d{4,}(?:[-/]\d+)?)\b/;

export function findCaseRef(text: string): string | undefined {
  const m = LABELLED.exec(text) ?? BARE.exec(text);
  const ref = m?.[1]?.replace(/[.,;:]+$/, '');
  return ref && caseRefConcerns(ref).length === 0 ? ref : undefined;
}

function cueMatch(q: Question, text: string): string | undefined {
  const t = ` ${normalise(text)} `;
  for (const [choice, cues] of Object.entries(q.cues ?? {})) {
    if (cues.some((cue) => t.includes(` ${normalise(cue)} `))) return choice;
  }
  return undefined;
}

/** Returns true when the opening message said something to confirm, and the confirmation was asked. */
export function readOpening(turn: Turn, text: string): boolean {
  const found: Record<string, string> = {};
  for (const id of turn.catalog.contextQuestions) {
    const q = turn.catalog.questions.get(id);
    if (!q) continue;
    const value = q.contextKey === 'caseRef' ? findCaseRef(text) : cueMatch(q, text);
    if (value && (q.contextKey === 'caseRef' || q.choices.some((c) => c.id === value))) found[id] = value;
  }
  if (Object.keys(found).length === 0) return false;
  turn.state = { ...turn.state, pending: { kind: 'opening-confirm', answers: found } };
  askOpening(turn, found);
  return true;
}

/** The one-tap confirmation; a prompt like any other, so its buttons carry the token being asked now. */
export function askOpening(turn: Turn, found: Record<string, string>): void {
  const shown = Object.entries(found).map(([id, value]) => {
    const q = turn.catalog.questions.get(id);
    if (q?.contextKey === 'caseRef') return turn.msg('openingCaseRef', { ref: value });
    return q?.choices.find((c) => c.id === value)?.label ?? value;
  });
  turn.prompt(PROMPT.opening, turn.msg('openingConfirm', { found: shown.join(' · ') }), [
    { id: 'yes', label: turn.msg('openingYes') },
    { id: 'no', label: turn.msg('openingNo') },
  ]);
}

/** Returns false for typed text that is neither yes nor no: the caller then treats it as an answer. */
export function confirmOpening(turn: Turn, answers: Record<string, string>, input: EngineInput): boolean {
  const value = input.type === 'choice' ? input.value : input.type === 'text' ? normalise(input.text) : '';
  turn.state = { ...turn.state, pending: undefined };
  if (!['yes', 'y', 'yes that s right', 'right', 'correct'].includes(value)) {
    if (value === 'no' || value === 'n' || input.type !== 'text') {
      askCurrent(turn);
      return true;
    }
    turn.say('openingNotTaken');
    return false;
  }
  const now = turn.ctx.now.toISOString();
  const taken = Object.keys(answers);
  const recorded = Object.fromEntries(
    Object.entries(answers).map(([id, v]) => {
      const q = turn.catalog.questions.get(id);
      return [id, q?.kind === 'text' ? { note: v, at: now } : { choice: v, at: now }];
    }),
  );
  turn.state = {
    ...turn.state,
    answers: { ...turn.state.answers, ...recorded },
    openingTaken: taken,
  };
  if (taken.includes(turn.state.queue[turn.state.position] ?? '')) skipTaken(turn);
  askCurrent(turn);
  return true;
}
