/**
 * Action ids and button values. A button carries everything its click needs (question, token,
 * choice, or the thread message id), so a click never depends on in-memory state and still works
 * after a restart. Values are small JSON, validated on the way back in: payloads come from Slack
 * but a button value is still user-reachable input.
 */
import { CodedError } from '../../errors';
import { z } from 'zod';
import { LIMITS } from './blocks/limits';

export const ACTION = {
  choice: 'reflect.choice', // + ":<n>" so ids stay unique within one actions block
  share: 'reflect.preview.share',
  edit: 'reflect.preview.edit',
  discard: 'reflect.preview.discard',
  start: 'reflect.home.start',
  pickedUp: 'reflect.thread.acknowledge',
  agenda: 'reflect.thread.agenda',
  tick: 'reflect.checklist.tick', // the checkboxes: a tick changes nothing until Done
  done: 'reflect.checklist.done', // Done reads the ticked boxes from the message's state
  deeper: 'reflect.preview.deeper',
  full: 'reflect.full',
  reply: 'reflect.reply', // opens a reply to one reflection (its author, whoever else shares the case)
} as const;

/** The block holding a checklist's checkboxes; Done finds the ticks under it in state.values. */
export const CHECKLIST_BLOCK = 'reflect.checklist';

export const CHOICE_ACTION = /^reflect\.choice:\d+$/;
export const PREVIEW_ACTION = /^reflect\.preview\.(share|edit|discard|deeper)$/;
export const THREAD_ACTION = /^reflect\.thread\.(acknowledge|agenda)$/;
export const EDIT_VIEW = 'reflect.edit';
export const REPLY_VIEW = 'reflect.reply';

const short = z.string().min(1).max(200);
const choiceValue = z.strictObject({ q: short.optional(), t: short.optional(), c: short });
const previewValue = z.strictObject({ t: short.optional() });
const threadValue = z.strictObject({ m: short });
const editMeta = z.strictObject({ r: short, t: short.optional() });
// "Full reflection": a thread message (the supervisor's copy) or a reflection (the practitioner's preview).
const fullValue = z.union([z.strictObject({ m: short }), z.strictObject({ r: short })]);
export type FullReflectionRef = z.infer<typeof fullValue>;

export type ChoiceValue = z.infer<typeof choiceValue>;

function encode(value: object): string {
  const text = JSON.stringify(value);
  if (text.length > LIMITS.buttonValue) throw new SlackIdError('SLACK_BUTTON_VALUE_TOO_LONG');
  return text;
}

function decode<T>(schema: z.ZodType<T>, text: string | undefined): T | undefined {
  if (!text || text.length > LIMITS.buttonValue) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export class SlackIdError extends CodedError {
  constructor(code: string) {
    super(code, code);
  }
}

export const choiceButtonValue = (v: ChoiceValue): string => encode(v);
export const parseChoiceValue = (text: string | undefined) => decode(choiceValue, text);
export const previewButtonValue = (token: string | undefined): string => encode(token ? { t: token } : {});
export const parsePreviewValue = (text: string | undefined) => decode(previewValue, text);
export const threadButtonValue = (messageId: string): string => encode({ m: messageId });
export const parseThreadValue = (text: string | undefined) => decode(threadValue, text);
export const editMetadata = (reflectionId: string, token: string | undefined): string =>
  encode(token ? { r: reflectionId, t: token } : { r: reflectionId });
export const fullReflectionValue = (ref: FullReflectionRef): string => encode(ref);
export const parseFullReflectionValue = (text: string | undefined) => decode(fullValue, text);
export const parseEditMetadata = (text: string | undefined) => decode(editMeta, text);

/** Durable de-duplication keys, namespaced so Slack ids never collide with other channels'. */
export const dedupeId = {
  event: (eventId: string) => `slack:event:${eventId}`,
  interaction: (triggerId: string) => `slack:interaction:${triggerId}`,
};

/** Message metadata marks every post with the outbox item (or parent) it came from. */
export const METADATA_EVENT = 'reflect_outbox';
export const parentPostId = (threadId: string) => `parent:${threadId}`;
