/**
 * Turns zod issues into located load errors. Zod reports paths like ["questions", 3, "quote"];
 * the YAML source maps them back to a line, and the wording is reshaped to say what was expected.
 */
import type { z } from 'zod';
import { problem, type LoadError, type PathItem } from './errors';
import { at, type YamlSource } from './yaml-source';

type Issue = z.core.$ZodIssue;

export function issuesToErrors(issues: readonly Issue[], source: YamlSource): LoadError[] {
  return issues.flatMap((issue) => issueToErrors(issue, source));
}

function issueToErrors(issue: Issue, source: YamlSource): LoadError[] {
  const path = issue.path.filter((p): p is PathItem => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) =>
      problem('PROMPTS_UNKNOWN_FIELD', at(source, [...path, key]), `unknown field "${key}" is not part of this format`),
    );
  }
  const last = path[path.length - 1];
  if (last !== undefined && valueAt(source.value, path) === undefined) {
    return [problem('PROMPTS_FIELD_MISSING', at(source, path), `"${last}" is missing: ${missingDetail(issue)}`)];
  }
  if (issue.code === 'invalid_key') {
    const inner = issue.issues[0]?.message ?? issue.message;
    return [problem('PROMPTS_SCHEMA_INVALID', at(source, path), `invalid key "${String(last)}": ${inner}`)];
  }
  return [problem('PROMPTS_SCHEMA_INVALID', at(source, path), `${issue.message}${receivedNote(source.value, path)}`)];
}

function missingDetail(issue: Issue): string {
  if (issue.code === 'invalid_type') return `expected ${issue.expected}`;
  return issue.message;
}

/** Shows the offending value when it is short, so the author sees what the loader saw. */
function receivedNote(root: unknown, path: readonly PathItem[]): string {
  const value = valueAt(root, path);
  if (typeof value === 'string') return value.length <= 60 ? `, got "${value}"` : '';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return `, got ${String(value)}`;
  return '';
}

export function valueAt(root: unknown, path: readonly PathItem[]): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PathItem, unknown>)[key];
  }
  return node;
}
