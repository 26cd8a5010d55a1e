/** The prompts:check CLI, run as a child process exactly as npm runs it. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { FIXTURES, FIXTURE_GUIDANCE, ROOT, VALID_PROMPTS, cleanTempDirs, promptsWith } from '../prompts/helpers';

afterAll(cleanTempDirs);

const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

function check(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(TSX, ['scripts/prompts-check.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('prompts:check', () => {
  it('exits 0 on the valid fixture and prints the coverage table and totals', () => {
    const r = check('--guidance', FIXTURE_GUIDANCE, '--prompts', VALID_PROMPTS);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Coverage of the guidance by questions:/);
    expect(r.stdout).toMatch(/hostile-families#7\.2 +7\.2 The Impact on your Assessment +4 questions\n/);
    expect(r.stdout).toMatch(
      /hostile-families#uncited-questions +Uncited Questions +0 questions {2}⚠ uncited, holds questions/,
    );
    expect(r.stdout).toMatch(
      /prompts:check: 0 error\(s\), 0 warning\(s\), 11 questions in 2 sets, 4\/10 sections cited, 1 uncited section\(s\) holding questions\n$/,
    );
  });

  it('exits 1 and prints each error as file:line path — CODE: message', () => {
    const dir = promptsWith([join(FIXTURES, 'prompts', 'evil', 'quote-not-found.yaml')]);
    const r = check('--guidance', FIXTURE_GUIDANCE, '--prompts', dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /quote-not-found\.yaml:12 questions\[0\]\.quote — PROMPTS_QUOTE_NOT_FOUND: question "misquoted-question": quote "Am I focussing on the needs of the child\?" is not in hostile-families#7\.2/,
    );
    expect(r.stdout).toMatch(/prompts:check: 1 error\(s\)/);
  });

  it('prints only errors and the total with --quiet', () => {
    const dir = promptsWith([join(FIXTURES, 'prompts', 'evil', 'unknown-flag.yaml')]);
    const r = check('--guidance', FIXTURE_GUIDANCE, '--prompts', dir, '--quiet');
    expect(r.status).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/PROMPTS_UNKNOWN_FLAG/);
    expect(lines[1]).toMatch(/^prompts:check: 1 error\(s\)/);
  });

  it('prints JSON with --json', () => {
    const r = check('--guidance', FIXTURE_GUIDANCE, '--prompts', VALID_PROMPTS, '--json');
    expect(r.status).toBe(0);
    const report: unknown = JSON.parse(r.stdout);
    expect(report).toMatchObject({ ok: true, errors: [], warnings: [], totals: { sections: 10, questions: 11 } });
  });

  it('rejects unknown options with usage', () => {
    const r = check('--colour');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown option --colour\nusage: prompts-check/);
  });

  // How fast it runs is a benchmark's business: a timed assertion here fails on a busy machine.
  it('checks the real repository', () => {
    const r = check('--quiet');
    expect(r.stdout).toMatch(/prompts:check: 0 error\(s\)/);
    expect(r.status).toBe(0);
  });
});
