/**
 * Addresses and named institutions (schools, nurseries, GP practices) in free text. A house number
 * with a street word ("12 Acacia Avenue", "flat 3, 14 high st") or a capitalised street name ("lives
 * on Acacia Avenue"); a name before an institution word ("St Mary's Primary", "Parkside Surgery").
 */

import { FUNCTION_WORDS } from './name-words';

export interface PlaceSpan {
  kind: 'address' | 'school';
  start: number;
  end: number;
}

const STREET =
  'road|rd|street|st|avenue|ave|av|lane|ln|close|cl|drive|dr|way|court|ct|crescent|cres|place|pl|grove|gr|terrace|tce|gardens|gdns|walk|mews|square|sq|hill|rise|row|parade|view|green|park|vale|estate|boulevard|wharf|yard|croft|fold|gate|chase|heights|meadows?|fields?|house|towers?|flats|buildings';
// Words that cannot sit between a house number and a street word: "3 times a week", "2 of the way".
const STREET_ANY_CASE = `${STREET}|${STREET.replace(/(^|\|)([a-z])/g, (_m, bar: string, c: string) => bar + c.toUpperCase())}`;
const NOT_STREET_NAME = new Set(
  'a an the in on at of to for and or but by with from times time days day weeks week months month years year hours hour minutes mins visits visit children kids people of more less than about under over x'.split(
    ' ',
  ),
);
const NUMBERED = new RegExp(
  `\\b(?:(?:flat|apartment|apt|unit|room)\\s*\\d+[a-z]?\\s*,?\\s*)?\\d{1,4}[a-z]?\\s*,?\\s+((?:[\\p{L}'’-]+\\s+){0,3}?)(?:${STREET})\\b\\.?`,
  'giu',
);
const NAMED_STREET = new RegExp(`\\b(?:\\p{Lu}[\\p{L}'’-]+\\s+){1,3}(?:${STREET_ANY_CASE})\\b`, 'gu');
// Courts are services, not addresses: "Family Court", "the High Court".
const COURTS = /^(?:The\s+)?(?:Family|High|Crown|County|Magistrates'?|Youth|Supreme|Coroner's)\s+Court$/;
const FLAT =
  /\b(?:flat|apartment|apt)\s+\d+[a-z]?\b(?:,?\s+(?:\p{Lu}[\p{L}'’-]+\s+){1,2}(?:House|Court|Tower|Lodge|Block))?/giu;

const INSTITUTION =
  "primary|junior|juniors|infant|infants|secondary|high|grammar|academy|college|school|nursery|pre-school|preschool|playgroup|surgery|medical centre|medical practice|health centre|practice|children's centre|childrens centre|family centre|clinic";
const NAMED_INSTITUTION = new RegExp(
  `\\b(?:(?:st|saint)\\.?\\s+)?((?:[\\p{L}'’.-]+\\s+){1,4}?)(?:${INSTITUTION})(?:\\s+(?:school|academy|nursery|surgery|centre|practice))?\\b`,
  'giu',
);
// Words before an institution word that make it generic: "her primary school", "the local nursery".
const GENERIC = new Set([
  ...FUNCTION_WORDS,
  ..."a an the her his their my our your its local new old same nearest this that at to from in of and or but after before breakfast after-school school primary secondary high junior infant nursery special mainstream gp doctor's doctors dentist dental walk-in private state church faith catholic village free with for on by is was are be goes go went attends attend attending started starts start left moved changed different another other previous next current children's childrens family no not any his every each day".split(
    ' ',
  ),
]);

/** "2 The Mews" is an address, "3 times a week in the park" is not: a capitalised "The" is part of a name. */
function nameWordsOk(words: string, generic: Set<string>): boolean {
  const list = words.trim().split(/\s+/).filter(Boolean);
  if (list.length === 0) return false;
  return list.every((w) => w === 'The' || !generic.has(w.toLowerCase().replace(/[.,]$/, '')));
}

/**
 * Where the institution's own name starts: the longest run of non-generic words before the
 * institution word ("goes to Lea Manor High School" starts at "Lea"). A lower-case name needs two
 * words ("oak tree nursery"); "St"/"Saint" always starts one.
 */
function institutionStart(m: RegExpExecArray): number | undefined {
  if (/^(?:st|saint)\b/i.test(m[0])) return m.index;
  const words = m[1] ?? '';
  const offset = m.index + m[0].indexOf(words);
  const parts = [...words.matchAll(/[^\s]+/g)];
  let first = parts.length;
  while (first > 0 && !GENERIC.has((parts[first - 1]?.[0] ?? '').toLowerCase().replace(/[.,]$/, ''))) first--;
  const kept = parts.slice(first);
  const lead = kept[0];
  if (!lead) return undefined;
  const initial = lead[0][0] ?? '';
  if (initial === initial.toLowerCase() && kept.length < 2) return undefined;
  // "registered at The Valley Surgery": a capitalised "The" just before belongs to the name.
  const the = parts[first - 1];
  if (the?.[0] === 'The') return offset + (the.index ?? 0);
  return offset + (lead.index ?? 0);
}

export function findPlaces(text: string): PlaceSpan[] {
  const out: PlaceSpan[] = [];
  const push = (kind: PlaceSpan['kind'], re: RegExp, ok: (m: RegExpExecArray) => boolean = () => true) => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text))
      if (ok(m)) out.push({ kind, start: m.index, end: m.index + m[0].length });
  };
  push('address', NUMBERED, (m) => {
    const between = (m[1] ?? '').trim();
    return between === '' ? /\d+[a-z]?\s+(?:high|green|park)/i.test(m[0]) : nameWordsOk(between, NOT_STREET_NAME);
  });
  push(
    'address',
    NAMED_STREET,
    (m) => !COURTS.test(m[0]) && (!/^(?:The|A|An|In|On|At|To|Went|Lives|Near)\s/.test(m[0]) || /\s\S+\s\S+/.test(m[0])),
  );
  push('address', FLAT);
  NAMED_INSTITUTION.lastIndex = 0;
  for (let m = NAMED_INSTITUTION.exec(text); m; m = NAMED_INSTITUTION.exec(text)) {
    const start = institutionStart(m);
    if (start !== undefined) out.push({ kind: 'school', start, end: m.index + m[0].length });
  }
  return out;
}
