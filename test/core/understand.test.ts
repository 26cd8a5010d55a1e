/** Typed answers: sayings for choice questions and the forms a checklist accepts. */
import type { Question } from '../../src/core/catalog';
import { looksLikeItems, readChecklist, readYesNo, tickedItems, understandChoice } from '../../src/core/understand';

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

describe('yes or no at a confirmation', () => {
  it.each([
    ['yep', 'yes'],
    ['Yeah', 'yes'],
    ['yes please', 'yes'],
    ["Yes, that's right", 'yes'],
    ["that's right", 'yes'],
    ['correct', 'yes'],
    ['right', 'yes'],
    ['👍', 'yes'],
    ['no', 'no'],
    ['nope', 'no'],
    ['CR-2041', undefined],
    ['yes but it was a phone call', undefined],
  ])('%s', (text, want) => {
    expect(readYesNo(text)).toBe(want);
  });
});

describe('a whole message that means one choice of a single-choice question', () => {
  const contact: Question = {
    ...yesno,
    kind: 'choice',
    choices: [
      { id: 'home-visit', label: 'Home visit' },
      { id: 'phone-video', label: 'Phone or video' },
      { id: 'no-answer', label: 'No answer / failed contact' },
    ],
    cues: { 'phone-video': ['phoned', 'rang'] },
  };
  it.each([
    ['phone', 'phone-video'],
    ['Video', 'phone-video'],
    ['phoned', 'phone-video'],
    ['2', 'phone-video'],
    ['1', 'home-visit'],
  ])('%s', (text, want) => {
    expect(understandChoice(contact, text)).toEqual({ choice: want });
  });
  it('leaves notes, out-of-range numbers and other kinds of question alone', () => {
    expect(understandChoice(contact, 'I will phone the school')).toBeUndefined();
    expect(understandChoice(contact, '7')).toBeUndefined();
    expect(understandChoice(yesno, 'phone')).toBeUndefined();
    expect(understandChoice(yesno, '2')).toBeUndefined();
    expect(
      understandChoice({ ...yesno, choices: [...yesno.choices, { id: 'phone', label: 'Phone' }] }, 'phone'),
    ).toEqual({
      choice: 'phone',
    });
  });
});
