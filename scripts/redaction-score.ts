/**
 * Scores the redaction detector on the labelled corpus in test/fixtures/redaction/ (format in its
 * README). A gold identifier counts as found only when every letter and digit of it is inside a
 * detected span, so a half-redacted "[name]Brien" is a miss; a detected span counts as correct
 * when it overlaps a gold identifier.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findIdentifiers, type Finding } from '../src/core/redact';

export const KINDS = ['phone', 'email', 'postcode', 'nhs', 'nino', 'date', 'name', 'address', 'school'] as const;
export type GoldKind = (typeof KINDS)[number];

/** Recall targets from issue 12: structured identifiers 99%, names, addresses and schools 95%. */
export const RECALL_TARGET: Record<GoldKind, number> = {
  phone: 0.99,
  email: 0.99,
  postcode: 0.99,
  nhs: 0.99,
  nino: 0.99,
  date: 0.99,
  name: 0.95,
  address: 0.95,
  school: 0.95,
};
export const PRECISION_TARGET = 0.95;

export interface Sentence {
  file: string;
  line: number;
  text: string;
  gold: Array<{ kind: GoldKind; start: number; end: number }>;
}

const MARK = /\[\[([a-z]+):(.+?)\]\]/g;

export function parseCorpusLine(raw: string, file = '', line = 0): Sentence {
  const gold: Sentence['gold'] = [];
  let text = '';
  let at = 0;
  for (const m of raw.matchAll(MARK)) {
    const kind = m[1] as GoldKind;
    if (!KINDS.includes(kind)) throw new Error(`${file}:${line}: unknown kind "${m[1]}"`);
    text += raw.slice(at, m.index);
    gold.push({ kind, start: text.length, end: text.length + (m[2] ?? '').length });
    text += m[2];
    at = m.index + m[0].length;
  }
  return { file, line, text: text + raw.slice(at), gold };
}

export function loadCorpus(dir = join(__dirname, '..', 'test', 'fixtures', 'redaction')): Sentence[] {
  const out: Sentence[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()) {
    readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .forEach((raw, i) => {
        if (raw.trim() === '' || raw.startsWith('#')) return;
        out.push(parseCorpusLine(raw, file, i + 1));
      });
  }
  return out;
}

export interface Score {
  sentences: number;
  recall: Record<GoldKind, { found: number; total: number }>;
  predicted: number;
  correct: number;
  misses: string[];
  falsePositives: string[];
}

function covered(text: string, g: { start: number; end: number }, found: Finding[]): boolean {
  for (let i = g.start; i < g.end; i++) {
    if (!/[\p{L}\p{N}]/u.test(text[i] ?? '')) continue;
    if (!found.some((f) => f.start <= i && i < f.end)) return false;
  }
  return true;
}

export function score(corpus: Sentence[], find: (text: string) => Finding[] = findIdentifiers): Score {
  const recall = Object.fromEntries(KINDS.map((k) => [k, { found: 0, total: 0 }])) as Score['recall'];
  const s: Score = { sentences: corpus.length, recall, predicted: 0, correct: 0, misses: [], falsePositives: [] };
  for (const sentence of corpus) {
    const found = find(sentence.text);
    for (const g of sentence.gold) {
      recall[g.kind].total++;
      if (covered(sentence.text, g, found)) recall[g.kind].found++;
      else s.misses.push(`${g.kind} "${sentence.text.slice(g.start, g.end)}" (${sentence.file}:${sentence.line})`);
    }
    for (const f of found) {
      s.predicted++;
      if (sentence.gold.some((g) => f.start < g.end && g.start < f.end)) s.correct++;
      else s.falsePositives.push(`${f.kind} "${f.value}" (${sentence.file}:${sentence.line})`);
    }
  }
  return s;
}

export const ratio = (n: number, d: number): number => (d === 0 ? 1 : n / d);

/** Targets not met, as sentences; empty when the detector passes. */
export function failures(s: Score): string[] {
  const out: string[] = [];
  for (const k of KINDS) {
    const r = ratio(s.recall[k].found, s.recall[k].total);
    if (r < RECALL_TARGET[k]) out.push(`${k} recall ${(r * 100).toFixed(1)}% < ${RECALL_TARGET[k] * 100}%`);
  }
  const p = ratio(s.correct, s.predicted);
  if (p < PRECISION_TARGET) out.push(`precision ${(p * 100).toFixed(1)}% < ${PRECISION_TARGET * 100}%`);
  return out;
}
