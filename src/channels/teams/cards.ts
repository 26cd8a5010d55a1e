/**
 * The practitioner's cards: a question with one button per choice, the preview with Share / Edit /
 * Don't share, the edit form, and the "answered" card that replaces a card once it has been used,
 * so a second press has nothing to press.
 */
import type { CardElementArray, IAdaptiveCard, IChoiceSetInput, ITextInput } from '@microsoft/teams.cards';
import type { EditField } from '../../core/edit-form';
import type { Reply } from '../../core/types';
import { choiceInputId, noteInputId, TICKED, VERB } from './actions';
import { headlineText } from '../../core/summary-text';
import { buttonRows, card, execute, lineBlocks, textBlock, type Say } from './card-kit';
import { fullReflectionRow, headlineBody } from './summary-card';

const NOTE_MAX = 4000;

function answerData(reply: Reply, choice: string): Record<string, string> {
  const data: Record<string, string> = { choice };
  if (reply.meta?.questionId) data.questionId = reply.meta.questionId;
  if (reply.meta?.token) data.token = reply.meta.token;
  return data;
}

/** Progress, the question, the hint and the guidance source; buttons when it has choices. */
export function questionCard(reply: Reply, say: Say): IAdaptiveCard {
  const meta = reply.meta ?? {};
  const body: CardElementArray = [];
  if (meta.progress)
    body.push(
      textBlock(say('teams.progress', { n: meta.progress.index, total: meta.progress.total }), {
        subtle: true,
        size: 'Small',
        wording: true,
      }),
    );
  body.push(
    ...lineBlocks(reply.text, {
      weight: 'Bolder',
      size: 'Medium',
      color: reply.kind === 'urgent' ? 'Attention' : undefined,
    }),
  );
  if (meta.hint) body.push(textBlock(meta.hint, { subtle: true }));
  if (meta.source)
    body.push(textBlock(say('teams.source', { source: meta.source }), { subtle: true, size: 'Small', wording: true }));
  if (meta.multiSelect) {
    body.push(...checklistInputs(reply, say));
    return card(body);
  }
  body.push(...buttonRows((reply.choices ?? []).map((c) => execute(c.label, VERB.answer, answerData(reply, c.id)))));
  return card(body);
}

/** A checklist: one multi-select choice set (expanded, so every item shows), then None of these and Done. */
function checklistInputs(reply: Reply, say: Say): CardElementArray {
  const choiceSet: IChoiceSetInput = {
    type: 'Input.ChoiceSet',
    id: TICKED,
    isMultiSelect: true,
    style: 'expanded',
    choices: (reply.choices ?? []).map((c, i) => ({ title: `${i + 1}. ${c.label}`, value: c.id })),
  };
  return [
    choiceSet,
    ...buttonRows([
      execute(say('checklistNone'), VERB.answer, answerData(reply, 'none')),
      execute(say('checklistDone'), VERB.answer, answerData(reply, TICKED), 'positive'),
    ]),
  ];
}

/** Flags, label checks and urgent signposts: text with its guidance source. */
export function noticeCard(reply: Reply, say: Say): IAdaptiveCard {
  const urgent = reply.kind === 'urgent' || reply.meta?.severity === 'urgent';
  const body: CardElementArray = [
    ...lineBlocks(reply.text, { color: urgent ? 'Attention' : undefined, weight: urgent ? 'Bolder' : undefined }),
  ];
  if (reply.meta?.source)
    body.push(
      textBlock(say('teams.source', { source: reply.meta.source }), { subtle: true, size: 'Small', wording: true }),
    );
  return card(body);
}

export function previewCard(reply: Reply): IAdaptiveCard {
  const buttons = (reply.choices ?? []).map((c) =>
    execute(c.label, VERB.answer, answerData(reply, c.id), c.id === 'share' ? 'positive' : undefined),
  );
  if (!reply.view) return card([...lineBlocks(reply.text), ...buttonRows(buttons)]);
  // The supervisor's card, as it will be posted; then what the preview adds (the redaction note) and its buttons.
  const headline = headlineText(reply.view);
  const note = reply.text.startsWith(headline) ? reply.text.slice(headline.length).trim() : '';
  return card([
    ...headlineBody(reply.view),
    fullReflectionRow(reply.view),
    ...(note ? lineBlocks(note, { subtle: true, separator: true }) : []),
    ...buttonRows(buttons),
  ]);
}

/** What a used card turns into: the question, and the answer given, with no buttons left. */
export function answeredCard(question: string, answer: string, say: Say): IAdaptiveCard {
  return card([
    ...lineBlocks(question, { subtle: true }),
    textBlock(say('teams.yourAnswer', { answer }), { weight: 'Bolder' }),
  ]);
}

/** A press on a card that is no longer current: nothing changed, and the card says so. */
export function closedCard(question: string, say: Say): IAdaptiveCard {
  return card([
    ...lineBlocks(question, { subtle: true }),
    textBlock(say('teams.cardClosed'), { subtle: true, wording: true }),
  ]);
}

/** The fields are the core's edit-form model, shared with Slack. */
export type EditItem = EditField;

function editInputs(item: EditItem, say: Say): CardElementArray {
  const out: CardElementArray = [textBlock(`${item.n}. ${item.question}`, { weight: 'Bolder', separator: item.n > 1 })];
  if (item.choices.length > 0) {
    const choiceSet: IChoiceSetInput = {
      type: 'Input.ChoiceSet',
      id: choiceInputId(item.questionId),
      style: item.multi ? 'expanded' : 'compact',
      ...(item.multi && { isMultiSelect: true }),
      value: item.choice === 'none' ? '' : item.choice,
      choices: item.choices.map((c) => ({ title: c.label, value: c.id })),
    };
    out.push(choiceSet);
  }
  if (item.noteInput) {
    const note: ITextInput = {
      type: 'Input.Text',
      id: noteInputId(item.questionId),
      isMultiline: true,
      maxLength: NOTE_MAX,
      value: item.note ?? '',
      label: say('teams.editNoteLabel'),
    };
    out.push(note);
  }
  return out;
}

/** The edit form: one choice set per answered question and one text box per note, saved in one go. */
export function editCard(items: EditItem[], token: string, say: Say): IAdaptiveCard {
  const body: CardElementArray = [
    textBlock(say('teams.editTitle'), { size: 'Medium', weight: 'Bolder', wording: true }),
  ];
  for (const item of items) body.push(...editInputs(item, say));
  body.push(...buttonRows([execute(say('teams.editSave'), VERB.edit, { token }, 'positive')]));
  return card(body);
}
