/**
 * Reads a local procedure (plain text extracted from a PDF or web page, or Markdown) into typed lines:
 * headings, bullets, yes/no table rows and text. Plain-text extractions carry no markup, so headings
 * are recognised by shape: numbered lines ("3.2 The Impact on Assessment") and short Title-Case lines.
 * Contents-page lines are dropped; everything else keeps its words unchanged.
 */

export type Line =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'bullet'; text: string }
  | { kind: 'table-header' }
  | { kind: 'table-row'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'blank' };

export interface Structured {
  title: string;
  lines: Line[];
}

const BULLET = /^\s*(?:[•●▪◦‣∙·]|[-–*])\s+(.*)$/;
const NUMBERED = /^(\d+(?:\.\d+)*)\.?\s+(\S.*)$/;
const MARKDOWN_HEADING = /^(#{1,6})\s+(.*?)\s*#*$/;
const YES_NO_HEADER = /^\|?\s*questions?\s*(?:\||\t|\s)\s*yes\s*(?:\||\t|\s)\s*no\s*\|?$/i;
/** "1.1 CONTEXT.....\t2" or "3.2 THE IMPACT ON ASSESSMENT\t6": a contents entry with a page number. */
const CONTENTS_LINE = /(?:\.{4,}\s*\d*\s*$)|(?:^\d+(?:\.\d+)*\.?\s+[^\t]+\t+\d+\s*$)/;
const SMALL_WORDS = new Set([
  'a',
  'an',
  'and',
  'as',
  'at',
  'but',
  'by',
  'for',
  'from',
  'in',
  'into',
  'of',
  'on',
  'or',
  'the',
  'to',
  'with',
  'who',
  'when',
  'where',
  'your',
]);

export function structure(text: string): Structured {
  // A Markdown input may carry its own front matter; the import writes fresh front matter instead.
  const body = text.replace(/^\uFEFF/, '').replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, '');
  const raw = body.split(/\r?\n/).map((l) => l.trimEnd());
  const titleIndex = raw.findIndex((l) => l.trim() !== '');
  const title = (raw[titleIndex] ?? '').replace(/^#+\s*/, '').trim();
  const markdown = raw.some((l) => MARKDOWN_HEADING.test(l));
  const lines: Line[] = [];
  let numberedLevel = 1;
  let inTable = false;
  for (let i = titleIndex + 1; i < raw.length; i++) {
    const line = raw[i] ?? '';
    const around = { before: raw[i - 1] ?? '', after: raw[i + 1] ?? '' };
    if (inTable && line.trim() === '') continue; // blank lines inside an extracted table
    inTable = inTable && isTableRow(line);
    // Markdown tables are kept as written (classify leaves them as text); extracted ones are rebuilt.
    if (inTable && !markdown) {
      lines.push(tableLine(line));
      continue;
    }
    const next = classify(line, around, markdown, numberedLevel);
    if (!next) continue;
    if (next.kind === 'heading' && NUMBERED.test(next.text)) numberedLevel = next.level;
    if (next.kind === 'table-header') inTable = true;
    lines.push(next);
  }
  return { title, lines: withLeadingSection(lines) };
}

/** Text before the first heading would belong to no section and could not be cited; give it one. */
function withLeadingSection(lines: Line[]): Line[] {
  const firstHeading = lines.findIndex((l) => l.kind === 'heading');
  const before = firstHeading < 0 ? lines : lines.slice(0, firstHeading);
  if (!before.some((l) => l.kind !== 'blank')) return lines;
  return [{ kind: 'heading', level: 2, text: 'Introduction' }, ...lines];
}

function classify(
  line: string,
  around: { before: string; after: string },
  markdown: boolean,
  numberedLevel: number,
): Line | undefined {
  const trimmed = line.trim();
  if (trimmed === '') return { kind: 'blank' };
  if (CONTENTS_LINE.test(trimmed) || /^contents$/i.test(trimmed)) return undefined;
  if (markdown && trimmed.startsWith('|')) return { kind: 'text', text: line };
  if (YES_NO_HEADER.test(trimmed)) return { kind: 'table-header' };
  const bullet = BULLET.exec(line);
  if (bullet?.[1]) return { kind: 'bullet', text: bullet[1].trim() };
  if (markdown) {
    const h = MARKDOWN_HEADING.exec(line);
    return h?.[1] && h[2]
      ? { kind: 'heading', level: Math.max(2, h[1].length), text: h[2] }
      : { kind: 'text', text: line };
  }
  const numbered = NUMBERED.exec(trimmed);
  if (numbered?.[1] && numbered[2] && looksLikeHeading(numbered[2], 100)) {
    return { kind: 'heading', level: Math.min(4, numbered[1].split('.').length + 1), text: trimmed };
  }
  const standalone = around.before.trim() === '' && around.after.trim() === '';
  // A standalone Title-Case line may end in ":" or "?" ("Questions:", "What to do?"), never a full stop.
  if (standalone && !numbered && looksLikeHeading(trimmed.replace(/[:?]$/, ''), 60) && isTitleCase(trimmed)) {
    return { kind: 'heading', level: Math.min(4, numberedLevel + 1), text: trimmed };
  }
  return { kind: 'text', text: line };
}

/** Short, starts with a capital, no tab, and no closing punctuation a sentence or question would have. */
function looksLikeHeading(text: string, maxLength: number): boolean {
  return text.length <= maxLength && /^[A-Z]/.test(text) && !text.includes('\t') && !/[.?:;,!]$/.test(text);
}

/** The first word and every longer word capitalised ("Keeping Workers Safe", "What to do?"). */
function isTitleCase(text: string): boolean {
  const words = text.split(/\s+/).filter((w) => /[A-Za-z]/.test(w));
  if (words.length === 0 || words.length > 8) return false;
  const capital = (w: string): boolean => /^[^A-Za-z]*[A-Z]/.test(w);
  const letters = (w: string): number => w.replace(/[^A-Za-z]/g, '').length;
  return words.every((w, i) => capital(w) || (i > 0 && (SMALL_WORDS.has(w.toLowerCase()) || letters(w) <= 3)));
}

function isTableRow(line: string): boolean {
  return line.includes('\t') || line.trim().endsWith('?');
}

/** A row of an extracted yes/no table ("Question<TAB><TAB>"): its first cell is the question. */
function tableLine(line: string): Line {
  const first = firstCell(line);
  return first === '' ? { kind: 'blank' } : { kind: 'table-row', text: first };
}

/** First cell of a tab- or pipe-separated row: the question in a yes/no table. */
export function firstCell(line: string): string {
  const cells = line.trim().replace(/^\|/, '').split(/\||\t/);
  return (cells[0] ?? '').trim();
}
