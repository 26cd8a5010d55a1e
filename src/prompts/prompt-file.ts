/**
 * Reading and validating one prompt file: refuse it unread if too big or not text, parse the YAML,
 * then validate by its `kind` with the schema for that kind (validating against the union would
 * report every kind's complaints at once, which buries the real one).
 */
import { contextFileSchema, messagesFileSchema, promptSetFileSchema } from './schema';
import type { ContextFile, MessagesFile, PromptSetFile } from './schema';
import { problem, type LoadError, type LoadWarning } from './errors';
import { readTextFile } from './files';
import { at, parseYaml, type YamlSource } from './yaml-source';
import { issuesToErrors } from './zod-issues';

export type PromptFileOf =
  | { kind: 'set'; data: PromptSetFile; source: YamlSource }
  | { kind: 'context'; data: ContextFile; source: YamlSource }
  | { kind: 'messages'; data: MessagesFile; source: YamlSource };

export interface PromptFileRead {
  file?: PromptFileOf;
  errors: LoadError[];
  warnings: LoadWarning[];
}

const KINDS = ['set', 'context', 'messages'] as const;

export function readPromptFile(path: string, display: string): PromptFileRead {
  const read = readTextFile(path);
  const whole = { file: display, path: '', line: 0 };
  if (!read.ok) {
    const code =
      read.reason === 'too-large'
        ? 'PROMPTS_FILE_TOO_LARGE'
        : read.reason === 'not-text'
          ? 'PROMPTS_NOT_TEXT'
          : 'PROMPTS_READ_FAILED';
    return { errors: [problem(code, whole, read.detail)], warnings: [] };
  }
  return parsePromptText(read.text, display);
}

export function parsePromptText(text: string, display: string): PromptFileRead {
  const parsed = parseYaml(text, display);
  if (!parsed.source) return { errors: parsed.errors, warnings: parsed.warnings };
  const { source } = parsed;
  const fail = (error: LoadError): PromptFileRead => ({ errors: [error], warnings: parsed.warnings });
  if (source.value === null || source.value === undefined) {
    return fail(problem('PROMPTS_EMPTY_FILE', { file: display, path: '', line: 1 }, 'the file has no content'));
  }
  if (typeof source.value !== 'object' || Array.isArray(source.value)) {
    return fail(
      problem('PROMPTS_NOT_A_MAPPING', at(source, []), `expected a mapping of fields, got ${describe(source.value)}`),
    );
  }
  const kind: unknown = 'kind' in source.value ? source.value.kind : undefined;
  if (kind === undefined) return fail(problem('PROMPTS_FIELD_MISSING', at(source, ['kind']), '"kind" is missing'));
  if (!isKind(kind)) {
    return fail(
      problem('PROMPTS_UNKNOWN_KIND', at(source, ['kind']), `kind "${String(kind)}" is not one of ${KINDS.join(', ')}`),
    );
  }
  const validated = validate(kind, source);
  return { ...validated, warnings: parsed.warnings };
}

function validate(kind: (typeof KINDS)[number], source: YamlSource): { file?: PromptFileOf; errors: LoadError[] } {
  if (kind === 'set') {
    const r = promptSetFileSchema.safeParse(source.value);
    return r.success
      ? { file: { kind, data: r.data, source }, errors: [] }
      : { errors: issuesToErrors(r.error.issues, source) };
  }
  if (kind === 'context') {
    const r = contextFileSchema.safeParse(source.value);
    return r.success
      ? { file: { kind, data: r.data, source }, errors: [] }
      : { errors: issuesToErrors(r.error.issues, source) };
  }
  const r = messagesFileSchema.safeParse(source.value);
  return r.success
    ? { file: { kind, data: r.data, source }, errors: [] }
    : { errors: issuesToErrors(r.error.issues, source) };
}

function isKind(value: unknown): value is (typeof KINDS)[number] {
  return KINDS.some((k) => k === value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'plain text (is this really a YAML prompt file?)';
  return `a ${typeof value}`;
}
