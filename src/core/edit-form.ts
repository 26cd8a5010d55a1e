/**
 * The one edit-form model behind Edit on the preview: every answered or skipped question, numbered
 * as in the full reflection, with its choices, the choice made and the note. Slack's modal and
 * Teams' card render these fields; what comes back is compared here, so only real changes reach
 * the engine (which re-runs the same checks as answering, and re-shows the preview).
 *
 * Notes here are the practitioner's own words for their own form: never Cleared, never shared.
 */
import type { Catalog, Choice } from './catalog';
import { numberedAnswers } from './summary';
import { resolveQuestion } from './support';
import { fill } from './text';
import type { ReflectionState } from './types';

export interface EditField {
  n: number;
  questionId: string;
  question: string;
  choices: Choice[]; // empty for text questions
  choice?: string;
  note?: string;
  noteInput: boolean; // the question takes a note (or is a text question)
  multi?: boolean; // a checklist: checkboxes, the answer being every item ticked
}

export interface EditChange {
  questionId: string;
  choice?: string;
  note?: string;
}

export function editForm(state: ReflectionState, catalog: Catalog, contacts: Record<string, string>): EditField[] {
  return numberedAnswers(state, catalog).flatMap((a) => {
    const q = resolveQuestion(catalog, a.questionId);
    if (!q) return [];
    const stored = state.answers[a.questionId];
    return [
      {
        n: a.n,
        questionId: q.id,
        question: fill(q.text, {}, contacts),
        choices: q.kind === 'text' ? [] : q.choices,
        choice: stored?.choice,
        note: stored?.note,
        noteInput: q.kind === 'text' || q.note,
        multi: q.kind === 'checklist',
      },
    ];
  });
}

/** What the submitted form changed: a new choice, or a note that differs beyond surrounding spaces. */
export function editChanges(submitted: EditChange[], form: EditField[]): EditChange[] {
  const byId = new Map(submitted.map((s) => [s.questionId, s]));
  const out: EditChange[] = [];
  for (const field of form) {
    const s = byId.get(field.questionId);
    if (!s) continue;
    const change: EditChange = { questionId: field.questionId };
    if (s.choice !== undefined && s.choice !== '' && s.choice !== field.choice) change.choice = s.choice;
    if (s.note !== undefined && s.note.trim() !== (field.note ?? '').trim()) change.note = s.note;
    if (change.choice !== undefined || change.note !== undefined) out.push(change);
  }
  return out;
}
