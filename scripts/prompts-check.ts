/**
 * npm run prompts:check [-- --guidance DIR --prompts DIR --quiet --json]
 *
 * Loads guidance and prompts exactly as the bot does and prints every error and warning, then how
 * well the questions cover the guidance. Exit code 1 on any error so CI and `npm test` stop on it.
 */
import {
  coverage,
  coverageTotals,
  formatError,
  loadCatalog,
  type CatalogLoad,
  type SectionCoverage,
} from '../src/prompts';

interface Options {
  guidance: string;
  prompts: string;
  quiet: boolean;
  json: boolean;
}

const USAGE = 'usage: prompts-check [--guidance DIR] [--prompts DIR] [--quiet] [--json]';

function parseArgs(argv: string[]): Options | string {
  const options: Options = { guidance: 'guidance', prompts: 'prompts', quiet: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quiet') options.quiet = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--guidance' || arg === '--prompts') {
      const value = argv[++i];
      if (!value) return `${arg} needs a folder\n${USAGE}`;
      options[arg === '--guidance' ? 'guidance' : 'prompts'] = value;
    } else return `unknown option ${String(arg)}\n${USAGE}`;
  }
  return options;
}

function write(text: string): void {
  process.stdout.write(`${text}\n`);
}

function printCoverage(rows: SectionCoverage[]): void {
  write('\nCoverage of the guidance by questions:');
  const width = Math.min(64, Math.max(...rows.map((r) => r.ref.length), 10));
  for (const r of rows) {
    const count = `${r.questions} question${r.questions === 1 ? '' : 's'}`;
    const mark = r.uncitedWithQuestions ? '  ⚠ uncited, holds questions' : '';
    write(`  ${r.ref.padEnd(width)}  ${clip(r.heading, 50).padEnd(50)}  ${count}${mark}`);
  }
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function summary(result: CatalogLoad): string {
  const catalog = result.catalog ?? result.partial;
  const parts = [`${result.errors.length} error(s)`, `${result.warnings.length} warning(s)`];
  if (catalog) {
    const t = coverageTotals(coverage(catalog), catalog);
    parts.push(
      `${t.questions} questions in ${catalog.sets.length} sets`,
      `${t.cited}/${t.sections} sections cited`,
      `${t.uncitedWithQuestions} uncited section(s) holding questions`,
    );
  }
  return `prompts:check: ${parts.join(', ')}`;
}

function printJson(result: CatalogLoad): void {
  const catalog = result.catalog ?? result.partial;
  const rows = catalog ? coverage(catalog) : [];
  const totals = catalog ? coverageTotals(rows, catalog) : undefined;
  write(
    JSON.stringify(
      { ok: result.errors.length === 0, errors: result.errors, warnings: result.warnings, coverage: rows, totals },
      null,
      2,
    ),
  );
}

function main(): number {
  const options = parseArgs(process.argv.slice(2));
  if (typeof options === 'string') {
    process.stderr.write(`${options}\n`);
    return 2;
  }
  const result = loadCatalog({ guidanceDir: options.guidance, promptsDir: options.prompts });
  if (options.json) {
    printJson(result);
    return result.errors.length > 0 ? 1 : 0;
  }
  for (const e of result.errors) write(formatError(e));
  if (!options.quiet) {
    for (const w of result.warnings) write(`warning: ${formatError(w)}`);
    const catalog = result.catalog ?? result.partial;
    if (catalog) printCoverage(coverage(catalog));
  }
  write(summary(result));
  return result.errors.length > 0 ? 1 : 0;
}

process.exitCode = main();
