/**
 * Parses one guidance Markdown file: YAML front matter naming the document and its publisher, then
 * the body split into sections at headings. A section's text stops at the next heading of any level,
 * so a quote is always checked against the words directly under the heading it cites.
 */
import { z } from 'zod';
import type { GuidanceDoc, GuidanceSection } from '../core/catalog';
import { problem, type LoadError } from '../prompts/errors';
import { parseYaml } from '../prompts/yaml-source';
import { issuesToErrors } from '../prompts/zod-issues';
import { SECTION_ID_PATTERN, headingId } from './section-id';

const field = z.string().trim().min(1, 'must not be empty');
/** Dates and versions are often written bare (1.2), which YAML reads as a number; keep them as text. */
const looseText = z.union([field, z.number().transform(String)]);

export const frontMatterSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lowercase slug (a-z, 0-9 and hyphens)'),
  title: field,
  /** A short name for chat context lines and summaries, e.g. "Pan-Bedfordshire guidance". */
  short: z.string().trim().min(1).max(60).optional(),
  publisher: field,
  source: field,
  date: looseText.optional(),
  version: looseText.optional(),
  attribution: field,
});

export interface GuidanceParse {
  doc?: GuidanceDoc;
  errors: LoadError[];
}

export function parseGuidanceMarkdown(text: string, file: string, expectedId: string): GuidanceParse {
  const lines = text.split(/\r?\n/);
  const close = lines[0]?.trim() === '---' ? lines.findIndex((l, i) => i > 0 && l.trim() === '---') : -1;
  if (close < 0) {
    return {
      errors: [
        problem(
          'GUIDANCE_FRONT_MATTER_MISSING',
          { file, path: '', line: 1 },
          'no front matter between --- lines at the top',
        ),
      ],
    };
  }
  const meta = readFrontMatter(lines.slice(1, close).join('\n'), file, expectedId);
  const sections = readSections(lines, close + 1, file);
  const errors = [...meta.errors, ...sections.errors];
  if (!meta.value || errors.length > 0) return { errors };
  return { doc: { ...meta.value, file, sections: sections.sections }, errors };
}

type FrontMatter = z.infer<typeof frontMatterSchema>;

function readFrontMatter(
  yamlText: string,
  file: string,
  expectedId: string,
): { value?: FrontMatter; errors: LoadError[] } {
  // The front matter starts on line 2 of the file, after the opening ---.
  const parsed = parseYaml(yamlText, file, 1);
  const recode = (e: LoadError): LoadError => ({ ...e, code: 'GUIDANCE_FRONT_MATTER_INVALID' });
  if (!parsed.source) return { errors: parsed.errors.map(recode) };
  const result = frontMatterSchema.safeParse(parsed.source.value ?? {});
  if (!result.success) return { errors: issuesToErrors(result.error.issues, parsed.source).map(recode) };
  if (result.data.id !== expectedId) {
    const where = { file, path: 'id', line: parsed.source.lineOf(['id']) };
    return {
      errors: [
        problem(
          'GUIDANCE_ID_MISMATCH',
          where,
          `id "${result.data.id}" does not match the file name "${expectedId}.md"`,
        ),
      ],
    };
  }
  return { value: result.data, errors: [] };
}

interface Heading {
  level: number;
  raw: string;
  index: number; // 0-based line index
}

function readSections(
  lines: string[],
  from: number,
  file: string,
): { sections: GuidanceSection[]; errors: LoadError[] } {
  const headings = findHeadings(lines, from);
  const sections: GuidanceSection[] = [];
  const errors: LoadError[] = [];
  const seen = new Map<string, number>();
  headings.forEach((h, n) => {
    if (h.level === 1) return; // the document title, not a citable section
    const { heading, id } = headingId(h.raw);
    const where = { file, path: `#${id}`, line: h.index + 1 };
    if (!SECTION_ID_PATTERN.test(id)) {
      errors.push(problem('GUIDANCE_BAD_SECTION_ID', where, `heading "${heading}" gives the section id "${id}"`));
      return;
    }
    const first = seen.get(id);
    if (first !== undefined) {
      errors.push(
        problem('GUIDANCE_DUPLICATE_SECTION', where, `section id "${id}" is also used by the heading on line ${first}`),
      );
      return;
    }
    seen.set(id, h.index + 1);
    const end = headings[n + 1]?.index ?? lines.length;
    sections.push({
      id,
      heading,
      text: lines
        .slice(h.index + 1, end)
        .join('\n')
        .trim(),
      line: h.index + 1,
    });
  });
  return { sections, errors };
}

/** ATX headings outside fenced code blocks. */
function findHeadings(lines: string[], from: number): Heading[] {
  const headings: Heading[] = [];
  let fenced = false;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const m = /^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (m?.[1] && m[2]) headings.push({ level: m[1].length, raw: m[2], index: i });
  }
  return headings;
}
