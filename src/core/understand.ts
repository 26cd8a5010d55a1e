/**
 * Reading typed answers: "nope", "not yet", "yes - the curtains twitched" for a choice question;
 * "none", "1, 3" or "previous hostility, fearful" for a checklist. Anything not clearly an answer
 * is left for the caller to keep as a note.
 */
import type { Question } from './catalog';
import { normalise } from './text';

export interface Understood {
  choice: string;
  note?: string;
}

// Longest phrases first so "not sure" is read before "not" and "no".
const SAYINGS: Array<[string, string[]]> = [
  ['unsure', ['not sure', 'unsure', "don't know", 'dont know', 'do not know', 'maybe', 'possibly', 'idk', 'no idea']],
  ['no', ['no', 'nope', 'nah', 'not yet', 'not really', 'never', 'no not yet', 'n']],
  [
    'yes',
    [
      'yes',
      'yeah',
      'yep',
      'yup',
      'y',
      'i have',
      'i do',
      'definitely',
      'it did',
      'they did',
      'yes please',
      "yes that's right",
      "that's right",
      'thats right',
      'that is right',
      'correct',
    ],
  ],
];

// A thumbs-up (or down) typed on its own, or leading a note, reads as the word.
const EMOJI: Array<[RegExp, string]> = [
  [/^\s*(?:👍|✅|👌)(?:\p{Emoji_Modifier})?/u, 'yes'],
  [/^\s*(?:👎|❌)(?:\p{Emoji_Modifier})?/u, 'no'],
];

function wordsForEmoji(text: string): string {
  for (const [re, word] of EMOJI) if (re.test(text)) return text.replace(re, `${word} `).trimEnd();
  return text;
}

type ChoiceLike = Pick<Question, 'choices'> & Partial<Pick<Question, 'kind' | 'cues'>>;

const YES_NO: ChoiceLike = {
  choices: [
    { id: 'yes', label: 'Yes' },
    { id: 'no', label: 'No' },
  ],
};

/** A whole-message yes or no ("yep", "yes please", "that's right", "nope", 👍), as at a confirmation. */
export function readYesNo(text: string): 'yes' | 'no' | undefined {
  const read = understandChoice(YES_NO, text);
  if (read && !read.note) return read.choice as 'yes' | 'no';
  const t = normalise(text);
  return t === 'right' || t === 'ok' || t === 'okay' ? 'yes' : undefined;
}

const NONE = new Set(['none', 'none of these', 'none of them', 'nothing', 'no', 'nope', 'n a', 'na', 'nil']);

/** Exact id or label, or a saying at the start followed by the practitioner's own words. */
export function understandChoice(q: ChoiceLike, typed: string): Understood | undefined {
  const text = wordsForEmoji(typed);
  const t = normalise(text);
  const exact = q.choices.find((c) => normalise(c.id) === t || normalise(c.label) === t);
  if (exact) return { choice: exact.id };
  const whole = wholeMessageChoice(q, t);
  if (whole) return { choice: whole };
  const byLabel = q.choices.find((c) => {
    const label = normalise(c.label);
    return label.length >= 3 && t.startsWith(`${label} `);
  });
  const saying = leadSaying(q, t);
  // The longer lead wins, so "yes please" is all answer and not "yes" with the note "please".
  if (byLabel && !(saying && saying.lead.length > normalise(byLabel.label).length))
    return withNote(byLabel.id, text, byLabel.label.length);
  return saying ? withNote(saying.choice, text, leadLength(text, saying.lead)) : undefined;
}

function leadSaying(q: ChoiceLike, t: string): { choice: string; lead: string } | undefined {
  for (const [choice, words] of SAYINGS) {
    if (!q.choices.some((c) => c.id === choice)) continue;
    const hit = words.filter((w) => t === w || t.startsWith(`${w} `)).sort((a, b) => b.length - a.length)[0];
    if (hit !== undefined) return { choice, lead: hit };
  }
  return undefined;
}

/**
 * A whole message that can only mean one choice of a single-choice question: its position as shown
 * ("2"), one word of exactly one label ("phone" for "Phone or video"), or one of its cues ("phoned").
 * Only the whole message counts, and never on a yes/no question, so notes stay notes.
 */
function wholeMessageChoice(q: ChoiceLike, t: string): string | undefined {
  if (q.kind !== 'choice' || t === '') return undefined;
  if (/^\d{1,2}$/.test(t)) return q.choices[Number(t) - 1]?.id;
  const byCue = q.choices.filter((c) => (q.cues?.[c.id] ?? []).some((cue) => normalise(cue) === t));
  if (byCue.length === 1) return byCue[0]?.id;
  if (t.includes(' ') || t.length < 4 || FILLER.has(t)) return undefined;
  const byWord = q.choices.filter((c) => normalise(c.label).split(' ').includes(t));
  return byWord.length === 1 ? byWord[0]?.id : undefined;
}

const FILLER = new Set(['with', 'about', 'there', 'this', 'that', 'them', 'they', 'have', 'been', 'some', 'other']);

/** Length in the original text of a lead phrase matched on its normalised form. */
function leadLength(text: string, lead: string): number {
  const words = lead.split(' ').length;
  const m = new RegExp(`^\\s*(?:\\S+\\s*?){${words}}`).exec(text);
  return m ? m[0].length : lead.length;
}

function withNote(choice: string, text: string, from: number): Understood {
  const note = text
    .slice(from)
    .replace(/^[\s,.;:!\-–—]+/, '')
    .trim();
  return note ? { choice, note } : { choice };
}

export type ChecklistReading = { kind: 'answer'; choice: string } | { kind: 'unknown'; items: string[] } | undefined;

/**
 * Whether typed text on a checklist is an attempt at items ("1, 3", "fearful", "previous hostility,
 * fearful") rather than a note in the practitioner's own words.
 */
export function looksLikeItems(text: string): boolean {
  const parts = text
    .split(/[,;\n]|\band\b|\s&\s/i)
    .map((p) => p.trim())
    .filter(Boolean);
  const words = (p: string) => p.split(/\s+/).length;
  if (parts.every((p) => /^\d+$/.test(p))) return true;
  return parts.length > 1 ? parts.every((p) => words(p) <= 4) : words(parts[0] ?? '') <= 3;
}

/** "none", numbers, ids or words of the items; the answer is the ticked ids in item order, comma-joined. */
export function readChecklist(q: Question, text: string): ChecklistReading {
  const t = normalise(text);
  if (t === '') return undefined;
  if (NONE.has(t)) return { kind: 'answer', choice: 'none' };
  const parts = text
    .split(/[,;\n]|\band\b|\s&\s/i)
    .map((p) => normalise(p))
    .filter(Boolean);
  const ticked = new Set<string>();
  const unknown: string[] = [];
  for (const part of parts) {
    const id = itemFor(q, part);
    if (id) ticked.add(id);
    else unknown.push(part);
  }
  if (unknown.length > 0) return { kind: 'unknown', items: unknown };
  const choice = q.choices
    .filter((c) => ticked.has(c.id))
    .map((c) => c.id)
    .join(',');
  return choice ? { kind: 'answer', choice } : undefined;
}

function itemFor(q: Question, part: string): string | undefined {
  if (/^\d+$/.test(part)) return q.choices[Number(part) - 1]?.id;
  const exact = q.choices.find((c) => normalise(c.id) === part || normalise(c.label) === part);
  if (exact) return exact.id;
  const words = part.split(' ').filter((w) => w.length > 2);
  if (words.length === 0) return undefined;
  const hits = q.choices.filter((c) => {
    const label = ` ${normalise(`${c.label} ${c.id.replace(/-/g, ' ')}`)} `;
    return words.every((w) => label.includes(` ${w}`));
  });
  return hits.length === 1 ? hits[0]?.id : undefined;
}

/** The ticked item ids of a checklist answer ("none" ticks nothing). */
export function tickedItems(choice: string | undefined): string[] {
  if (!choice || choice === 'none') return [];
  return choice.split(',').filter(Boolean);
}
