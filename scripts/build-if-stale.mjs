#!/usr/bin/env node
/**
 * `npm start` runs this first: it compiles src/ only when a source (or the build's own config) is
 * newer than the last successful build, so an unchanged checkout starts at once. The stamp is
 * written after tsc succeeds, because incremental tsc leaves unchanged outputs with old times.
 * Plain JavaScript with no dependencies, so it runs before anything is built.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.build-stamp');
const inputs = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];

function newest(file) {
  if (!existsSync(file)) return 0;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs; // a deleted or renamed file changes its folder's time
  for (const entry of readdirSync(file)) latest = Math.max(latest, newest(path.join(file, entry)));
  return latest;
}

// A runtime-only tree (the pruned production install) has dist/ and no sources: nothing to build.
if (!existsSync(path.join(root, 'src')) && existsSync(path.join(root, 'dist', 'main.js'))) process.exit(0);

const builtAt = existsSync(stamp) && existsSync(path.join(root, 'dist', 'main.js')) ? statSync(stamp).mtimeMs : 0;
const changedAt = Math.max(...inputs.map((f) => newest(path.join(root, f))));
if (builtAt > changedAt) process.exit(0);

process.stderr.write(builtAt ? 'Sources changed since the last build: compiling…\n' : 'Compiling (first start)…\n');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
mkdirSync(path.dirname(stamp), { recursive: true });
writeFileSync(stamp, `${new Date().toISOString()}\n`);
