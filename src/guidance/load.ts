/**
 * Loads every guidance/<id>.md into documents keyed by id. A broken document is reported and left
 * out; the rest still load, so prompt checks can go on and report everything in one run.
 */
import { basename, join } from 'node:path';
import type { GuidanceDoc } from '../core/catalog';
import { problem, type LoadError, type LoadWarning } from '../prompts/errors';
import { displayPath, listFiles, readTextFile } from '../prompts/files';
import { parseGuidanceMarkdown } from './markdown';

export interface GuidanceLoad {
  docs: Map<string, GuidanceDoc>;
  errors: LoadError[];
  warnings: LoadWarning[];
}

export function loadGuidance(dir: string): GuidanceLoad {
  const docs = new Map<string, GuidanceDoc>();
  const errors: LoadError[] = [];
  const names = listFiles(dir);
  if (!names) {
    errors.push(
      problem('GUIDANCE_DIR_MISSING', { file: displayPath(dir), path: '', line: 0 }, 'guidance folder not found'),
    );
    return { docs, errors, warnings: [] };
  }
  // A README beside the documents describes the folder; it is not guidance.
  for (const name of names.filter((n) => n.endsWith('.md') && n.toLowerCase() !== 'readme.md')) {
    const result = loadOne(join(dir, name));
    errors.push(...result.errors);
    if (result.doc) docs.set(result.doc.id, result.doc);
  }
  return { docs, errors, warnings: [] };
}

function loadOne(path: string): { doc?: GuidanceDoc; errors: LoadError[] } {
  const file = displayPath(path);
  const read = readTextFile(path);
  if (!read.ok) {
    const code = read.reason === 'too-large' ? 'GUIDANCE_FILE_TOO_LARGE' : 'GUIDANCE_READ_FAILED';
    return { errors: [problem(code, { file, path: '', line: 0 }, read.detail)] };
  }
  return parseGuidanceMarkdown(read.text, file, basename(path, '.md'));
}
