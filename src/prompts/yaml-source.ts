/**
 * YAML parsing that remembers where everything came from. The parsed document is kept beside the
 * plain value so any later error (schema or cross-check) can be pinned to the line of the node it
 * is about, and alias expansion is capped so a "billion laughs" file cannot exhaust memory.
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { formatPath, problem, type LoadError, type LoadWarning, type PathItem, type Where } from './errors';

/** Real content never needs more; a handful of aliases is already unusual in prompt files. */
export const MAX_ALIAS_COUNT = 50;

export interface YamlSource {
  file: string;
  value: unknown;
  /** 1-based line of the node at path, or of its nearest existing ancestor. */
  lineOf(path: readonly PathItem[]): number;
}

export interface YamlParse {
  source?: YamlSource;
  errors: LoadError[];
  warnings: LoadWarning[];
}

/** Where an error about the node at path points. */
export function at(source: YamlSource, path: readonly PathItem[]): Where {
  return { file: source.file, path: formatPath(path), line: source.lineOf(path) };
}

/**
 * Parses one YAML document. lineOffset shifts reported lines, for YAML embedded in another file
 * (Markdown front matter).
 */
export function parseYaml(text: string, file: string, lineOffset = 0): YamlParse {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line + lineOffset;
  const warnings = doc.warnings.map((w) =>
    problem(
      'PROMPTS_YAML_SYNTAX',
      { file, path: '', line: lineAt(w.pos[0]) },
      firstLine(w.message),
      'check the YAML here',
    ),
  );
  if (doc.errors.length > 0) {
    const errors = doc.errors.map((e) =>
      problem('PROMPTS_YAML_SYNTAX', { file, path: '', line: lineAt(e.pos[0]) }, firstLine(e.message)),
    );
    return { errors, warnings };
  }
  const value = toValue(doc, file);
  if ('error' in value) return { errors: [value.error], warnings };
  const lineOf = (path: readonly PathItem[]): number => lineAt(offsetOf(doc, path));
  return { source: { file, value: value.value, lineOf }, errors: [], warnings };
}

function toValue(doc: Document, file: string): { value: unknown } | { error: LoadError } {
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // yaml throws a ReferenceError naming "alias" when the expansion cap is hit.
    const code = /alias/i.test(message) ? 'PROMPTS_YAML_ALIAS_BOMB' : 'PROMPTS_YAML_SYNTAX';
    const detail =
      code === 'PROMPTS_YAML_ALIAS_BOMB'
        ? `refused: aliases expand beyond ${MAX_ALIAS_COUNT} nodes, which looks like a "billion laughs" attack`
        : message;
    return { error: problem(code, { file, path: '', line: 1 }, detail) };
  }
}

/** Offset of the deepest node along path that exists; keys point at the pair's value when present. */
function offsetOf(doc: Document, path: readonly PathItem[]): number {
  let node: unknown = doc.contents;
  let best = rangeStart(node) ?? 0;
  for (const key of path) {
    const next = childOf(node, key);
    if (!next) break;
    best = rangeStart(next.value) ?? rangeStart(next.key) ?? best;
    node = next.value;
  }
  return best;
}

function childOf(node: unknown, key: PathItem): { key?: unknown; value: unknown } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
    return pair ? { key: pair.key, value: pair.value } : undefined;
  }
  if (isSeq(node) && typeof key === 'number') {
    const item: unknown = node.items[key];
    return item === undefined ? undefined : { value: item };
  }
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  if (typeof node !== 'object' || node === null || !('range' in node)) return undefined;
  const range: unknown = node.range;
  return Array.isArray(range) && typeof range[0] === 'number' ? range[0] : undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
