/**
 * Going deeper can always be left: each added question carries a "Back to the summary" button, and
 * typing "summary", "back" or "done" there does the same. The questions not reached are set aside, so
 * the progress counter drops them and they stay available to go deeper into again.
 */
import { BACK_TO_SUMMARY, inDeeper } from './flow';
import { showPreview } from './preview';
import { normalise } from './text';
import type { Turn } from './turn';
import type { ReflectionState } from './types';

const WORDS = new Set([
  'summary',
  'the summary',
  'back',
  'back to summary',
  'back to the summary',
  'done',
  'finish',
  'finished',
  'share',
]);

/** Typed words or the button that leave the deeper questions for the summary. */
export function leavesDeeper(state: ReflectionState, text: string, pressed = false): boolean {
  if (!inDeeper(state)) return false;
  return pressed ? text === BACK_TO_SUMMARY : WORDS.has(normalise(text));
}

export function leaveDeeper(turn: Turn): void {
  const s = turn.state;
  const queue = s.queue.filter((entry, i) => i < s.position || s.answers[entry] !== undefined);
  turn.state = { ...s, queue, position: queue.length, pending: undefined };
  turn.say('deeperLeft');
  showPreview(turn);
}
