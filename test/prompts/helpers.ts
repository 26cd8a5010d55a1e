/** Shared fixture plumbing: temporary prompt folders built from the valid fixture plus extra files. */
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadCatalog, type CatalogLoad, type ErrorCode, type LoadError } from '../../src/prompts';

export const ROOT = join(__dirname, '..', '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures');
export const FIXTURE_GUIDANCE = join(FIXTURES, 'guidance');
export const VALID_PROMPTS = join(FIXTURES, 'prompts', 'valid');

const made: string[] = [];

export function tempDir(prefix = 'reflect-prompts-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every folder tempDir made; call from afterAll. */
export function cleanTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function copyDir(from: string, to: string): void {
  for (const name of readdirSync(from, { withFileTypes: true })) {
    if (name.isFile()) copyFileSync(join(from, name.name), join(to, name.name));
  }
}

/** A prompts folder holding the valid fixture files plus the given fixture files and inline files. */
export function promptsWith(files: string[], inline: Record<string, string> = {}): string {
  const dir = tempDir();
  copyDir(VALID_PROMPTS, dir);
  for (const file of files) copyFileSync(file, join(dir, basename(file)));
  for (const [name, text] of Object.entries(inline)) writeFileSync(join(dir, name), text);
  return dir;
}

export function loadFixture(promptsDir: string, guidanceDir = FIXTURE_GUIDANCE): CatalogLoad {
  return loadCatalog({ guidanceDir, promptsDir });
}

export function withCode(result: CatalogLoad, code: ErrorCode): LoadError[] {
  return result.errors.filter((e) => e.code === code);
}

export function codes(errors: readonly LoadError[]): string[] {
  return [...new Set(errors.map((e) => e.code))].sort();
}
