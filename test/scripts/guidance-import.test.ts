/**
 * guidance:import run as a child process on a small procedure written for these tests, shaped like a
 * local procedure extracted from a PDF (test/fixtures/procedures/README.md lists what it exercises).
 * Its draft, once renamed to .yaml, must pass the checker both beside the valid fixture and beside
 * the real prompts and guidance.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { formatError, loadCatalog } from '../../src/prompts';
import { promptSetFileSchema } from '../../src/prompts/schema';
import { FIXTURE_GUIDANCE, ROOT, VALID_PROMPTS, cleanTempDirs, copyDir, tempDir } from '../prompts/helpers';

afterAll(cleanTempDirs);

const SOURCE = join(ROOT, 'test', 'fixtures', 'procedures', 'lone-visits.txt');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const ID = 'imported-lone-visits';

function runImport(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(TSX, ['scripts/guidance-import.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Imports SOURCE into fresh guidance and prompts folders seeded from the given ones. */
function importInto(seedGuidance: string, seedPrompts: string): { guidance: string; prompts: string } {
  const guidance = tempDir('reflect-import-guidance-');
  const prompts = tempDir('reflect-import-prompts-');
  copyDir(seedGuidance, guidance);
  copyDir(seedPrompts, prompts);
  const r = runImport(SOURCE, '--id', ID, '--out-guidance', guidance, '--out-prompts', prompts);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/\(10 proposed questions\)/);
  return { guidance, prompts };
}

describe('guidance:import', () => {
  it('writes guidance and a draft that is not loaded until renamed', () => {
    const out = importInto(FIXTURE_GUIDANCE, VALID_PROMPTS);
    expect(existsSync(join(out.guidance, `${ID}.md`))).toBe(true);
    const draftFile = join(out.prompts, `${ID}.draft.yaml`);
    const draftText = readFileSync(draftFile, 'utf8');
    expect(draftText).toMatch(/^# DRAFT written by guidance:import.*never loaded/);
    // While it is a draft, the folder loads exactly as before.
    expect(loadCatalog({ guidanceDir: out.guidance, promptsDir: out.prompts }).catalog?.sets).toHaveLength(2);

    const draft = promptSetFileSchema.parse(parse(draftText));
    const by = (section: string) => draft.questions.filter((q) => q.source === `${ID}#${section}`);
    // Bullets under an "ask yourself" lead-in count even without a question mark; "how ..." is open.
    expect(by('2.1').map((q) => [q.quote, q.kind])).toEqual([
      ['whether a joint visit would be safer;', 'yesno'],
      ['how you will leave if the visit becomes unsafe.', 'text'],
      ['Have you told a colleague where you are going and when you expect to return?', 'yesno'],
    ]);
    // Question bullets and a standalone question line; the repeated bullet is proposed once.
    expect(by('3.1').map((q) => [q.quote, q.kind])).toEqual([
      ['Did you see the child, and did you see the child alone?', 'yesno'],
      ["What did the child's day look like, from the child's point of view?", 'text'],
      ["Did the family's behaviour change what you would usually ask or do? Why?", 'yesno'],
      ['What are you feeling now that the visit is over?', 'text'],
    ]);
    // The yes/no table's rows, across the blank line inside it, are yes/no questions.
    expect(by('3.2').map((q) => [q.quote, q.kind])).toEqual([
      ['Were you threatened or made to feel unsafe during the visit?', 'yesno'],
      ['Was the child prevented from speaking to you?', 'yesno'],
      ['Did anyone refuse to let you see part of the home?', 'yesno'],
    ]);
    expect(draft.questions.find((q) => q.quote?.endsWith('safer;'))?.text).toBe('whether a joint visit would be safer');
    expect(draft.restsOn).toEqual([`${ID}#2.1`, `${ID}#3.1`, `${ID}#3.2`]);

    const guidanceText = readFileSync(join(out.guidance, `${ID}.md`), 'utf8');
    expect(guidanceText).not.toMatch(/PURPOSE|Contents/); // the contents page is dropped
    expect(guidanceText).toMatch(/\n### 3\.2 Sharing Concerns\n/);
    expect(guidanceText).toMatch(/\n\| Did anyone refuse to let you see part of the home\? \| {2}\| {2}\|\n/);
    expect(guidanceText).toMatch(/\n#### Keeping Records\n/);

    renameSync(draftFile, join(out.prompts, `${ID}.yaml`));
    const result = loadCatalog({ guidanceDir: out.guidance, promptsDir: out.prompts });
    expect(result.errors.map(formatError)).toEqual([]);
    expect(result.catalog?.sets.map((s) => s.id)).toContain(ID);
    expect(result.catalog?.questions.get(`${ID}-q1`)?.choices.map((c) => c.id)).toEqual(['yes', 'no', 'unsure']);
  });

  it('produces a draft that passes beside the real prompts and guidance', () => {
    const out = importInto(join(ROOT, 'guidance'), join(ROOT, 'prompts'));
    renameSync(join(out.prompts, `${ID}.draft.yaml`), join(out.prompts, `${ID}.yaml`));
    const result = loadCatalog({ guidanceDir: out.guidance, promptsDir: out.prompts });
    expect(result.errors.map(formatError)).toEqual([]);
  });

  it('refuses to overwrite existing files without --force', () => {
    const out = importInto(FIXTURE_GUIDANCE, VALID_PROMPTS);
    const again = runImport(SOURCE, '--id', ID, '--out-guidance', out.guidance, '--out-prompts', out.prompts);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/refusing to overwrite/);
    const forced = runImport(
      SOURCE,
      '--id',
      ID,
      '--out-guidance',
      out.guidance,
      '--out-prompts',
      out.prompts,
      '--force',
    );
    expect(forced.status).toBe(0);
  });

  it('rejects a bad --id', () => {
    const r = runImport(SOURCE, '--id', 'Not A Slug');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--id "Not A Slug" must be a lowercase slug/);
  });
});
