/**
 * npm run guidance:import -- <file.md|.txt> [--id slug] [--out-guidance DIR] [--out-prompts DIR] [--force]
 *
 * Turns a new local procedure into guidance/<id>.md and a draft prompts/<id>.draft.yaml for review.
 * Existing files are never overwritten without --force: a guidance file may already be cited.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DOC_ID_PATTERN, importProcedure } from '../src/guidance/import';

interface Options {
  input: string;
  id?: string;
  outGuidance: string;
  outPrompts: string;
  force: boolean;
}

const USAGE = 'usage: guidance-import <file.md|.txt> [--id slug] [--out-guidance DIR] [--out-prompts DIR] [--force]';

function parseArgs(argv: string[]): Options | string {
  let input: string | undefined;
  const options: Omit<Options, 'input'> = { outGuidance: 'guidance', outPrompts: 'prompts', force: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--force') options.force = true;
    else if (arg === '--id' || arg === '--out-guidance' || arg === '--out-prompts') {
      const value = argv[++i];
      if (!value) return `${arg} needs a value`;
      if (arg === '--id') options.id = value;
      else if (arg === '--out-guidance') options.outGuidance = value;
      else options.outPrompts = value;
    } else if (arg.startsWith('--')) return `unknown option ${arg}`;
    else if (input) return `only one input file, got ${input} and ${arg}`;
    else input = arg;
  }
  if (!input) return 'name the procedure file to import';
  if (options.id !== undefined && !DOC_ID_PATTERN.test(options.id))
    return `--id "${options.id}" must be a lowercase slug (a-z, 0-9, hyphens)`;
  return { input, ...options };
}

function run(options: Options): number {
  const text = readFileSync(options.input, 'utf8');
  const result = importProcedure(text, {
    inputName: basename(options.input),
    ...(options.id !== undefined && { id: options.id }),
  });
  const guidanceFile = join(options.outGuidance, `${result.id}.md`);
  const draftFile = join(options.outPrompts, `${result.id}.draft.yaml`);
  const clash = [guidanceFile, draftFile].filter((f) => existsSync(f));
  if (clash.length > 0 && !options.force) {
    process.stderr.write(`refusing to overwrite ${clash.join(' and ')}; choose another --id or pass --force\n`);
    return 1;
  }
  mkdirSync(options.outGuidance, { recursive: true });
  mkdirSync(options.outPrompts, { recursive: true });
  writeFileSync(guidanceFile, result.markdown);
  writeFileSync(draftFile, result.draftYaml);
  process.stdout.write(`wrote ${guidanceFile}\nwrote ${draftFile} (${result.questions.length} proposed questions)\n`);
  for (const note of result.notes) process.stdout.write(`note: ${note}\n`);
  process.stdout.write(
    'next: fill in publisher and attribution in the guidance front matter, review the draft, rename it to .yaml, run npm run prompts:check\n',
  );
  return 0;
}

function main(): number {
  const options = parseArgs(process.argv.slice(2));
  if (typeof options === 'string') {
    process.stderr.write(`${options}\n${USAGE}\n`);
    return 2;
  }
  try {
    return run(options);
  } catch (err) {
    process.stderr.write(`guidance:import failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

process.exitCode = main();
