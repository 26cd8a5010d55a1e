/**
 * The one rule for button presses, shared by the engine and every channel: a press counts only if
 * it carries the token of the prompt the practitioner is being asked right now. Anything else (a
 * press from an earlier question, confirmation, preview or reflection, or a button without a token)
 * changes nothing, and the practitioner is told so.
 */
export interface Press {
  questionId?: string;
  token?: string;
}

export interface Asked {
  questionId: string;
  token: string;
}

export function isCurrentPress(asked: Asked | undefined, press: Press): boolean {
  if (!press.token || !asked) return false; // no button ever lacks its token; one that does is never acted on
  if (press.token !== asked.token) return false;
  return press.questionId === undefined || press.questionId === asked.questionId;
}

/** Prompt ids for buttons that are not catalogue questions; they never collide with question ids (no colon there). */
export const PROMPT = {
  preview: 'preview',
  opening: 'prompt:opening',
  confirmCancel: 'prompt:confirm-cancel',
  urgentNext: 'prompt:urgent-next',
  urgentCase: 'prompt:urgent-case',
  identifier: 'prompt:identifier-check',
  checkinReplace: 'prompt:checkin-replace',
  beforeVisit: 'prompt:before-visit',
  checkout: 'prompt:checkout',
} as const;
