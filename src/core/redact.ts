/**
 * Identifier redaction. Runs before anything leaves the practitioner's own view: summaries shared
 * with a supervisor, and every request to a model. Pure and deterministic.
 *
 * Detection favours recall for structured identifiers (a false positive costs a word of context;
 * a miss leaks a child's identity). Personal names are harder: compromise's name lexicon and
 * grammar (names.ts), titled names ("Mrs Smith") and names after a cue word ("called Jayden"),
 * together; the preview shows what was redacted so the practitioner can fix what was missed.
 */

import { findNames } from './names';

export type IdentifierKind = 'email' | 'phone' | 'postcode' | 'nhs' | 'nino' | 'dob' | 'name';

export interface Finding {
  kind: IdentifierKind;
  start: number;
  end: number;
  value: string;
}

const LABELS: Record<IdentifierKind, string> = {
  email: 'email address',
  phone: 'phone number',
  postcode: 'postcode',
  nhs: 'NHS number',
  nino: 'National Insurance number',
  dob: 'date',
  name: 'name',
};

export function identifierLabel(kind: IdentifierKind): string {
  return LABELS[kind];
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// UK numbers: +44 or 0 prefix, 9–10 further digits with optional spaces, dots, dashes or brackets.
const PHONE = /(?:\+44\s?\(?0?\)?|\(?0)(?:[\s.)-]{0,2}\d){9,10}\)?/g;
// Full UK postcodes, e.g. "SW1A 1AA", "m1 1ae", "B33 8TH".
const POSTCODE = /\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b/gi;
const TEN_DIGITS = /\b\d{3}[\s-]?\d{3}[\s-]?\d{4}\b/g;
// Any two-letter prefix: recall over precision (HMRC's own example prefix QQ is not issued).
const NINO = /\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b/gi;
const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const DATE_NUMERIC = /\b(?:0?[1-9]|[12]\d|3[01])[/.-](?:0?[1-9]|1[0-2])[/.-](?:19|20)?\d{2}\b/g;
const DATE_WORDS = new RegExp(
  `\\b(?:0?[1-9]|[12]\\d|3[01])(?:st|nd|rd|th)?\\s+(?:${MONTHS})\\s+(?:19|20)\\d{2}\\b`,
  'gi',
);
const TITLED_NAME = /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Master)\.?\s+[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?/g;
const CUED_NAME =
  /\b(?:called|named|name is|son|daughter|mum|mother|dad|father|partner|boyfriend|girlfriend|brother|sister|child|baby|stepdad|stepmum)\s+([A-Z][a-z'-]{1,20}(?:\s+[A-Z][a-z'-]{1,20})?)/g;
// Capitalised words that follow cue words but are not names.
const NOT_NAMES = new Set([
  'The',
  'A',
  'An',
  'I',
  'He',
  'She',
  'They',
  'We',
  'It',
  'His',
  'Her',
  'Their',
  'Was',
  'Is',
  'And',
  'But',
  'Who',
  'Not',
  'At',
  'In',
  'On',
  'Had',
  'Has',
  'Said',
  'Did',
]);

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

export function findIdentifiers(text: string): Finding[] {
  const found: Finding[] = [];
  collect(text, EMAIL, 'email', found);
  collect(text, TEN_DIGITS, 'nhs', found, (m) =>
    isValidNhsNumber(m[0]) ? { kind: 'nhs', start: m.index, end: m.index + m[0].length, value: m[0] } : undefined,
  );
  collect(text, PHONE, 'phone', found, (m) => {
    const start = m.index + (m[0].length - m[0].trimStart().length);
    return { kind: 'phone', start, end: m.index + m[0].length, value: m[0].trim() };
  });
  collect(text, POSTCODE, 'postcode', found, (m) =>
    /\d/.test(m[0]) && /\s|^.{5,}$/.test(m[0])
      ? { kind: 'postcode', start: m.index, end: m.index + m[0].length, value: m[0] }
      : undefined,
  );
  collect(text, NINO, 'nino', found);
  collect(text, DATE_NUMERIC, 'dob', found);
  collect(text, DATE_WORDS, 'dob', found);
  collect(text, TITLED_NAME, 'name', found);
  for (const n of findNames(text))
    found.push({ kind: 'name', start: n.start, end: n.end, value: text.slice(n.start, n.end) });
  collect(text, CUED_NAME, 'name', found, (m) => {
    const name = m[1] ?? '';
    const first = name.split(/\s+/)[0] ?? '';
    if (!name || NOT_NAMES.has(first)) return undefined;
    const start = m.index + m[0].length - name.length;
    return { kind: 'name', start, end: start + name.length, value: name };
  });
  return dropOverlaps(found);
}

/** Earlier-listed, longer matches win; e.g. an NHS number is not also reported as a phone number. */
function dropOverlaps(found: Finding[]): Finding[] {
  const sorted = [...found].sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const kept: Finding[] = [];
  for (const f of sorted) {
    const last = kept[kept.length - 1];
    if (last && f.start < last.end) continue;
    kept.push(f);
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
export function redact(text: string): Redaction {
  const known = memo.get(text);
  if (known) return known;
  const result = redactNow(text);
  if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value ?? '');
  memo.set(text, result);
  return result;
}

/** Redacts ahead of need (the service calls this after a reply is sent), so the preview finds its work done. */
export function prepareRedaction(texts: string[]): void {
  for (const t of texts) redact(t);
}

function redactNow(text: string): Redaction {
  const findings = findIdentifiers(text);
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
export function pseudonymise(text: string, map: PseudonymMap = {}): { text: string; map: PseudonymMap } {
  const next: PseudonymMap = { ...map };
  const byValue = new Map(Object.entries(next).map(([k, v]) => [v, k]));
  let out = '';
  let at = 0;
  for (const f of findIdentifiers(text)) {
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

/** Heuristic for the case reference: does it look like a person's name, a phone number or an address? */
export function caseRefConcerns(value: string): string[] {
  const concerns = findIdentifiers(value).map((f) => LABELS[f.kind]);
  const v = value.trim();
  if (/^[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+){1,2}$/.test(v) && !/\d/.test(v)) concerns.push('name');
  if (
    /\b\d+\s+[A-Za-z]+\s+(?:road|rd|street|st|avenue|ave|lane|ln|close|drive|dr|way|court|crescent|place|grove|terrace)\b/i.test(
      v,
    )
  )
    concerns.push('address');
  return [...new Set(concerns)];
}
