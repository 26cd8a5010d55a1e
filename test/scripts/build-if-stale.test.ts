/**
 * scripts/build-if-stale.mjs, which `npm start` runs first: it compiles only when a source is newer
 * than the last build. Run on a two-file project in a scratch folder, with the real TypeScript.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'reflect-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function build(): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(dir, 'scripts', 'build-if-stale.mjs')], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

/** Sets a file's times to `secondsAgo` in the past, so the test needs no sleeping. */
function age(file: string, secondsAgo: number): void {
  const t = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(file, t, t);
}

beforeAll(() => {
  mkdirSync(path.join(dir, 'scripts'));
  mkdirSync(path.join(dir, 'src'));
  copyFileSync(path.join(ROOT, 'scripts', 'build-if-stale.mjs'), path.join(dir, 'scripts', 'build-if-stale.mjs'));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  // No DOM library and no @types: the compiler has little to load, so each build is quick.
  const options = { outDir: 'dist', rootDir: 'src', module: 'commonjs', target: 'es2022', lib: ['es2022'], types: [] };
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: options }));
  writeFileSync(
    path.join(dir, 'tsconfig.build.json'),
    JSON.stringify({ extends: './tsconfig.json', include: ['src'] }),
  );
  writeFileSync(path.join(dir, 'src', 'main.ts'), 'export const answer: number = 42;\n');
});

const stamp = path.join(dir, 'dist', '.build-stamp');

it('compiles on first start, then starts without compiling until a source changes', () => {
  expect(build()).toEqual({ status: 0, stderr: 'Compiling (first start)…\n' });
  expect(build()).toEqual({ status: 0, stderr: '' });

  // A new file counts, even one whose own time is old (copied or checked out): its folder changed.
  const added = path.join(dir, 'src', 'extra.ts');
  writeFileSync(added, 'export const extra = 1;\n');
  age(added, 3600);
  expect(build()).toEqual({ status: 0, stderr: 'Sources changed since the last build: compiling…\n' });
  expect(build()).toEqual({ status: 0, stderr: '' });
});

it('fails, and leaves the build stale, when the sources do not compile', () => {
  const before = statSync(stamp).mtimeMs;
  writeFileSync(path.join(dir, 'src', 'main.ts'), 'export const answer: number = "not a number";\n');
  const broken = build();
  expect(broken.status).not.toBe(0);
  expect(broken.stderr).toBe('Sources changed since the last build: compiling…\n');
  // No new stamp: the next start compiles again rather than running the old build.
  expect(statSync(stamp).mtimeMs).toBe(before);
});

it('starts a runtime-only tree (dist/ without sources, as after npm prune) without compiling', () => {
  rmSync(stamp);
  rmSync(path.join(dir, 'src'), { recursive: true });
  expect(build()).toEqual({ status: 0, stderr: '' });
});
