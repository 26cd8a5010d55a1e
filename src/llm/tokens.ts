/** Token counting for the per-reflection budget, with the same tokenizer family the models use. */
import { countTokens } from 'gpt-tokenizer';

export interface ChatMessageLike {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

// Special-token strings typed by a practitioner (e.g. "<|endoftext|>") are counted as plain text, not refused.
const PLAIN = { disallowedSpecial: new Set<string>() };

export function countText(text: string): number {
  return countTokens(text, PLAIN);
}

// Chat framing, as OpenAI counts it: about 4 tokens around each message, 3 to prime the reply.
const PER_MESSAGE = 4;
const PER_REPLY = 3;

export function countMessages(messages: ChatMessageLike[]): number {
  return messages.reduce((n, m) => n + PER_MESSAGE + countText(m.role) + countText(m.content), PER_REPLY);
}

/** Input tokens of a request: its messages plus the response schema, which the provider also reads. */
export function countRequest(messages: ChatMessageLike[], schema?: unknown): number {
  return countMessages(messages) + (schema === undefined ? 0 : countText(JSON.stringify(schema)));
}
