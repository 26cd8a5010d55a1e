/** The deterministic fallback: no model, no requests. The default whenever LLM settings are absent. */
import type { Assistant, Outcome } from './port';

const off = <T>(): Promise<Outcome<T>> => Promise.resolve({ ok: false, reason: 'off', tokens: 0 });

export class NoAssistant implements Assistant {
  readonly provider = 'off' as const;
  triage = () => off<string>();
  followUp = () => off<string>();
  polish = () => off<never[]>();
}
