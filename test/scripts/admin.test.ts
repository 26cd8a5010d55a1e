/** The operator commands, run as real processes against a store the service wrote. */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { startTestApp } from '../support/app';
import { call, driveToPreview, press } from '../support/local-client';

const ROOT = path.resolve(__dirname, '..', '..');

function run(script: string, args: string[], dataDir: string): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', ORG_CONFIG: '' }, // this test's SQLite, whatever CI sets
    encoding: 'utf8',
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

it('erase-case removes one case, audit shows it without the reference, outbox:retry reports', async () => {
  const app = await startTestApp();
  for (const caseRef of ['CR-ERASE-ME', 'CR-KEEP-ME']) {
    const { preview } = await driveToPreview(app.url, 'alex', {
      caseRef,
      contact: 'home-visit',
      engagement: 'open',
      childSeen: 'seen-alone',
    });
    await press(app.url, 'alex', preview, 'share');
  }
  await app.stop({ keepData: true });

  const erased = run('erase-case', ['CR-ERASE-ME'], app.dataDir);
  expect(erased.code).toBe(0);
  expect(erased.out).toMatch(/Erased 1 reflection\(s\), 1 thread\(s\) and 1 thread message\(s\)/);
  const usage = run('erase-case', [], app.dataDir);
  expect(usage.code).toBe(2);
  expect(usage.out).toMatch(/ERASE_USAGE/);

  const audit = run('audit', ['--limit', '50'], app.dataDir);
  expect(audit.code).toBe(0);
  expect(audit.out).toMatch(/\tadmin\tcase\.erased\tcase-sha256:[0-9a-f]{16}/);
  expect(audit.out).toMatch(/\talex\treflection\.shared\t/);
  expect(audit.out).not.toMatch(/CR-ERASE-ME|CR-KEEP-ME/);

  expect(run('outbox-retry', [], app.dataDir).out).toMatch(/Requeued 0 deliveries/);

  const again = await startTestApp({ DATA_DIR: app.dataDir });
  try {
    const threads = (await call(again.url, 'GET', '/local/threads?supervisor=sam')).json.threads as Array<{
      caseRef: string;
    }>;
    expect(threads.map((t) => t.caseRef)).toEqual(['CR-KEEP-ME']);
  } finally {
    await again.stop();
    rmSync(app.dataDir, { recursive: true, force: true });
  }
});
