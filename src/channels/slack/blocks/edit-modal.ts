/**
 * The Edit modal: every answered question, numbered as in the preview, with a select for its
 * answer and a text box for its note. Notes go in unescaped: they are input values, never
 * rendered as mrkdwn, and escaping them would change the practitioner's words on save.
 */
import type { EditChange, EditField } from '../../../core/edit-form';
import { escapeSlack as e } from '../../shared/escape';
import { EDIT_VIEW } from '../ids';
import { context, LIMITS, plain, truncate, type KnownBlock } from './limits';
import type { Wording } from './wording';
import type { webApi } from '@slack/bolt';

/** The fields are the core's edit-form model, shared with Teams. */
export type EditItem = EditField;

const NOTE = 'note';
const CHOICE = 'choice';
const blockId = (questionId: string, kind: string) => `q:${kind}:${questionId}`;

function choiceInput(item: EditItem): KnownBlock {
  const options = item.choices.map((c) => ({ text: plain(c.label, LIMITS.optionText), value: c.id }));
  if (item.multi) {
    const ticked = new Set((item.choice ?? '').split(','));
    const initial = options.filter((o) => ticked.has(o.value));
    return {
      type: 'input',
      block_id: blockId(item.questionId, CHOICE),
      optional: true,
      label: plain(`${item.n}. ${item.question}`, LIMITS.inputLabel),
      element: {
        type: 'checkboxes',
        action_id: 'value',
        options: options.slice(0, 10),
        ...(initial.length ? { initial_options: initial } : {}),
      },
    };
  }
  const initial = options.find((o) => o.value === item.choice);
  return {
    type: 'input',
    block_id: blockId(item.questionId, CHOICE),
    optional: true,
    label: plain(`${item.n}. ${item.question}`, LIMITS.inputLabel),
    element: { type: 'static_select', action_id: 'value', options, ...(initial ? { initial_option: initial } : {}) },
  };
}

function noteInput(item: EditItem, w: Wording): KnownBlock[] {
  const note = item.note ?? '';
  // Slack caps text inputs at 3000 characters; a longer note is edited in the DM instead of being cut.
  if (note.length > LIMITS.plainInput) return context([e(w('slackEditNoteTooLong', { n: item.n }))]);
  const label = item.choices.length ? w('slackEditNoteLabel', { n: item.n }) : `${item.n}. ${item.question}`;
  return [
    {
      type: 'input',
      block_id: blockId(item.questionId, NOTE),
      optional: true,
      label: plain(label, LIMITS.inputLabel),
      element: {
        type: 'plain_text_input',
        action_id: 'value',
        multiline: true,
        max_length: LIMITS.plainInput,
        ...(note ? { initial_value: note } : {}),
      },
    },
  ];
}

export function editModal(items: EditItem[], privateMetadata: string, w: Wording): webApi.ViewsOpenArguments['view'] {
  const blocks: KnownBlock[] = [];
  for (const item of items) {
    const next = [...(item.choices.length ? [choiceInput(item)] : []), ...(item.noteInput ? noteInput(item, w) : [])];
    if (blocks.length + next.length > LIMITS.viewBlocks - 1) {
      blocks.push(...context([e(w('slackEditMore'))]));
      break;
    }
    blocks.push(...next);
  }
  return {
    type: 'modal',
    callback_id: EDIT_VIEW,
    private_metadata: privateMetadata,
    title: plain(truncate(w('slackEditTitle'), LIMITS.viewTitle), LIMITS.viewTitle),
    submit: plain(w('slackEditSave'), LIMITS.viewTitle),
    close: plain(w('slackEditClose'), LIMITS.viewTitle),
    blocks,
  };
}

interface StateValue {
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: Array<{ value: string }> | null; // checkboxes (a checklist)
}

/** The submitted form as engine edits. Unknown blocks are ignored; the engine checks ids again. */
export function readEdits(values: Record<string, Record<string, StateValue>>): EditChange[] {
  const changes = new Map<string, EditChange>();
  for (const [id, inputs] of Object.entries(values)) {
    const m = /^q:(choice|note):(.{1,200})$/.exec(id);
    const input = inputs.value;
    const kind = m?.[1];
    const questionId = m?.[2];
    if (!kind || !questionId || !input) continue;
    const change = changes.get(questionId) ?? { questionId };
    if (kind === CHOICE && input.selected_option?.value) change.choice = input.selected_option.value;
    // Checkboxes: the ticked items, or "none" when every box was cleared.
    if (kind === CHOICE && input.selected_options)
      change.choice = input.selected_options.map((o) => o.value).join(',') || 'none';
    if (kind === NOTE) change.note = (input.value ?? '').slice(0, LIMITS.plainInput);
    changes.set(questionId, change);
  }
  return [...changes.values()];
}
