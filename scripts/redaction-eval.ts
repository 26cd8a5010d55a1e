/**
 * npm run redaction:eval — precision and recall of the redaction detector on the labelled corpus
 * (test/fixtures/redaction/). Exits 1 when a target from issue 12 is not met. `--verbose` lists
 * every miss and false positive (the corpus is invented, so printing it is safe).
 */
import { failures, KINDS, loadCorpus, RECALL_TARGET, ratio, score } from './redaction-score';

const s = score(loadCorpus());
const pct = (n: number, d: number) => `${(ratio(n, d) * 100).toFixed(1)}%`.padStart(6);
const lines = [`Redaction evaluation: ${s.sentences} sentences`, '', 'kind      recall   found/total  target'];
for (const k of KINDS) {
  const r = s.recall[k];
  lines.push(
    `${k.padEnd(9)} ${pct(r.found, r.total)}   ${`${r.found}/${r.total}`.padStart(11)}  ${RECALL_TARGET[k] * 100}%`,
  );
}
lines.push(
  '',
  `precision ${pct(s.correct, s.predicted)}   ${s.correct}/${s.predicted} detected spans were identifiers (target 95%)`,
);
const verbose = process.argv.includes('--verbose');
lines.push('', `misses: ${s.misses.length}`, ...(verbose ? s.misses.map((m) => `  ${m}`) : []));
lines.push(`false positives: ${s.falsePositives.length}`, ...(verbose ? s.falsePositives.map((m) => `  ${m}`) : []));
const failed = failures(s);
lines.push('', failed.length === 0 ? 'All targets met.' : `Below target: ${failed.join('; ')}`);
process.stdout.write(`${lines.join('\n')}\n`);
process.exitCode = failed.length === 0 ? 0 : 1;
