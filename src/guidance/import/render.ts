/**
 * Writes the structured procedure as a guidance Markdown file. Section ids follow the loader's
 * rules exactly (numbers, else slugs); where two headings would share an id, the later one gets an
 * explicit {#id-2} anchor so the written file always loads.
 */
import { stringify } from 'yaml';
import { SECTION_ID_PATTERN, headingId } from '../section-id';
import type { Line, Structured } from './structure';

export interface FrontMatterInput {
  id: string;
  title: string;
  source: string;
}

/** Section id (and whether it needs an explicit anchor) for each heading, by line index. */
export function sectionIds(lines: readonly Line[]): Map<number, { id: string; anchor: boolean }> {
  const ids = new Map<number, { id: string; anchor: boolean }>();
  const used = new Set<string>();
  lines.forEach((line, i) => {
    if (line.kind !== 'heading') return;
    const base = headingId(line.text).id;
    let id = SECTION_ID_PATTERN.test(base) ? base : `section-${i + 1}`;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    ids.set(i, { id, anchor: id !== base });
  });
  return ids;
}

export function renderMarkdown(doc: Structured, meta: FrontMatterInput): string {
  const front = stringify(
    {
      id: meta.id,
      title: meta.title,
      publisher: 'TODO: name the publisher',
      source: meta.source,
      attribution:
        'TODO: credit the publisher as its terms require, and say what was changed (headings added, debris removed)',
    },
    { lineWidth: 0 },
  ).trimEnd();
  const ids = sectionIds(doc.lines);
  const out: string[] = ['---', front, '---', '', `# ${meta.title}`, ''];
  doc.lines.forEach((line, i) => {
    const text = renderLine(line, ids.get(i));
    if (doc.lines[i - 1]?.kind === 'table-row' && line.kind !== 'table-row') out.push(''); // end the table
    if (line.kind === 'heading') pushBlock(out, [text]);
    else if (line.kind === 'table-header') pushBlock(out, ['| Question | Yes | No |', '|---|---|---|'], true);
    else out.push(text);
  });
  return `${collapseBlanks(out).join('\n').trim()}\n`;
}

function renderLine(line: Line, id: { id: string; anchor: boolean } | undefined): string {
  switch (line.kind) {
    case 'heading':
      return `${'#'.repeat(line.level)} ${line.text}${id?.anchor ? ` {#${id.id}}` : ''}`;
    case 'bullet':
      return `- ${line.text}`;
    case 'table-row':
      return `| ${line.text.replace(/\|/g, '\\|')} |  |  |`;
    case 'text':
      return line.text;
    default:
      return '';
  }
}

/** Headings and tables need a blank line before them to be read as Markdown blocks. */
function pushBlock(out: string[], block: string[], openEnded = false): void {
  out.push('', ...block);
  if (!openEnded) out.push('');
}

function collapseBlanks(lines: string[]): string[] {
  return lines.filter((line, i) => line !== '' || lines[i - 1] !== '');
}
