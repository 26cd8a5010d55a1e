/**
 * The model clients (OpenAI, any OpenAI-compatible server, or Azure OpenAI). Loaded only when
 * assistance is configured; see createAssistant in index.ts.
 */
import { AzureOpenAI, OpenAI } from 'openai';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { CircuitBreaker } from './breaker';
import { SDK } from './clients-config';
import { LlmError } from './errors';
import { OpenAIAssistant } from './openai';
import { modelParams } from './params';
import type { Assistant } from './port';
import type { LlmPrompts } from './prompts';

export function modelAssistant(config: Config, log: Logger, prompts: LlmPrompts, breaker: CircuitBreaker): Assistant {
  const e = config.env;
  if (config.llm === 'azure') {
    if (!e.AZURE_OPENAI_DEPLOYMENT)
      throw new LlmError(
        'LLM_CONFIG_INCOMPLETE',
        'AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_API_KEY are set but AZURE_OPENAI_DEPLOYMENT is not. Set it to your model deployment name.',
      );
    const client = new AzureOpenAI({
      endpoint: e.AZURE_OPENAI_ENDPOINT,
      apiKey: e.AZURE_OPENAI_API_KEY,
      deployment: e.AZURE_OPENAI_DEPLOYMENT,
      apiVersion: e.OPENAI_API_VERSION,
      baseURL: null, // the endpoint decides; an OPENAI_BASE_URL left in the environment must not
      timeout: e.LLM_TIMEOUT_MS,
      ...SDK,
    });
    const model = e.AZURE_OPENAI_DEPLOYMENT;
    const params = modelParams({ model, tokenParam: e.LLM_TOKEN_PARAM, reasoning: e.LLM_REASONING });
    return new OpenAIAssistant({ client, provider: 'azure', model, prompts, breaker, log, params });
  }
  const client = new OpenAI({
    apiKey: e.OPENAI_API_KEY,
    baseURL: e.OPENAI_BASE_URL ?? null,
    timeout: e.LLM_TIMEOUT_MS,
    ...SDK,
  });
  const params = modelParams({ model: e.OPENAI_MODEL, tokenParam: e.LLM_TOKEN_PARAM, reasoning: e.LLM_REASONING });
  return new OpenAIAssistant({ client, provider: 'openai', model: e.OPENAI_MODEL, prompts, breaker, log, params });
}
