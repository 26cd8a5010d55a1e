/** Typed answers: sayings for choice questions and the forms a checklist accepts. */
import type { Question } from '../../src/core/catalog';
import { looksLikeItems, readChecklist, tickedItems, understandChoice } from '../../src/core/understand';

const yesno: Question = {
  id: 'q',
  setId: 's',
  text: 'Was anyone in?',
  kind: 'yesno',
  choices: [
    { id: 'yes', label: 'Yes' },
    { id: 'no', label: 'No' },
    { id: 'unsure', label: 'Not sure' },
  ],
  note: true,
  flags: [],
  followUps: [],
  followUpOnly: false,
  checks: [],
};
const checklist: Question = {
  ...yesno,
  kind: 'checklist',
  choices: [
    { id: 'previous-hostility', label: 'I have previous experience of an adult being hostile' },
    { id: 'fearful', label: 'I am intimidated by, or fearful of, this adult' },
    { id: 'less-than-honest', label: 'I may have been less than honest to avoid conflict' },
  ],
};

describe('typed answers to a choice question', () => {
  it.each([
    ['nope', { choice: 'no' }],
    ['not yet', { choice: 'no' }],
    ['Not sure', { choice: 'unsure' }],
    ["don't know, the curtains were drawn", { choice: 'unsure', note: 'the curtains were drawn' }],
    ['yes - the curtains twitched', { choice: 'yes', note: 'the curtains twitched' }],
    ['Yeah. Dog barking inside', { choice: 'yes', note: 'Dog barking inside' }],
  ])('%s', (text, want) => {
    expect(understandChoice(yesno, text)).toEqual(want);
  });

  it('leaves a note that is not an answer alone', () => {
    expect(understandChoice(yesno, 'Mum was at the window')).toBeUndefined();
  });
});

describe('typed answers to a checklist', () => {
  it('reads none, numbers, ids and words; the answer lists ticked ids in item order', () => {
    expect(readChecklist(checklist, 'none')).toEqual({ kind: 'answer', choice: 'none' });
    expect(readChecklist(checklist, '3, 1')).toEqual({ kind: 'answer', choice: 'previous-hostility,less-than-honest' });
    expect(readChecklist(checklist, 'previous hostility, fearful')).toEqual({
      kind: 'answer',
      choice: 'previous-hostility,fearful',
    });
    expect(readChecklist(checklist, 'fearful and 3')).toEqual({ kind: 'answer', choice: 'fearful,less-than-honest' });
  });

  it('names what it could not match, and nothing typed is not an answer', () => {
    expect(readChecklist(checklist, '1, 9, dogs')).toEqual({ kind: 'unknown', items: ['9', 'dogs'] });
    expect(readChecklist(checklist, '')).toBeUndefined();
    expect(tickedItems('none')).toEqual([]);
    expect(tickedItems('a,b')).toEqual(['a', 'b']);
  });

  it('tells an attempt at items from a note', () => {
    expect(looksLikeItems('1, 3')).toBe(true);
    expect(looksLikeItems('previous hostility, fearful')).toBe(true);
    expect(looksLikeItems('He was calmer than last time but the dog was loose again')).toBe(false);
  });
});
