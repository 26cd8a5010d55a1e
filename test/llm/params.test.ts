/**
 * Model parameters that fit the model (issue 14 §5): max_completion_tokens for reasoning families
 * and when set, room to reason, and a 400 about a parameter logged once with its fix, switched, and
 * never counted as an outage by the circuit breaker.
 */
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { createAssistant } from '../../src/llm';
import { isReasoningFamily, modelParams, REASONING_HEADROOM } from '../../src/llm/params';
import type { Assistant, Pseudo } from '../../src/llm/port';
import { REJECT_MAX_TOKENS, startFakeOpenAI, type FakeOpenAI } from '../fakes/openai/server';

const BIG = { budget: 100_000 };
const triage = { text: 'Third visit, no answer' as Pseudo, options: [{ id: 'no-answer', label: 'No answer' }] };
let fake: FakeOpenAI;
let lines: string[];
const sink = () =>
  new Writable({
    write: (c: Buffer, _e, done) => {
      lines.push(c.toString());
      done();
    },
  });
const make = (env: Record<string, string> = {}): Promise<Assistant> =>
  createAssistant(
    loadConfig({ OPENAI_API_KEY: 'test', OPENAI_BASE_URL: fake.url, LLM_TIMEOUT_MS: '2000', ...env }),
    createLogger('warn', sink()),
    { now: () => 0 },
  );

beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  lines = [];
});

describe('the model family decides the defaults', () => {
  it.each([
    ['o1', true],
    ['o3-mini', true],
    ['o4-mini-2025-04-16', true],
    ['gpt-5', true],
    ['gpt-5-mini', true],
    ['gpt-4o-mini', false],
    ['gpt-4.1', false],
    ['llama3.1:8b', false],
    ['omni-deployment', false],
  ])('%s is a reasoning model: %s', (model, reasoning) => {
    expect(isReasoningFamily(model)).toBe(reasoning);
    expect(modelParams({ model }).tokenParam).toBe(reasoning ? 'max_completion_tokens' : 'max_tokens');
  });

  it('lets the settings override the family (an Azure deployment name says nothing)', () => {
    expect(modelParams({ model: 'prod-chat', tokenParam: 'max_completion_tokens' })).toEqual({
      tokenParam: 'max_completion_tokens',
      reasoning: false,
    });
    expect(modelParams({ model: 'prod-chat', reasoning: true }).tokenParam).toBe('max_completion_tokens');
  });
});

describe('requests', () => {
  it('sends max_completion_tokens, low effort and room to reason to a reasoning model', async () => {
    await (await make({ OPENAI_MODEL: 'o4-mini' })).triage(triage, BIG);
    const body = fake.requests[0]?.body ?? {};
    expect(body).not.toHaveProperty('max_tokens');
    expect(body.max_completion_tokens).toBeGreaterThan(REASONING_HEADROOM);
    expect(body.reasoning_effort).toBe('low');
  });

  it('keeps max_tokens for other models, and obeys LLM_TOKEN_PARAM', async () => {
    await (await make()).triage(triage, BIG);
    await (await make({ LLM_TOKEN_PARAM: 'max_completion_tokens' })).triage(triage, BIG);
    expect(fake.requests[0]?.body.max_tokens).toBeGreaterThan(0);
    expect(fake.requests[1]?.body).not.toHaveProperty('max_tokens');
    expect(fake.requests[1]?.body.max_completion_tokens).toBe(fake.requests[0]?.body.max_tokens);
    expect(fake.requests[1]?.body).not.toHaveProperty('reasoning_effort');
  });
});

describe('a 400 about a parameter', () => {
  it('switches to max_completion_tokens, answers, and logs the fix once', async () => {
    // Matchers are consulted latest first: the refusal before the answer.
    fake.answer('triage', { json: { situation: 'no-answer' } }).on(REJECT_MAX_TOKENS);
    const a = await make({ AZURE_OPENAI_ENDPOINT: '', OPENAI_MODEL: 'prod-deployment' });
    for (let i = 0; i < 5; i++) expect(await a.triage(triage, BIG)).toMatchObject({ ok: true, value: 'no-answer' });
    expect(fake.requests.map((r) => ('max_tokens' in r.body ? 'max_tokens' : 'max_completion_tokens'))).toEqual([
      'max_tokens',
      'max_completion_tokens',
      'max_completion_tokens',
      'max_completion_tokens',
      'max_completion_tokens',
      'max_completion_tokens',
    ]);
    const warned = lines.filter((l) => l.includes('LLM_PARAMETER_UNSUPPORTED'));
    expect(warned).toHaveLength(1);
    expect(warned[0]).toContain('LLM_TOKEN_PARAM=max_completion_tokens');
    expect(lines.join('')).not.toContain('LLM_UNAVAILABLE');
  });

  it('does not open the circuit breaker when the parameter has no alternative', async () => {
    const refuse = {
      status: 400,
      body: { error: { message: 'no', param: 'response_format', code: 'unsupported_parameter' } },
    };
    fake.always(refuse);
    const a = await make();
    for (let i = 0; i < 6; i++) expect(await a.triage(triage, BIG)).toMatchObject({ ok: false, reason: 'unavailable' });
    // Every call still reached the provider: a configuration mismatch is not an outage.
    expect(fake.requests).toHaveLength(6);
    expect(lines.filter((l) => l.includes('LLM_PARAMETER_UNSUPPORTED'))).toHaveLength(1);
    expect(lines.join('')).not.toContain('LLM_UNAVAILABLE');
  });

  it('still opens the breaker on a real outage', async () => {
    fake.always({ status: 500 });
    const a = await make();
    for (let i = 0; i < 6; i++) await a.triage(triage, BIG);
    expect(fake.requests.length).toBeLessThan(12); // 3 failures (SDK retries once each), then no calls
  });
});
