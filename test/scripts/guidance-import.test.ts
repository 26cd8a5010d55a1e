/**
 * guidance:import on a real source (the "Practice Guidance on Working with Resistance"), run as a
 * child process. Its draft, once renamed to .yaml, must pass the checker both beside the valid
 * fixture and beside the real prompts and guidance.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { formatError, loadCatalog } from '../../src/prompts';
import { promptSetFileSchema } from '../../src/prompts/schema';
import { FIXTURE_GUIDANCE, ROOT, VALID_PROMPTS, cleanTempDirs, copyDir, tempDir } from '../prompts/helpers';

afterAll(cleanTempDirs);

const SOURCE = join(ROOT, '..', 'shared', 'guidance-sources', '003_33976d6a0adf0e24.txt');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const ID = 'imported-resistance';

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
  expect(r.stdout).toMatch(/\(16 proposed questions\)/);
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
    expect(by('3.2').map((q) => q.quote)).toContain(
      'Are the needs of the child/ren known and understood, and are they being met?',
    );
    expect(by('3.2')).toHaveLength(10);
    expect(by('3.3').map((q) => q.quote)).toEqual([
      'Do you have previous experience of the parent/carer displaying actively resistant behaviours (confrontational or violent)?',
      'Are there circumstances in which these behaviours are more likely to occur?',
      'Do you feel intimidated or fearful of the parent/carer demonstrating the active resistance?',
      'Do you feel you may have been less than honest with the family to avoid conflict?',
      'Are you in a position where you will have to acknowledge the concerns about resistance for the first time, and are you fearful of the response?',
      'If another worker had these concerns about parent/carer behaviour, would you want to be made aware of them?',
    ]);
    expect(by('3.3').every((q) => q.kind === 'yesno' && q.note)).toBe(true);
    expect(draft.questions.find((q) => q.quote?.startsWith('What are the workers feelings'))?.kind).toBe('text');
    expect(draft.restsOn).toEqual([`${ID}#3.2`, `${ID}#3.3`]);

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
