/**
 * Personal names in free text. Word lists, not a grammar: every token is one Set lookup, so the cost
 * is linear in the text (compromise's grammar pass was the slow part of redaction, and the
 * evaluation found lists with cues more accurate on practitioners' notes; see README, Privacy).
 *
 * - PEOPLE: the maintained people-name list (@cspell/dict-people-names, first names and surnames,
 *   regenerated into name-lists/people-names.ts), compromise's first-name lexicon, and UK names the
 *   list lacks (name-lists/names-uk.ts).
 * - A capitalised word in PEOPLE is a name, unless it is also an ordinary word ("Will", "May",
 *   "Hope", "Bath"): those need a cue (a title, a kinship word, "called", a speech verb after it,
 *   another name beside it) or an earlier mention in the same reflection.
 * - After a kinship word ("auntie", "dad", "nan") a listed name counts in any case: "auntie shanice".
 * - Names already shown to be names (a surname after a title, a name given by the caller from the
 *   reflection's earlier text) count wherever they recur: "Okafor shouted", "the Okafors".
 */
import nlp from 'compromise';
import { z } from 'zod';
import { PEOPLE_NAMES } from './name-lists/people-names';
import { AMBIGUOUS_NAMES, UK_FIRST_NAMES } from './name-lists/names-uk';
import { CUE_WORDS, FUNCTION_WORDS, NOT_NAMES, SPEECH_VERBS, TITLES } from './name-words';

export interface NameSpan {
  start: number;
  end: number;
}

const lexiconSchema = z.object({
  one: z.object({ lexicon: z.record(z.string(), z.union([z.string(), z.array(z.string())])) }),
});
// compromise's lexicon: which words it knows as names, and which as ordinary words.
const lexicon = lexiconSchema.parse(nlp.model()).one.lexicon;
const FIRST_TAGS = new Set(['FirstName', 'MaleName', 'FemaleName']);
const NAME_TAGS = new Set([...FIRST_TAGS, 'LastName', 'Person']);
const tags = (tag: string | string[]) => (Array.isArray(tag) ? tag : [tag]);
const isNameTag = (tag: string | string[]) => tags(tag).some((t) => NAME_TAGS.has(t));
// Ordinary words that, after a kinship word, can still be a name in lower case: "dad dean".
const NOUNISH = new Set(['Noun', 'Singular', 'Uncountable']);

const FIRST = new Set<string>(UK_FIRST_NAMES);
const COMMON = new Set<string>([...AMBIGUOUS_NAMES, ...FUNCTION_WORDS, ...SPEECH_VERBS, ...CUE_WORDS, ...NOT_NAMES]);
const AMBIGUOUS = new Set(AMBIGUOUS_NAMES);
for (const [word, tag] of Object.entries(lexicon)) {
  if (word.includes(' ')) continue;
  if (tags(tag).some((t) => FIRST_TAGS.has(t))) FIRST.add(word);
  else if (!isNameTag(tag)) COMMON.add(word);
}
const PEOPLE = new Set<string>([...PEOPLE_NAMES.split(' '), ...FIRST]);
const CUES = new Set(CUE_WORDS);
const TITLE_SET = new Set(TITLES);
const SPEECH = new Set(SPEECH_VERBS);

interface Token {
  start: number;
  end: number; // end of the name itself, without a possessive "'s"
  word: string; // lower case, without a possessive or plural that follows a known name
  cap: boolean;
  sentenceStart: boolean;
}

const TOKEN = /\p{L}[\p{L}\p{M}'’-]*/gu;

function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    let raw = m[0].replace(/['’-]+$/, '');
    if (/['’]s$/i.test(raw)) raw = raw.slice(0, -2);
    const before = text.slice(Math.max(0, m.index - 3), m.index);
    const first = raw[0] ?? '';
    tokens.push({
      start: m.index,
      end: m.index + raw.length,
      word: raw.toLowerCase(),
      cap: first !== first.toLowerCase() && !(raw.length > 1 && raw === raw.toUpperCase()),
      sentenceStart: tokens.length === 0 || /[.!?\n:;•-]\s*$|^\s*$/.test(before),
    });
  }
  return tokens;
}

const listed = (w: string) => PEOPLE.has(w) || w.split('-').every((p) => p.length > 1 && PEOPLE.has(p));
/** "Callums dad", "the Begums": a listed name with an s and no apostrophe. */
const listedPlural = (w: string) => w.length > 3 && w.endsWith('s') && !PEOPLE.has(w) && listed(w.slice(0, -1));
const ordinary = (w: string) => COMMON.has(w);

/** Is this token a name on its own (no cue needed)? */
function plainName(t: Token): boolean {
  if (t.word.length < 2) return false;
  if (t.cap) return (listed(t.word) && !ordinary(t.word)) || (listedPlural(t.word) && !ordinary(t.word.slice(0, -1)));
  return t.word.length >= 3 && FIRST.has(t.word) && !ordinary(t.word);
}

/** A name after a cue or a title: listed names in any case, unknown capitalised words too. */
function cuedName(t: Token | undefined): boolean {
  if (!t || t.word.length < 2 || FUNCTION_WORDS.includes(t.word)) return false;
  if (t.cap) return listed(t.word) || !ordinary(t.word);
  if (!listed(t.word)) return false;
  if (!ordinary(t.word)) return true;
  // A listed name that is also a noun, after a kinship word: "dad dean", "nan rose"; not "son will".
  const tag = lexicon[t.word];
  return (
    !AMBIGUOUS.has(t.word) &&
    !FUNCTION_WORDS.includes(t.word) &&
    !SPEECH.has(t.word) &&
    tag !== undefined &&
    tags(tag).some((x) => NOUNISH.has(x))
  );
}

/** A surname after a first name: capitalised and listed, or capitalised and not an ordinary word. */
function surname(t: Token | undefined): boolean {
  return !!t && t.cap && !t.sentenceStart && (listed(t.word) || !ordinary(t.word)) && !TITLE_SET.has(t.word);
}

export function findNames(text: string, known: ReadonlySet<string> = new Set()): NameSpan[] {
  const tokens = tokenise(text);
  const isName = new Array<boolean>(tokens.length).fill(false);
  const gap = (i: number) => text.slice(tokens[i - 1]?.end ?? 0, tokens[i]?.start ?? 0);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const prev = tokens[i - 1];
    const joined = prev !== undefined && /^\s+$/.test(gap(i));
    if (prev && joined && TITLE_SET.has(prev.word) && (t.cap || prev.word !== 'miss') && cuedName(t)) {
      isName[i - 1] = true;
      isName[i] = true;
    } else if (prev && /^[\s,]+$/.test(gap(i)) && CUES.has(prev.word) && cuedName(t)) isName[i] = true;
    else if (plainName(t)) isName[i] = true;
    else if (known.has(t.word) && (t.cap || !ordinary(t.word))) isName[i] = true;
    else if (t.cap && listed(t.word) && SPEECH.has(tokens[i + 1]?.word ?? '')) isName[i] = true;
    // A surname after a first name: "Summer Okafor", "Jayden Smith".
    if (isName[i] && surname(tokens[i + 1]) && /^\s+$/.test(gap(i + 1))) isName[++i] = true;
  }
  learnAndSpread(tokens, isName, known, text);
  return spans(tokens, isName, text);
}

/**
 * Second pass: a word shown to be a name once is a name everywhere in the text ("Mrs Okafor ...
 * Okafor shouted ... the Okafors"), and an ordinary-word name beside a name is a name ("Kayden and
 * Summer").
 */
function learnAndSpread(tokens: Token[], isName: boolean[], known: ReadonlySet<string>, text: string): void {
  const learned = new Set(known);
  tokens.forEach((t, i) => {
    if (isName[i] && !TITLE_SET.has(t.word) && t.word.length >= 3 && !ordinary(t.word)) learned.add(t.word);
  });
  tokens.forEach((t, i) => {
    if (isName[i]) return;
    const base = t.word.replace(/['’]?s$/, '');
    if ((learned.has(t.word) || learned.has(base)) && (t.cap || !ordinary(t.word))) isName[i] = true;
  });
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (isName[i] || !t.cap || !listed(t.word)) continue;
    const left = i >= 2 && isName[i - 2] && /^\s*(?:and|&|,)\s*$/i.test(text.slice(tokens[i - 2]?.end, t.start));
    const right = isName[i + 2] === true && /^\s*(?:and|&)\s*$/i.test(text.slice(t.end, tokens[i + 2]?.start));
    const comma = i >= 1 && isName[i - 1] && /^\s*(?:,|and|&)\s*$/.test(text.slice(tokens[i - 1]?.end, t.start));
    if (left || right || comma) isName[i] = true;
  }
}

/** Adjacent name tokens separated only by spaces make one span: "Mrs Okafor", "Mohammed Ali". */
function spans(tokens: Token[], isName: boolean[], text: string): NameSpan[] {
  const out: NameSpan[] = [];
  tokens.forEach((t, i) => {
    if (!isName[i]) return;
    const last = out[out.length - 1];
    if (last && /^[\s.]+$/.test(text.slice(last.end, t.start)) && isName[i - 1]) last.end = t.end;
    else out.push({ start: t.start, end: t.end });
  });
  return out;
}

/** The name words in a text, for a caller that remembers them across a reflection's turns. */
export function nameWords(text: string, known: ReadonlySet<string> = new Set()): string[] {
  const words = new Set<string>();
  for (const s of findNames(text, known)) {
    for (const w of text
      .slice(s.start, s.end)
      .toLowerCase()
      .split(/[\s.]+/))
      if (w.length >= 3 && !TITLE_SET.has(w) && !ordinary(w)) words.add(w.replace(/['’]s$/, ''));
  }
  return [...words];
}

/** A word that is a listed name and not also an ordinary word, in any case: "OKAFOR", "kayden". */
export function isNameWord(word: string): boolean {
  const w = word.toLowerCase();
  return w.length >= 3 && listed(w) && !ordinary(w);
}
