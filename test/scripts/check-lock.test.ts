/**
 * scripts/check-lock.sh, CI's guard that package-lock.json follows package.json. Each case runs on a
 * scratch copy of the real files with npm offline, so no test reaches the registry.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

type Json = Record<string, Record<string, string>>;

function checkWith(edit: (pkg: Json) => void) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reflect-lock-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, 'scripts'));
  copyFileSync(path.join(ROOT, 'scripts', 'check-lock.sh'), path.join(dir, 'scripts', 'check-lock.sh'));
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
  edit(pkg);
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  writeFileSync(path.join(dir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
  const r = spawnSync('bash', [path.join(dir, 'scripts', 'check-lock.sh')], {
    encoding: 'utf8',
    env: { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

it('passes when the lock file is the one npm would write for package.json', () => {
  const r = checkWith(() => {});
  expect(r.stderr).toBe('');
  expect(r.stdout).toContain('package-lock.json matches package.json');
  expect(r.status).toBe(0);
});

// `npm ci` accepts both of these; the check must not.
it.each<[string, (pkg: Json) => void]>([
  [
    'a range changed that the locked version still satisfies',
    (pkg) => {
      pkg.dependencies!.yaml = '^2.0.0';
    },
  ],
  [
    'a dependency dropped from package.json but left in the lock',
    (pkg) => {
      delete pkg.dependencies!.yaml;
    },
  ],
])('fails on %s, saying how to fix it', (_case, edit) => {
  const r = checkWith(edit);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('package-lock.json does not match package.json. Run `npm install`');
});
