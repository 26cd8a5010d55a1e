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
import { readYesNo } from './understand';
import type { Turn } from './turn';
import type { EngineInput } from './types';

// "case 4471", "ref: AB-12345", "file no. 2024/118": the reference after a label, taken whole.
const LABELLED =
  /\b(?:case|ref|reference|file)\s*(?:no\.?|number|ref|#|:)?\s*:?\s*([A-Za-z0-9]{1,12}(?:[-/][A-Za-z0-9]{1,12}){0,4})/i;
// Any token of letter and digit segments joined by "-" or "/" (the default caseRefPattern's shape):
// "EH/2026/118" whole, not "2026/118".
const TOKEN = /(?<![\w/-])[A-Za-z0-9]{1,12}(?:[-/][A-Za-z0-9]{1,12}){0,4}(?![\w/-])/g;

/** A bare token reads as a reference with a run of four digits, or a letter prefix and three digits. */
function looksLikeRef(token: string): boolean {
  if (/\d{4,}/.test(token)) return true;
  return /^[A-Za-z]{1,6}[-/]/.test(token) && (token.match(/\d/g)?.length ?? 0) >= 3;
}

export function findCaseRef(text: string, pattern?: string): string | undefined {
  const ok = (ref: string | undefined) =>
    ref !== undefined && /\d/.test(ref) && caseRefConcerns(ref, pattern).length === 0 ? ref : undefined;
  const labelled = ok(LABELLED.exec(text)?.[1]);
  if (labelled) return labelled;
  for (const m of text.matchAll(TOKEN)) {
    if (looksLikeRef(m[0]) && ok(m[0])) return m[0];
  }
  return undefined;
}

const NEGATION = new Set(['not', 'no', 'never', "isn't", "wasn't", "hasn't", "aren't", "didn't", "don't", 'hardly']);

/** A cue counts unless one of the two words before it negates it ("not a good visit"). */
function saysCue(t: string, cue: string): boolean {
  for (let at = t.indexOf(` ${cue} `); at >= 0; at = t.indexOf(` ${cue} `, at + 1)) {
    const before = t.slice(0, at).trim().split(' ').slice(-2);
    if (!before.some((w) => NEGATION.has(w))) return true;
  }
  return false;
}

function cueMatch(q: Question, text: string): string | undefined {
  const t = ` ${normalise(text)} `;
  for (const [choice, cues] of Object.entries(q.cues ?? {})) {
    if (cues.some((cue) => saysCue(t, normalise(cue)))) return choice;
  }
  return undefined;
}

/** Returns true when the opening message said something to confirm, and the confirmation was asked. */
export function readOpening(turn: Turn, text: string): boolean {
  const found: Record<string, string> = {};
  for (const id of turn.catalog.contextQuestions) {
    const q = turn.catalog.questions.get(id);
    if (!q) continue;
    const value = q.contextKey === 'caseRef' ? findCaseRef(text, turn.ctx.caseRefPattern) : cueMatch(q, text);
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
  // The same yes/no understanding as typed answers elsewhere: "yep", "yes please", "that's right", 👍.
  const value = input.type === 'choice' ? input.value : input.type === 'text' ? readYesNo(input.text) : '';
  turn.state = { ...turn.state, pending: undefined };
  if (value !== 'yes') {
    if (value === 'no' || input.type !== 'text') {
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
