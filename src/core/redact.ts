/**
 * Identifier redaction. Runs before anything leaves the practitioner's own view: summaries shared
 * with a supervisor, and every request to a model. Pure and deterministic.
 *
 * Detection favours recall for structured identifiers (a false positive costs a word of context;
 * a miss leaks a child's identity). Personal names are harder: compromise's name lexicon and
 * grammar (names.ts), titled names ("Mrs Smith") and names after a cue word ("called Jayden"),
 * together; the preview shows what was redacted so the practitioner can fix what was missed.
 */

import { findNames, isNameWord } from './names';
import { findPlaces } from './places';
import { normaliseForDetection } from './normalise';

export type IdentifierKind = 'email' | 'phone' | 'postcode' | 'nhs' | 'nino' | 'dob' | 'name' | 'address' | 'school';

export interface Finding {
  kind: IdentifierKind;
  start: number;
  end: number;
  value: string;
}

/** What the caller knows from the rest of the reflection: names already seen in its earlier text. */
export interface RedactOptions {
  knownNames?: Iterable<string>;
}

const LABELS: Record<IdentifierKind, string> = {
  email: 'email address',
  phone: 'phone number',
  postcode: 'postcode',
  nhs: 'NHS number',
  nino: 'National Insurance number',
  dob: 'date',
  name: 'name',
  address: 'address',
  school: 'school or surgery name',
};

export function identifierLabel(kind: IdentifierKind): string {
  return LABELS[kind];
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// UK numbers: +44, 44 or 0 prefix, 9–10 further digits with optional spaces, dots, dashes or brackets;
// other countries' numbers when written with a plus.
const PHONE =
  /(?:(?:\+|(?<![\d.])(?=44))44\s?\(?0?\)?|(?<!\d)\(?0)(?:[\s.)-]{0,2}\d){9,10}(?!\d)\)?|\+(?!44)\d{1,3}(?:[\s.-]?\d){7,12}(?!\d)/g;
// Full UK postcodes, e.g. "SW1A 1AA", "m1 1ae", "B33 8TH".
const POSTCODE = /\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b/gi;
const TEN_DIGITS = /\b\d{3}[\s-]?\d{3}[\s-]?\d{4}\b/g;
// Any two-letter prefix: recall over precision (HMRC's own example prefix QQ is not issued).
const NINO = /\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b/gi;
const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const DAY = '(?:0?[1-9]|[12]\\d|3[01])';
const DATE_NUMERIC = /\b(?:0?[1-9]|[12]\d|3[01])[/.-](?:0?[1-9]|1[0-2])[/.-](?:19|20)?\d{2}\b/g;
const DATE_ISO = /\b(?:19|20)\d{2}[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])\b/g;
// "14 Mar 17", "3rd April 2019", "14th of march", "March 14th 2017", "March 2017".
// A weekday written before a date belongs to it: "Tuesday 4th November" narrows down the year.
const WEEKDAY = '(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\\.?,?\\s+(?:the\\s+)?)?';
const DATE_DAY_MONTH = new RegExp(
  `\\b${WEEKDAY}${DAY}(?:st|nd|rd|th)?(?:\\s+of)?\\s+(?:${MONTHS})\\b\\.?(?:,?\\s+(?:19|20)?\\d{2}\\b)?`,
  'gi',
);
const DATE_MONTH_DAY = new RegExp(
  `\\b(?:${MONTHS})\\.?\\s+(?:${DAY}(?:st|nd|rd|th)?\\b(?:,?\\s+(?:19|20)?\\d{2}\\b)?|(?:19|20)\\d{2}\\b)`,
  'gi',
);
// A postcode district on its own ("the refuge is in M14") after a place word: upper case only, and
// single-letter areas only where they exist, so "in Y10" (a school year) and "the M6" stay.
const OUTWARD_CODE =
  /\b(?:in|near|around|postcode|post code|area|from)\s+((?:[BEGLMNSW]|[A-PR-UWYZ][A-HK-Y])\d{1,2}[A-Z]?)\b(?!\s*\d[A-Z]{2})/g;
const NHS_CUE = /\bnhs\s*(?:no\.?|number|num|#)?\s*:?\s*(\d{3}[\s-]?\d{3}[\s-]?\d{4})\b/gi;

/** NHS numbers carry a modulus-11 check digit; checking it keeps ordinary 10-digit numbers readable. */
export function isValidNhsNumber(digits: string): boolean {
  const d = digits.replace(/\D/g, '');
  if (d.length !== 10) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(d[i]) * (10 - i);
  const check = 11 - (sum % 11);
  const expected = check === 11 ? 0 : check;
  return expected !== 10 && expected === Number(d[9]);
}

function collect(
  text: string,
  re: RegExp,
  kind: IdentifierKind,
  out: Finding[],
  accept?: (m: RegExpExecArray) => Finding | undefined,
): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const finding = accept ? accept(m) : { kind, start: m.index, end: m.index + m[0].length, value: m[0] };
    if (finding) out.push(finding);
  }
}

/**
 * Every identifier in the text, with offsets into the text as given. Detection runs on a copy
 * normalised with NFKC and without zero-width characters, so "０７７００ ９００１２３" and a phone number
 * with a zero-width space inside are still found; the offsets are mapped back.
 */
export function findIdentifiers(text: string, options: RedactOptions = {}): Finding[] {
  const { text: norm, toOriginal } = normaliseForDetection(text);
  const found: Finding[] = [];
  const add = (kind: IdentifierKind, start: number, end: number) => found.push({ kind, start, end, value: '' });
  collect(norm, EMAIL, 'email', found);
  // "NHS no 943 476 5919": the number is the identifier, the words before it stay readable.
  collect(norm, NHS_CUE, 'nhs', found, (m) => {
    const digits = m[1] ?? '';
    const start = m.index + m[0].length - digits.length;
    return { kind: 'nhs', start, end: start + digits.length, value: digits };
  });
  collect(norm, TEN_DIGITS, 'nhs', found, (m) =>
    isValidNhsNumber(m[0]) ? { kind: 'nhs', start: m.index, end: m.index + m[0].length, value: m[0] } : undefined,
  );
  collect(norm, PHONE, 'phone', found);
  collect(norm, POSTCODE, 'postcode', found, (m) =>
    /\d/.test(m[0]) && /\s|^.{5,}$/.test(m[0])
      ? { kind: 'postcode', start: m.index, end: m.index + m[0].length, value: m[0] }
      : undefined,
  );
  collect(norm, OUTWARD_CODE, 'postcode', found, (m) => {
    const code = m[1] ?? '';
    const start = m.index + m[0].length - code.length;
    return { kind: 'postcode', start, end: start + code.length, value: code };
  });
  collect(norm, NINO, 'nino', found);
  for (const re of [DATE_ISO, DATE_NUMERIC, DATE_DAY_MONTH]) collect(norm, re, 'dob', found);
  // "may 5" in lower case is more often the verb ("they may 2 ...") than the month.
  collect(norm, DATE_MONTH_DAY, 'dob', found, (m) =>
    /^may\s+\d{1,2}$/.test(m[0]) ? undefined : { kind: 'dob', start: m.index, end: m.index + m[0].length, value: m[0] },
  );
  for (const p of findPlaces(norm)) add(p.kind, p.start, p.end);
  const known = new Set([...(options.knownNames ?? [])].map((n) => n.toLowerCase()));
  for (const n of findNames(norm, known)) add('name', n.start, n.end);
  return mergeOverlaps(found).map((f) => {
    const start = toOriginal(f.start);
    const end = toOriginal(f.end);
    return { kind: f.kind, start, end, value: text.slice(start, end) };
  });
}

/**
 * Overlapping findings become one, reported as the kind of the earliest and longest: an NHS number
 * is not also a phone number, and a name inside an address does not leave the rest of it behind.
 */
function mergeOverlaps(found: Finding[]): Finding[] {
  const sorted = [...found].sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const kept: Finding[] = [];
  for (const f of sorted) {
    const last = kept[kept.length - 1];
    if (last && f.start < last.end) last.end = Math.max(last.end, f.end);
    else kept.push({ ...f });
  }
  return kept;
}

export interface Redaction {
  text: string;
  findings: Array<{ kind: IdentifierKind; count: number }>;
}

function summarise(findings: Finding[]): Redaction['findings'] {
  const counts = new Map<IdentifierKind, number>();
  for (const f of findings) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
  return [...counts].map(([kind, count]) => ({ kind, count }));
}

/**
 * Name detection costs a couple of milliseconds a note, and one reflection's notes are redacted
 * for the preview, again on Share and on every Edit: remember recent results. Pure (same text,
 * same answer) and bounded; the texts live only in this process's memory, never on disk or in logs.
 */
const MEMO_LIMIT = 2048;
const memo = new Map<string, Redaction>();

/** For sharing: identifiers become "[phone number removed]" and so on. */
export function redact(text: string, options: RedactOptions = {}): Redaction {
  const names = [...(options.knownNames ?? [])];
  const key = names.length > 0 ? `${text}\u0000${names.sort().join('\u0000')}` : text;
  const known = memo.get(key);
  if (known) return known;
  const result = redactNow(text, options);
  if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value ?? '');
  memo.set(key, result);
  return result;
}

/** Redacts ahead of need (the service calls this after a reply is sent), so the preview finds its work done. */
export function prepareRedaction(texts: string[]): void {
  for (const t of texts) redact(t);
}

function redactNow(text: string, options: RedactOptions): Redaction {
  const findings = findIdentifiers(text, options);
  let out = '';
  let at = 0;
  for (const f of findings) {
    out += `${text.slice(at, f.start)}[${LABELS[f.kind]} removed]`;
    at = f.end;
  }
  return { text: out + text.slice(at), findings: summarise(findings) };
}

export type PseudonymMap = Record<string, string>; // placeholder -> original

/**
 * For model calls: identifiers become numbered placeholders ("[PHONE_1]") that can be restored in
 * the practitioner's own view. The same value keeps the same placeholder across calls.
 */
export function pseudonymise(
  text: string,
  map: PseudonymMap = {},
  options: RedactOptions = {},
): { text: string; map: PseudonymMap } {
  const next: PseudonymMap = { ...map };
  const byValue = new Map(Object.entries(next).map(([k, v]) => [v, k]));
  let out = '';
  let at = 0;
  for (const f of findIdentifiers(text, options)) {
    let placeholder = byValue.get(f.value);
    if (!placeholder) {
      const prefix = f.kind === 'name' ? 'PERSON' : f.kind.toUpperCase();
      const n = Object.keys(next).filter((k) => k.startsWith(`[${prefix}_`)).length + 1;
      placeholder = `[${prefix}_${n}]`;
      next[placeholder] = f.value;
      byValue.set(f.value, placeholder);
    }
    out += text.slice(at, f.start) + placeholder;
    at = f.end;
  }
  return { text: out + text.slice(at), map: next };
}

export function restore(text: string, map: PseudonymMap): string {
  return text.replace(/\[[A-Z]+_\d+\]/g, (p) => map[p] ?? p);
}

/**
 * The default case-reference shape: short letter and digit segments joined by "-" or "/", with a
 * digit somewhere ("CR-2041", "EH/2026/118", "12345") or a letter prefix ("CR-KEEP"), or a prefix
 * and a number ("CR 2041"). No free words with spaces. Organisations set their own with
 * caseRefPattern in the organisation file.
 */
export const DEFAULT_CASE_REF_PATTERN =
  '(?=.*\\d)[A-Za-z0-9]{1,12}(?:[-/][A-Za-z0-9]{1,12}){0,4}|[A-Za-z]{1,6}(?:[-/][A-Za-z0-9]{1,12}){1,4}|[A-Za-z]{1,6} \\d{1,10}';

/** The pattern as a whole-value matcher; throws a SyntaxError for a malformed pattern. */
export function caseRefMatcher(pattern: string = DEFAULT_CASE_REF_PATTERN): RegExp {
  return new RegExp(`^(?:${pattern})$`, 'u');
}

/** Reasons to warn about a case reference: identifiers in it, or not the organisation's format. */
export function caseRefConcerns(value: string, pattern: string = DEFAULT_CASE_REF_PATTERN): string[] {
  const concerns = findIdentifiers(value).map((f) => LABELS[f.kind]);
  const v = value.trim();
  if (/^\p{Lu}[\p{Ll}'’-]+(?:\s+\p{Lu}[\p{Ll}'’-]+){1,2}$/u.test(v)) concerns.push('name');
  // A listed name in any case among the reference's parts: "OKAFOR-2041", "kayden/12".
  if (v.split(/[^\p{L}'’]+/u).some(isNameWord)) concerns.push('name');
  if (concerns.length === 0 && !caseRefMatcher(pattern).test(v)) concerns.push(NOT_THE_FORMAT);
  return [...new Set(concerns)];
}

/** The concern for a reference with no identifier found that still is not in the organisation's format. */
export const NOT_THE_FORMAT = 'format other than your case references';

/**
 * The case reference as others may see it (thread titles, summaries): shown when it is in the
 * organisation's format and carries no identifier, withheld otherwise, even if the practitioner kept it.
 */
export function shareableCaseRef(value: string, pattern: string = DEFAULT_CASE_REF_PATTERN): string {
  const v = value.trim();
  if (v === '') return '';
  return caseRefConcerns(v, pattern).length === 0 ? v : '[case reference withheld]';
}

export { nameWords } from './names';
