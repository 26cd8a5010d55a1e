/**
 * Building the assistance from configuration. Off (the deterministic NoAssistant) unless
 * OPENAI_API_KEY or the AZURE_OPENAI_* settings are present; see docs/llm.md.
 */
import path from 'node:path';
import { AzureOpenAI, OpenAI } from 'openai';
import type { Config } from '../config';
import type { Catalog } from '../core/catalog';
import type { Logger } from '../log';
import { fromRoot } from '../paths';
import { Assistance } from './assistance';
import { CircuitBreaker } from './breaker';
import { LlmError } from './errors';
import { NoAssistant } from './none';
import { OpenAIAssistant } from './openai';
import type { Assistant } from './port';
import { loadLlmPrompts } from './prompts';

export { Assistance } from './assistance';
export { LlmError } from './errors';

/** Open after 3 consecutive provider failures, for a minute: the provider is down, stop waiting on it. */
export const BREAKER = { threshold: 3, openMs: 60_000 };
// The SDK retries once; more retries would only keep a practitioner's assistance waiting longer.
// Its own logging is off: at debug it would print request bodies, and we log codes ourselves.
const SDK = { maxRetries: 1, logLevel: 'off' } as const;

export interface AssistanceOptions {
  /** Milliseconds clock for the circuit breaker (tests). */
  now?: () => number;
}

export function createAssistance(config: Config, log: Logger, catalog: Catalog, options: AssistanceOptions = {}): Assistance {
  const assistant = createAssistant(config, log, options);
  return new Assistance({ assistant, catalog, log, budget: config.env.LLM_TOKEN_BUDGET });
}

export function createAssistant(config: Config, log: Logger, options: AssistanceOptions = {}): Assistant {
  if (config.llm === 'off') return new NoAssistant();
  const e = config.env;
  const prompts = loadLlmPrompts(path.join(fromRoot(e.PROMPTS_DIR), 'llm'));
  const breaker = new CircuitBreaker({ ...BREAKER, now: options.now });
  if (config.llm === 'azure') {
    if (!e.AZURE_OPENAI_DEPLOYMENT) throw new LlmError('LLM_CONFIG_INCOMPLETE', 'AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_API_KEY are set but AZURE_OPENAI_DEPLOYMENT is not. Set it to your model deployment name.');
    const client = new AzureOpenAI({
      endpoint: e.AZURE_OPENAI_ENDPOINT,
      apiKey: e.AZURE_OPENAI_API_KEY,
      deployment: e.AZURE_OPENAI_DEPLOYMENT,
      apiVersion: e.OPENAI_API_VERSION,
      baseURL: null, // the endpoint decides; an OPENAI_BASE_URL left in the environment must not
      timeout: e.LLM_TIMEOUT_MS,
      ...SDK,
    });
    return new OpenAIAssistant({ client, provider: 'azure', model: e.AZURE_OPENAI_DEPLOYMENT, prompts, breaker, log });
  }
  const client = new OpenAI({ apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL ?? null, timeout: e.LLM_TIMEOUT_MS, ...SDK });
  return new OpenAIAssistant({ client, provider: 'openai', model: e.OPENAI_MODEL, prompts, breaker, log });
}
