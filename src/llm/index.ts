/**
 * Building the assistance from configuration. Off (the deterministic NoAssistant) unless
 * OPENAI_API_KEY or the AZURE_OPENAI_* settings are present; see docs/llm.md.
 */
import path from 'node:path';
import type { Config } from '../config';
import type { Catalog } from '../core/catalog';
import type { Logger } from '../log';
import { fromRoot } from '../paths';
import { Assistance } from './assistance';
import { CircuitBreaker } from './breaker';
import { NoAssistant } from './none';
import type { Assistant } from './port';
import { BREAKER } from './clients-config';
import { loadLlmPrompts } from './prompts';

export { Assistance } from './assistance';
export { LlmError } from './errors';
export { BREAKER } from './clients-config';

export interface AssistanceOptions {
  /** Milliseconds clock for the circuit breaker (tests). */
  now?: () => number;
}

export async function createAssistance(
  config: Config,
  log: Logger,
  catalog: Catalog,
  options: AssistanceOptions = {},
): Promise<Assistance> {
  const assistant = await createAssistant(config, log, options);
  return new Assistance({ assistant, catalog, log, budget: config.env.LLM_TOKEN_BUDGET });
}

/**
 * The SDK and the tokenizer load only when assistance is configured: together they add ~95 MB of
 * memory and a third of a second to start-up that a council running without a model should not pay.
 */
export async function createAssistant(
  config: Config,
  log: Logger,
  options: AssistanceOptions = {},
): Promise<Assistant> {
  if (config.llm === 'off') return new NoAssistant();
  const prompts = loadLlmPrompts(path.join(fromRoot(config.env.PROMPTS_DIR), 'llm'));
  const breaker = new CircuitBreaker({ ...BREAKER, now: options.now });
  const { modelAssistant } = await import('./clients.js');
  return modelAssistant(config, log, prompts, breaker);
}
