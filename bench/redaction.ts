/**
 * npm run bench:redaction — time to find identifiers in the evaluation corpus, against a baseline
 * from the same run: compromise's people() pass alone, which was the slow part of the previous
 * detector. Reported as a ratio (lower is better) so the figure holds across machines.
 */
import nlp from 'compromise';
import { findIdentifiers } from '../src/core/redact';
import { loadCorpus } from '../scripts/redaction-score';

const texts = loadCorpus().map((s) => s.text);
const long = texts.join(' '); // one long note: the cost must stay linear

function time(run: () => void, rounds = 5): number {
  run(); // warm up
  const start = performance.now();
  for (let i = 0; i < rounds; i++) run();
  return (performance.now() - start) / rounds;
}

const detector = time(() => {
  for (const t of texts) findIdentifiers(t);
});
const baseline = time(() => {
  for (const t of texts) nlp(t).people().json();
});
const longNote = time(() => findIdentifiers(long));
const perSentence = (ms: number) => `${((ms / texts.length) * 1000).toFixed(0)} µs`;
process.stdout.write(
  [
    `redaction bench: ${texts.length} sentences`,
    `findIdentifiers (all kinds)      ${perSentence(detector)} a sentence`,
    `baseline: compromise people()    ${perSentence(baseline)} a sentence`,
    `ratio detector / baseline        ${(detector / baseline).toFixed(2)}`,
    `one ${long.length}-character note  ${longNote.toFixed(1)} ms (${(longNote / detector).toFixed(2)}× the sentences one by one)`,
    '',
  ].join('\n'),
);
