/**
 * guidance:import in one pure function: a local procedure's text in, a guidance Markdown file and a
 * draft prompt set out. The script around it only reads and writes files.
 */
import { slugify } from '../section-id';
import { proposeQuestions, renderDraft, type ProposedQuestion } from './questions';
import { renderMarkdown } from './render';
import { structure } from './structure';

export interface ImportResult {
  id: string;
  title: string;
  markdown: string;
  draftYaml: string;
  questions: ProposedQuestion[];
  notes: string[]; // things the reviewer should know (nothing proposed, proposals dropped)
}

export const DOC_ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

export function importProcedure(text: string, options: { inputName: string; id?: string }): ImportResult {
  const doc = structure(text);
  const title = doc.title || options.inputName;
  const id = options.id ?? defaultId(title, options.inputName);
  const markdown = renderMarkdown(doc, { id, title, source: options.inputName });
  const proposed = proposeQuestions(doc.lines, id);
  const draft = renderDraft(proposed, { id, title, inputName: options.inputName });
  const notes: string[] = [];
  if (proposed.length === 0)
    notes.push('no questions found: the draft will not validate until questions are added by hand');
  if (draft.dropped > 0)
    notes.push(
      `${draft.dropped} proposed question(s) beyond the ${draft.questions.length}-question limit were left out`,
    );
  return { id, title, markdown, draftYaml: draft.yaml, questions: draft.questions, notes };
}

/** The title as a slug, cut at a word boundary so ids stay readable in source references. */
function defaultId(title: string, inputName: string): string {
  const slug = slugify(title) || slugify(inputName) || 'imported-guidance';
  if (slug.length <= 60) return slug;
  const cut = slug.slice(0, 60);
  return cut.slice(0, cut.lastIndexOf('-') > 20 ? cut.lastIndexOf('-') : 60).replace(/-+$/, '');
}
