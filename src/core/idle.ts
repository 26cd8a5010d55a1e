/**
 * Messages that should not open a reflection when none is open: "status" has nothing to report and
 * "thanks" is a goodbye, so neither gets the introduction and the case-reference question.
 */
import { normalise } from './text';
import type { EngineInput } from './types';

const THANKS = new Set([
  'thanks',
  'thank you',
  'thanks very much',
  'thank you very much',
  'many thanks',
  'thanks a lot',
  'ok thanks',
  'great thanks',
  'thanks bye',
  'thx',
  'ta',
  'cheers',
]);

/** The bot message (prompts/bot.yaml) for a message that opens nothing, or undefined to start a reflection. */
export function idleReplyKey(input: EngineInput): string | undefined {
  if (input.type !== 'text') return undefined;
  const t = normalise(input.text);
  if (t === 'status') return 'statusNone';
  return THANKS.has(t) ? 'thanksIdle' : undefined;
}
