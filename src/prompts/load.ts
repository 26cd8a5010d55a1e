/**
 * Loads prompts/*.yaml into the engine's Catalog and cross-checks it against the guidance. It never
 * throws on bad content: it reports every problem it can find in one pass and returns a catalog only
 * when there are none, so a broken prompt file can never reach practitioners half-checked.
 */
import { join } from 'node:path';
import type { Catalog, GuidanceDoc } from '../core/catalog';
import { loadGuidance } from '../guidance/load';
import { buildCatalog } from './build';
import { checkContext } from './check-context';
import { checkCore } from './check-core';
import { checkIds } from './check-ids';
import { checkPlaceholders } from './check-placeholders';
import { checkRules } from './check-rules';
import { checkSources } from './check-sources';
import { problem, type LoadError, type LoadWarning } from './errors';
import { displayPath, listFiles } from './files';
import type { PromptModel } from './model';
import { readPromptFile, type PromptFileOf } from './prompt-file';

export interface CatalogLoad {
  /** Present only when there are no errors. */
  catalog?: Catalog;
  /** Whatever could be built despite errors; for reports such as coverage, never for the engine. */
  partial?: Catalog;
  errors: LoadError[];
  warnings: LoadWarning[];
}

/** Drafts (from guidance:import) await review; prompts/llm/ holds model prompts, not prompt sets. */
export function isPromptFileName(name: string): boolean {
  return /\.ya?ml$/.test(name) && !/\.draft\.ya?ml$/.test(name);
}

export function loadPrompts(dir: string, guidance: Map<string, GuidanceDoc>): CatalogLoad {
  const names = listFiles(dir);
  if (!names) {
    return {
      errors: [
        problem('PROMPTS_DIR_MISSING', { file: displayPath(dir), path: '', line: 0 }, 'prompts folder not found'),
      ],
      warnings: [],
    };
  }
  const errors: LoadError[] = [];
  const warnings: LoadWarning[] = [];
  const files: PromptFileOf[] = [];
  for (const name of names.filter(isPromptFileName)) {
    const path = join(dir, name);
    const read = readPromptFile(path, displayPath(path));
    errors.push(...read.errors);
    warnings.push(...read.warnings);
    if (read.file) files.push(read.file);
  }
  const model = toModel(files, guidance, dir);
  errors.push(...model.errors);
  const checked = crossCheck(model.model);
  errors.push(...checked.errors);
  warnings.push(...checked.warnings);
  const partial = buildCatalog(model.model);
  // Core limits are judged only on content that is otherwise sound: a partial catalog proves nothing.
  if (errors.length === 0) errors.push(...checkCore(model.model, partial));
  errors.sort(byPlace);
  warnings.sort(byPlace);
  return errors.length === 0 ? { catalog: partial, partial, errors, warnings } : { partial, errors, warnings };
}

export function loadCatalog(options: { guidanceDir: string; promptsDir: string }): CatalogLoad {
  const guidance = loadGuidance(options.guidanceDir);
  const prompts = loadPrompts(options.promptsDir, guidance.docs);
  const errors = [...guidance.errors, ...prompts.errors];
  const warnings = [...guidance.warnings, ...prompts.warnings];
  const { partial } = prompts;
  const base = { errors, warnings, ...(partial && { partial }) };
  return errors.length === 0 && prompts.catalog ? { ...base, catalog: prompts.catalog } : base;
}

function toModel(
  files: PromptFileOf[],
  guidance: Map<string, GuidanceDoc>,
  dir: string,
): { model: PromptModel; errors: LoadError[] } {
  const model: PromptModel = { guidance, sets: [] };
  const messages = files.filter((f) => f.kind === 'messages');
  const contexts = files.filter((f) => f.kind === 'context');
  const first = (list: PromptFileOf[]): PromptFileOf | undefined => list[0];
  const m = first(messages);
  const c = first(contexts);
  if (m?.kind === 'messages') model.messages = { data: m.data, source: m.source };
  if (c?.kind === 'context') model.context = { data: c.data, source: c.source };
  for (const f of files) if (f.kind === 'set') model.sets.push({ data: f.data, source: f.source });
  const errors = [
    ...countError('PROMPTS_MESSAGES_FILE_COUNT', 'messages', messages, dir),
    ...countError('PROMPTS_CONTEXT_FILE_COUNT', 'context', contexts, dir),
  ];
  return { model, errors };
}

function countError(
  code: 'PROMPTS_MESSAGES_FILE_COUNT' | 'PROMPTS_CONTEXT_FILE_COUNT',
  kind: string,
  found: PromptFileOf[],
  dir: string,
): LoadError[] {
  if (found.length === 1) return [];
  if (found.length === 0) {
    return [
      problem(code, { file: displayPath(dir), path: '', line: 0 }, `no valid file with kind: ${kind} was loaded`),
    ];
  }
  const names = found.map((f) => f.source.file).join(', ');
  return found
    .slice(1)
    .map((f) =>
      problem(
        code,
        { file: f.source.file, path: 'kind', line: f.source.lineOf(['kind']) },
        `more than one kind: ${kind} file (${names})`,
      ),
    );
}

function crossCheck(model: PromptModel): { errors: LoadError[]; warnings: LoadWarning[] } {
  const rules = checkRules(model);
  const placeholders = checkPlaceholders(model);
  const errors = [
    ...checkIds(model),
    ...checkSources(model),
    ...rules.errors,
    ...checkContext(model),
    ...placeholders.errors,
  ];
  return { errors, warnings: [...rules.warnings, ...placeholders.warnings] };
}

/** File then line, so a report reads top to bottom through each file. */
function byPlace(a: LoadError, b: LoadError): number {
  return a.file.localeCompare(b.file) || a.line - b.line;
}
