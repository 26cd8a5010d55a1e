/** One edit-form model: Slack's modal and Teams' card submit the same form and yield the same changes. */
import { readEdits } from '../../src/channels/slack/blocks/edit-modal';
import { submittedEdits } from '../../src/channels/teams/actions';
import { editChanges, editForm } from '../../src/core/edit-form';
import { engineContext, realCatalog, realisticState } from '../support/reflections';

const catalog = realCatalog();
const state = realisticState(catalog, 'refusal');
const form = editForm(state, catalog, engineContext(catalog).contacts);

describe('the edit form', () => {
  it('lists every answered question, numbered as in the full reflection, with the stored choice and note', () => {
    expect(form.length).toBe(state.queue.length);
    expect(form.map((f) => f.n)).toEqual(form.map((_, i) => i + 1));
    const withNote = form.find((f) => f.note);
    expect(withNote?.note).toBe(state.answers[withNote?.questionId ?? '']?.note);
  });

  it('gives the same changes from Slack and Teams, and only what changed', () => {
    const [a, b, c] = form.filter((f) => f.choices.length > 1 && f.noteInput);
    if (!a || !b || !c) throw new Error('the catalogue has no three choice questions with notes');
    const other = a.choices.find((x) => x.id !== a.choice)?.id ?? '';
    const slack = readEdits({
      [`q:choice:${a.questionId}`]: { value: { selected_option: { value: other } } },
      [`q:note:${b.questionId}`]: { value: { value: 'New words' } },
      [`q:choice:${c.questionId}`]: { value: { selected_option: { value: c.choice ?? '' } } }, // unchanged
      [`q:note:${c.questionId}`]: { value: { value: `  ${c.note ?? ''}  ` } }, // unchanged but for spaces
    });
    const teams = submittedEdits({
      [`choice:${a.questionId}`]: other,
      [`note:${b.questionId}`]: 'New words',
      [`choice:${c.questionId}`]: c.choice ?? '',
      [`note:${c.questionId}`]: `  ${c.note ?? ''}  `,
    });
    const expected = [
      { questionId: a.questionId, choice: other },
      { questionId: b.questionId, note: 'New words' },
    ];
    expect(editChanges(slack, form)).toEqual(expected);
    expect(editChanges(teams, form)).toEqual(expected);
  });
});
