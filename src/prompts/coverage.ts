/**
 * Coverage of the guidance by questions: for each section, how many questions cite it, and whether
 * the section itself holds questions (a line ending in "?" or a yes/no table). A section that holds
 * questions but is cited by none is where the bot may be missing something the guidance asks.
 */
import type { Catalog } from '../core/catalog';

export interface SectionCoverage {
  docId: string;
  sectionId: string;
  ref: string; // "doc#section"
  heading: string;
  file: string;
  line: number;
  questions: number; // questions whose source is this section
  holdsQuestions: boolean;
  uncitedWithQuestions: boolean;
}

export interface CoverageTotals {
  sections: number;
  cited: number;
  holdingQuestions: number;
  uncitedWithQuestions: number;
  questions: number;
}

export function coverage(catalog: Catalog): SectionCoverage[] {
  const counts = new Map<string, number>();
  for (const q of catalog.questions.values()) {
    if (q.source) counts.set(q.source, (counts.get(q.source) ?? 0) + 1);
  }
  const rows: SectionCoverage[] = [];
  for (const doc of catalog.guidance.values()) {
    for (const section of doc.sections) {
      const ref = `${doc.id}#${section.id}`;
      const questions = counts.get(ref) ?? 0;
      const holds = holdsQuestions(section.text);
      rows.push({
        docId: doc.id,
        sectionId: section.id,
        ref,
        heading: section.heading,
        file: doc.file,
        line: section.line,
        questions,
        holdsQuestions: holds,
        uncitedWithQuestions: holds && questions === 0,
      });
    }
  }
  return rows;
}

export function coverageTotals(rows: readonly SectionCoverage[], catalog: Catalog): CoverageTotals {
  return {
    sections: rows.length,
    cited: rows.filter((r) => r.questions > 0).length,
    holdingQuestions: rows.filter((r) => r.holdsQuestions).length,
    uncitedWithQuestions: rows.filter((r) => r.uncitedWithQuestions).length,
    questions: catalog.questions.size,
  };
}

/** A line ending in "?" (ignoring trailing emphasis, quotes and table pipes), or a Yes/No table. */
export function holdsQuestions(text: string): boolean {
  return text.split('\n').some((line) => {
    const bare = line.replace(/[\s*_|"'’”)]+$/u, '');
    return bare.endsWith('?') || isYesNoHeader(line);
  });
}

function isYesNoHeader(line: string): boolean {
  if (/^\W*question\s+yes\s+no\W*$/i.test(line)) return true;
  const cells = line
    .split(/\||\t/)
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '');
  return (
    cells.length >= 2 &&
    cells.includes('yes') &&
    cells.includes('no') &&
    (cells.length <= 4 || /question/.test(cells[0] ?? ''))
  );
}
