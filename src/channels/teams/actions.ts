/**
 * The card buttons' contract. Every button is an Action.Execute with one of these verbs; its data
 * arrives back in an `adaptiveCard/action` invoke (or, from an Action.Submit fallback, as a
 * message whose `value` carries the same fields plus `verb`). Everything is validated here,
 * because it comes from the client.
 */
import type { IAdaptiveCard } from '@microsoft/teams.cards';
import { z } from 'zod';
import type { EditChange } from '../../core/edit-form';

export const VERB = {
  answer: 'reflect.answer',
  edit: 'reflect.edit',
  acknowledge: 'reflect.ack',
  agenda: 'reflect.agenda',
  reply: 'reflect.reply',
} as const;

const id = z.string().min(1).max(200);

// A checklist's Done button sends choice "ticked"; Teams merges the multi-select input into the data
// as `ticked: "a,b"` (Input.ChoiceSet with isMultiSelect submits its values comma-separated).
const answer = z.object({
  verb: z.literal(VERB.answer),
  questionId: id.optional(),
  token: id.optional(),
  choice: id,
  ticked: z.string().max(2000).optional(),
});

export const TICKED = 'ticked';
// The edit form's inputs arrive merged into the data: `choice:<questionId>` and `note:<questionId>`.
const edit = z.object({
  verb: z.literal(VERB.edit),
  token: id,
  inputs: z.record(z.string().max(210), z.string().max(8000)),
});
const thread = z.union([
  z.object({ verb: z.enum([VERB.acknowledge, VERB.agenda]), threadId: id, messageId: id }),
  // "Reply" under one reflection: the text box's value arrives merged in as `reply`.
  z.object({ verb: z.literal(VERB.reply), threadId: id, messageId: id, reply: z.string().trim().min(1).max(8000) }),
]);

export type AnswerAction = z.infer<typeof answer>;
export type EditAction = z.infer<typeof edit>;
export type ThreadActionData = z.infer<typeof thread>;
export type CardAction = AnswerAction | EditAction | ThreadActionData;

/** What replaces a pressed card: a new card, or (when the card should stay) a short message. */
export type CardOutcome = { card: IAdaptiveCard } | { message: string };

const RESERVED = new Set(['verb', 'token', 'questionId', 'choice', 'threadId', 'messageId']);

/** Splits Teams' merged data back into our fields and the form's inputs. */
export function parseAction(verb: unknown, data: unknown): CardAction | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const fields = data as Record<string, unknown>;
  const v = typeof verb === 'string' && verb ? verb : fields.verb;
  if (v === VERB.edit) {
    const inputs = Object.fromEntries(
      Object.entries(fields).filter(([k, x]) => !RESERVED.has(k) && typeof x === 'string'),
    );
    const parsed = edit.safeParse({ verb: v, token: fields.token, inputs });
    return parsed.success ? parsed.data : undefined;
  }
  const parsed = z.union([answer, thread]).safeParse({ ...fields, verb: v });
  return parsed.success ? parsed.data : undefined;
}

export const choiceInputId = (questionId: string) => `choice:${questionId}`;
export const noteInputId = (questionId: string) => `note:${questionId}`;

/** The edit form's inputs (`choice:<questionId>`, `note:<questionId>`) as the core's edit-form changes. */
export function submittedEdits(inputs: Record<string, string>): EditChange[] {
  const out = new Map<string, EditChange>();
  for (const [key, value] of Object.entries(inputs)) {
    const m = /^(choice|note):(.+)$/.exec(key);
    const questionId = m?.[2];
    if (!m || !questionId) continue;
    const change = out.get(questionId) ?? { questionId };
    if (m[1] === 'choice') change.choice = value;
    else change.note = value;
    out.set(questionId, change);
  }
  return [...out.values()];
}
