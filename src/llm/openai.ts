/**
 * The OpenAI adapter (also Azure OpenAI, and any OpenAI-compatible server through OPENAI_BASE_URL).
 * One request shape only: chat.completions.parse with a system prompt from prompts/llm/, one user
 * message of pseudonymised JSON, a strict zod response format and a small completion ceiling, sent
 * as the parameter the model takes (./params.ts). No tools or functions are ever sent, so a model
 * can only answer in the shape asked for.
 */
import { APIError, APIUserAbortError, type OpenAI } from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { z } from 'zod';
import type { Logger } from '../log';
import type { CircuitBreaker } from './breaker';
import { cleanOutput } from './clean';
import type {
  Assistant,
  CallOptions,
  FollowUpRequest,
  NarrativeSentence,
  Outcome,
  PolishItem,
  TriageRequest,
} from './port';
import { completionBudget, type ModelParams, rejectedParam, requestParams } from './params';
import type { LlmPrompts } from './prompts';
import { followUpSchema, LIMITS, polishSchema, triageSchema } from './schemas';
import { countRequest, countText, type ChatMessageLike } from './tokens';

export interface OpenAIAssistantDeps {
  client: OpenAI; // an OpenAI or AzureOpenAI client, built with timeout and maxRetries: 1
  provider: 'openai' | 'azure';
  model: string;
  prompts: LlmPrompts;
  breaker: CircuitBreaker;
  log: Logger;
  /** Token parameter and reasoning, from the settings or the model family. */
  params: ModelParams;
}

/** How to fix a parameter the provider refused; logged once per parameter. */
const PARAM_FIX: Record<string, string> = {
  max_tokens: 'Set LLM_TOKEN_PARAM=max_completion_tokens (switched for this run).',
  max_completion_tokens: 'Set LLM_TOKEN_PARAM=max_tokens (switched for this run).',
  reasoning_effort: 'Set LLM_REASONING=false (switched for this run).',
};

type CallName = 'triage' | 'follow_up' | 'polish';

interface Call<S extends z.ZodType> {
  name: CallName;
  system: string;
  user: string;
  schema: S;
  maxTokens: number;
}

export class OpenAIAssistant implements Assistant {
  readonly provider: 'openai' | 'azure';
  private params: ModelParams;
  private readonly reported = new Set<string>();

  constructor(private readonly deps: OpenAIAssistantDeps) {
    this.provider = deps.provider;
    this.params = { ...deps.params };
  }

  async triage(req: TriageRequest, opts: CallOptions): Promise<Outcome<string>> {
    const ids = req.options.map((o) => o.id);
    const user = JSON.stringify({ situations: req.options, opening_message: req.text });
    const out = await this.call(
      {
        name: 'triage',
        system: this.deps.prompts.triage,
        user,
        schema: triageSchema(ids),
        maxTokens: LIMITS.maxTokens.triage,
      },
      opts,
    );
    if (!out.ok) return out;
    const id = out.value?.situation;
    return { ok: true, value: id && id !== 'none' && ids.includes(id) ? id : undefined, tokens: out.tokens };
  }

  async followUp(req: FollowUpRequest, opts: CallOptions): Promise<Outcome<string>> {
    const user = JSON.stringify({ question: req.question, guidance: req.guidance, note: req.note });
    const out = await this.call(
      {
        name: 'follow_up',
        system: this.deps.prompts.followUp,
        user,
        schema: followUpSchema,
        maxTokens: LIMITS.maxTokens.followUp,
      },
      opts,
    );
    if (!out.ok) return out;
    const raw = out.value?.question;
    if (raw === null || raw === undefined) return { ok: true, value: undefined, tokens: out.tokens };
    const question = cleanOutput(raw, user, LIMITS.followUpChars);
    return question
      ? { ok: true, value: question, tokens: out.tokens }
      : this.invalid('follow_up', 'EMPTY_AFTER_CLEANING', out.tokens);
  }

  async polish(items: PolishItem[], opts: CallOptions): Promise<Outcome<NarrativeSentence[]>> {
    const user = JSON.stringify({ answers: items });
    const out = await this.call(
      {
        name: 'polish',
        system: this.deps.prompts.polish,
        user,
        schema: polishSchema,
        maxTokens: LIMITS.maxTokens.polish,
      },
      opts,
    );
    if (!out.ok) return out;
    const sentences = grounded(out.value?.sentences ?? [], new Set(items.map((i) => i.id)), user);
    return sentences.length
      ? { ok: true, value: sentences, tokens: out.tokens }
      : this.invalid('polish', 'NO_GROUNDED_SENTENCES', out.tokens);
  }

  private async call<S extends z.ZodType>(call: Call<S>, opts: CallOptions): Promise<Outcome<z.output<S>>> {
    const messages: ChatMessageLike[] = [
      { role: 'system', content: call.system },
      { role: 'user', content: call.user },
    ];
    const format = zodResponseFormat(call.schema, call.name);
    const input = countRequest(messages, format.json_schema.schema);
    if (input + completionBudget(this.params, call.maxTokens) > opts.budget)
      return { ok: false, reason: 'budget', tokens: 0 };
    if (!this.deps.breaker.tryPass()) return { ok: false, reason: 'unavailable', tokens: 0 };
    const started = Date.now();
    // Two tries at most: the second only after the provider refused a parameter we then changed.
    for (let attempt = 0; ; attempt++) {
      try {
        const completion = await this.deps.client.chat.completions.parse(
          { model: this.deps.model, messages, response_format: format, ...requestParams(this.params, call.maxTokens) },
          { signal: opts.signal },
        );
        this.deps.breaker.success();
        const message = completion.choices[0]?.message;
        const tokens = input + countText(message?.content ?? '');
        // The SDK has parsed with the schema already; parsing again here gives the value its type.
        const parsed = call.schema.safeParse(message?.parsed);
        if (!parsed.success || message?.refusal) return this.invalid(call.name, 'SCHEMA', tokens);
        this.deps.log.debug(
          { code: 'LLM_CALL_OK', call: call.name, provider: this.provider, tokens, ms: Date.now() - started },
          'assistance call',
        );
        return { ok: true, value: parsed.data, tokens };
      } catch (err) {
        const param = err instanceof APIError ? rejectedParam(err) : undefined;
        if (param !== undefined) {
          if (this.adjust(param) && attempt === 0) continue;
          return this.refusedParam(call.name, param, input);
        }
        return this.failed(call.name, err, input, completionBudget(this.params, call.maxTokens), Date.now() - started);
      }
    }
  }

  /** Changes the refused parameter if it is one with an alternative; false when there is none. */
  private adjust(param: string): boolean {
    this.report(param);
    if (param === 'max_tokens' && this.params.tokenParam === 'max_tokens')
      this.params = { ...this.params, tokenParam: 'max_completion_tokens' };
    else if (param === 'max_completion_tokens' && this.params.tokenParam === 'max_completion_tokens')
      this.params = { ...this.params, tokenParam: 'max_tokens' };
    else if (param === 'reasoning_effort' && this.params.reasoning) this.params = { ...this.params, reasoning: false };
    else return false;
    return true;
  }

  /** Once per parameter: the provider's refusal and how to fix it. Never the request or the message. */
  private report(param: string): void {
    if (this.reported.has(param)) return;
    this.reported.add(param);
    this.deps.log.warn(
      {
        code: 'LLM_PARAMETER_UNSUPPORTED',
        provider: this.provider,
        model: this.deps.model,
        param,
        fix: PARAM_FIX[param] ?? 'Choose a model that supports structured outputs (response_format json_schema).',
      },
      'the model refused a request parameter',
    );
  }

  /** A configuration mismatch, not an outage: the breaker is left alone. */
  private refusedParam(name: CallName, param: string, input: number): Outcome<never> {
    this.report(param);
    this.deps.breaker.release();
    this.deps.log.debug({ code: 'LLM_PARAMETER_UNSUPPORTED', call: name, param }, 'assistance call skipped');
    return { ok: false, reason: 'unavailable', tokens: input };
  }

  /** Provider errors (5xx, timeouts, refused connections) count towards the breaker; bad output does not. */
  private failed(name: CallName, err: unknown, input: number, maxTokens: number, ms: number): Outcome<never> {
    if (err instanceof APIUserAbortError) return { ok: false, reason: 'unavailable', tokens: input };
    if (err instanceof APIError) {
      this.deps.breaker.failure();
      // Never err.message: a provider may echo the request back in it.
      this.deps.log.warn(
        {
          code: 'LLM_UNAVAILABLE',
          call: name,
          provider: this.provider,
          status: err.status,
          error: err.constructor.name,
          ms,
          breaker: this.deps.breaker.state,
        },
        'assistance call failed',
      );
      return { ok: false, reason: 'unavailable', tokens: input };
    }
    this.deps.breaker.success(); // the provider answered; what it said was unusable
    // Output we could not read is charged at its ceiling: it was generated, we just cannot count it.
    return this.invalid(name, err instanceof Error ? err.constructor.name : 'UNKNOWN', input + maxTokens);
  }

  private invalid(name: CallName, why: string, tokens: number): Outcome<never> {
    this.deps.log.warn(
      { code: 'LLM_OUTPUT_INVALID', call: name, provider: this.provider, why },
      'assistance output discarded',
    );
    return { ok: false, reason: 'invalid', tokens };
  }
}

/**
 * Every sentence must cite at least one of the answers it was given, and only those; sentences
 * that cite nothing, cite an unknown id, or are too long after cleaning are dropped.
 */
export function grounded(
  sentences: Array<{ text: string; questionIds: string[] }>,
  known: Set<string>,
  input: string,
): NarrativeSentence[] {
  const out: NarrativeSentence[] = [];
  for (const s of sentences) {
    const ids = [...new Set(s.questionIds)];
    if (ids.length === 0 || ids.some((id) => !known.has(id))) continue;
    const text = cleanOutput(s.text, input, LIMITS.sentenceChars);
    if (text) out.push({ text, questionIds: ids });
  }
  return out.slice(0, LIMITS.sentences);
}
