/**
 * Proposes a draft prompt set from an imported procedure: every line that asks a question, bullets
 * under an "ask yourself" / "consider the following questions" lead-in, and yes/no table rows. Each
 * proposal quotes its line exactly and cites its section, so the draft passes the checker as soon
 * as it is renamed; the judgement of which questions to keep stays with a human reviewer.
 */
import { stringify } from 'yaml';
import { firstCell, type Line } from './structure';
import { sectionIds } from './render';

export interface ProposedQuestion {
  id: string;
  text: string;
  source: string;
  quote: string;
  kind: 'yesno' | 'text';
  note: true;
}

export interface Draft {
  questions: ProposedQuestion[];
  dropped: number; // proposals beyond the schema's 60-question limit
  yaml: string;
}

export const MAX_DRAFT_QUESTIONS = 60;
const LEAD_IN = /(ask yourself|consider the following questions)/i;
const OPEN_QUESTION = /^(what|how|why)\b/i;
const MIN_TEXT = 10; // shorter "questions" are stray fragments ("Why?"), not prompts
const MAX_TEXT = 2000; // the schema's limit for text and quotes

export function proposeQuestions(lines: readonly Line[], docId: string): ProposedQuestion[] {
  const ids = sectionIds(lines);
  const out: ProposedQuestion[] = [];
  const seen = new Set<string>();
  let section: string | undefined;
  let leadIn = false;
  let yesNoTable = false;
  lines.forEach((line, i) => {
    if (line.kind === 'heading') section = ids.get(i)?.id;
    if (line.kind === 'table-header') yesNoTable = true;
    const candidate = candidateOf(line, leadIn, yesNoTable);
    // A lead-in covers the bullets after it, including across questions written as plain lines.
    if (line.kind === 'text') leadIn = LEAD_IN.test(line.text) || (leadIn && line.text.trim().endsWith('?'));
    else if (line.kind !== 'blank' && line.kind !== 'bullet') leadIn = false;
    if (line.kind !== 'table-row' && line.kind !== 'table-header' && line.kind !== 'blank') yesNoTable = false;
    if (!candidate || !section || seen.has(candidate.quote)) return;
    if (candidate.quote.length < MIN_TEXT || candidate.quote.length > MAX_TEXT) return;
    seen.add(candidate.quote);
    out.push({
      id: `${docId}-q${out.length + 1}`,
      text: plain(candidate.quote),
      source: `${docId}#${section}`,
      quote: candidate.quote,
      kind: candidate.kind,
      note: true,
    });
  });
  return out;
}

function candidateOf(
  line: Line,
  leadIn: boolean,
  yesNoTable: boolean,
): { quote: string; kind: 'yesno' | 'text' } | undefined {
  if (line.kind === 'table-row') return { quote: line.text, kind: yesNoTable ? 'yesno' : kindOf(line.text) };
  if (line.kind === 'bullet') {
    return line.text.endsWith('?') || leadIn ? { quote: line.text, kind: kindOf(line.text) } : undefined;
  }
  if (line.kind !== 'text') return undefined;
  // A Markdown table row: the question is its first cell.
  const quote = line.text.trim().startsWith('|') ? firstCell(line.text) : line.text.trim();
  return quote.endsWith('?') ? { quote, kind: kindOf(quote) } : undefined;
}

function kindOf(text: string): 'yesno' | 'text' {
  return OPEN_QUESTION.test(plain(text)) ? 'text' : 'yesno';
}

/** Question wording shown to practitioners: no Markdown emphasis, no list-ending semicolon. */
function plain(text: string): string {
  return text
    .replace(/\*\*|__/g, '')
    .replace(/[;,]$/, '')
    .trim();
}

export function renderDraft(
  questions: ProposedQuestion[],
  meta: { id: string; title: string; inputName: string },
): Draft {
  const kept = questions.slice(0, MAX_DRAFT_QUESTIONS);
  const restsOn = [...new Set(kept.map((q) => q.source))];
  const body = {
    kind: 'set',
    id: meta.id,
    title: `DRAFT: ${meta.title}`,
    description: 'DRAFT — review every question before use',
    order: 500,
    appliesTo: [],
    restsOn,
    questions: kept,
  };
  const header = [
    `# DRAFT written by guidance:import from ${meta.inputName}. Files ending .draft.yaml are never loaded.`,
    '# Before use: review every question against the guidance (keep, reword or delete it; the quote must',
    '# stay word for word), set order, appliesTo or always, add flags, then rename this file to',
    `# ${meta.id}.yaml and run npm run prompts:check until it reports no errors.`,
  ];
  return {
    questions: kept,
    dropped: questions.length - kept.length,
    yaml: `${header.join('\n')}\n${stringify(body, { lineWidth: 0 })}`,
  };
}
