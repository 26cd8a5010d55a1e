/**
 * Request parameters that depend on the model. OpenAI's reasoning models (o1, o3, o4-mini, gpt-5…)
 * and Azure's newer deployments reject `max_tokens` with 400 `unsupported_parameter` and want
 * `max_completion_tokens`, which for reasoning models also covers the hidden reasoning tokens. So:
 * - the token parameter is a setting (LLM_TOKEN_PARAM), defaulting by model family;
 * - reasoning models (LLM_REASONING, defaulting by family) get low reasoning effort and a budget
 *   that leaves room for the answer after the reasoning;
 * - a 400 that names the token parameter switches to the other one for the rest of the run.
 */
export type TokenParam = 'max_tokens' | 'max_completion_tokens';

export interface ModelSettings {
  model: string;
  tokenParam?: TokenParam;
  reasoning?: boolean;
}

/** Reasoning tokens allowed on top of the answer's own ceiling. */
export const REASONING_HEADROOM = 1024;

/** o1, o3, o4-mini, gpt-5 and their dated or suffixed names (also as Azure deployment names). */
export function isReasoningFamily(model: string): boolean {
  return /^(o\d+|gpt-5)([-.:_]|$)/i.test(model.trim());
}

export interface ModelParams {
  tokenParam: TokenParam;
  reasoning: boolean;
}

export function modelParams(s: ModelSettings): ModelParams {
  const reasoning = s.reasoning ?? isReasoningFamily(s.model);
  return { reasoning, tokenParam: s.tokenParam ?? (reasoning ? 'max_completion_tokens' : 'max_tokens') };
}

/** The completion ceiling a call may spend: the answer, plus reasoning room for reasoning models. */
export function completionBudget(p: ModelParams, answerTokens: number): number {
  return p.reasoning ? answerTokens + REASONING_HEADROOM : answerTokens;
}

/** The model-dependent part of a chat.completions request. */
export function requestParams(
  p: ModelParams,
  answerTokens: number,
): { max_tokens?: number; max_completion_tokens?: number; reasoning_effort?: 'low' } {
  const limit = completionBudget(p, answerTokens);
  const tokens = p.tokenParam === 'max_tokens' ? { max_tokens: limit } : { max_completion_tokens: limit };
  return p.reasoning ? { ...tokens, reasoning_effort: 'low' } : tokens;
}

/** The parameter a provider's 400 complains about, when it is one we choose, e.g. max_tokens. */
export function rejectedParam(err: { status?: number; code?: unknown; param?: unknown }): string | undefined {
  if (err.status !== 400) return undefined;
  if (err.code !== 'unsupported_parameter' && err.code !== 'unsupported_value') return undefined;
  return typeof err.param === 'string' ? err.param : undefined;
}
