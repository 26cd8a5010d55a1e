/**
 * Reading content files defensively: size is checked before reading so a huge file is refused
 * without being parsed, and bytes must be valid UTF-8 text so a binary file gets a clear error
 * instead of a confusing YAML one.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';

export const MAX_FILE_BYTES = 1024 * 1024;

/** Paths in messages are relative to the working directory when they can be ("prompts/x.yaml"). */
export function displayPath(file: string): string {
  const abs = resolve(file);
  const rel = relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}

export type TextRead =
  | { ok: true; text: string }
  | { ok: false; reason: 'too-large' | 'not-text' | 'unreadable'; detail: string };

export function readTextFile(file: string): TextRead {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (err) {
    return { ok: false, reason: 'unreadable', detail: messageOf(err) };
  }
  if (size > MAX_FILE_BYTES) {
    return {
      ok: false,
      reason: 'too-large',
      detail: `file is ${formatBytes(size)}, the limit is ${formatBytes(MAX_FILE_BYTES)}`,
    };
  }
  try {
    return decodeText(readFileSync(file));
  } catch (err) {
    return { ok: false, reason: 'unreadable', detail: messageOf(err) };
  }
}

function decodeText(bytes: Buffer): TextRead {
  // NUL bytes never occur in text files; fatal decoding rejects anything that is not UTF-8.
  if (bytes.includes(0))
    return { ok: false, reason: 'not-text', detail: 'file contains NUL bytes, so it is not a text file' };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { ok: true, text: text.startsWith('\uFEFF') ? text.slice(1) : text };
  } catch {
    return { ok: false, reason: 'not-text', detail: 'file is not valid UTF-8 text' };
  }
}

/** Sorted file names in a folder, or undefined when the folder cannot be read. */
export function listFiles(dir: string): string[] | undefined {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile() || entry.isSymbolicLink()) // a linked file is still content
      .map((entry) => entry.name)
      .sort();
  } catch {
    return undefined;
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
