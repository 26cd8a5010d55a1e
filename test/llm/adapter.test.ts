/**
 * The adapter alone, with the real openai SDK against the fake: request shape, validation,
 * cleaning, grounding, the circuit breaker and the Azure path.
 */
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { createAssistant, BREAKER } from '../../src/llm';
import type { Assistant, Pseudo } from '../../src/llm/port';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai/server';

const log = createLogger('silent');
const BIG = { budget: 100_000 };
const pseudo = (s: string) => s as Pseudo; // the adapter is given already-pseudonymised text

let fake: FakeOpenAI;
let clock = 0;
const openai = (env: Record<string, string> = {}): Promise<Assistant> =>
  createAssistant(
    loadConfig({ OPENAI_API_KEY: 'test', OPENAI_BASE_URL: fake.url, LLM_TIMEOUT_MS: '2000', ...env }),
    log,
    { now: () => clock },
  );

beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  clock = 0;
});

const followUp = {
  question: 'Have I seen the child alone?',
  guidance: 'Section text',
  note: pseudo('Mum said [PERSON_1] was asleep.'),
};

describe('request shape', () => {
  it('sends one system prompt and one user message, a strict json_schema format and max_tokens; never tools or functions', async () => {
    const a = await openai();
    await a.triage(
      { text: pseudo('Third visit with no answer at the door'), options: [{ id: 'no-answer', label: 'No answer' }] },
      BIG,
    );
    await a.followUp(followUp, BIG);
    await a.polish([{ id: 'q1', question: 'Q?', answer: 'Yes' }], BIG);
    expect(fake.requests).toHaveLength(3);
    for (const r of fake.requests) {
      expect(r.path).toBe('/v1/chat/completions');
      expect(r.body.messages?.map((m) => m.role)).toEqual(['system', 'user']);
      expect(r.body.response_format?.type).toBe('json_schema');
      expect(r.body.response_format?.json_schema?.strict).toBe(true);
      expect(r.body.max_tokens).toBeGreaterThan(0);
      for (const key of ['tools', 'functions', 'tool_choice', 'function_call', 'parallel_tool_calls'])
        expect(r.body).not.toHaveProperty(key);
    }
    expect(fake.requests.map((r) => r.body.response_format?.json_schema?.name)).toEqual([
      'triage',
      'follow_up',
      'polish',
    ]);
  });
});

describe('output validation and cleaning', () => {
  it('a triage answer outside the offered ids is discarded', async () => {
    fake.answer('triage', { json: { situation: 'hostile' } });
    const out = await (await openai()).triage(
      { text: pseudo('words words words words'), options: [{ id: 'no-answer', label: 'No answer' }] },
      BIG,
    );
    expect(out).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('invalid JSON, a refusal, or an over-long question is discarded', async () => {
    const a = await openai();
    fake.enqueue(
      { content: '{"question": "unterminated' },
      { refusal: 'no' },
      { json: { question: `${'Why '.repeat(100)}?` } },
    );
    for (let i = 0; i < 3; i++) expect(await a.followUp(followUp, BIG)).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('strips mentions, broadcast tokens and links that were not in the input', async () => {
    fake.answer('follow_up', {
      json: {
        question:
          '<@U123ABC> <!channel> @here What did <at>Sam</at> see at https://evil.example/x and <https://phish.example|this page>, and at https://ok.example/a?',
      },
    });
    const out = await (await openai()).followUp(
      { ...followUp, note: pseudo('See https://ok.example/a for the plan.') },
      BIG,
    );
    expect(out.ok).toBe(true);
    const text = out.ok ? (out.value ?? '') : '';
    expect(text).not.toMatch(/<@|<!|@here|<at>|Sam|evil\.example|phish\.example/);
    expect(text).toContain('https://ok.example/a');
    expect(text).toMatch(/^What did see at/);
  });

  it('drops narrative sentences with no grounding or unknown question ids', async () => {
    fake.answer('polish', {
      json: {
        sentences: [
          { text: 'The practitioner saw the child alone.', questionIds: ['q1'] },
          { text: 'There are no concerns.', questionIds: [] },
          { text: 'The family is doing well.', questionIds: ['q-unknown'] },
          { text: 'Mum was <!here> tired.', questionIds: ['q1', 'q2'] },
        ],
      },
    });
    const out = await (await openai()).polish(
      [
        { id: 'q1', question: 'Q1?', answer: 'Yes' },
        { id: 'q2', question: 'Q2?', note: pseudo('tired') },
      ],
      BIG,
    );
    expect(out.ok && out.value).toEqual([
      { text: 'The practitioner saw the child alone.', questionIds: ['q1'] },
      { text: 'Mum was tired.', questionIds: ['q1', 'q2'] },
    ]);
  });
});

describe('budget', () => {
  it('a call that could exceed the remaining budget is not made', async () => {
    const out = await (await openai()).followUp(followUp, { budget: 50 });
    expect(out).toEqual({ ok: false, reason: 'budget', tokens: 0 });
    expect(fake.requests).toHaveLength(0);
  });

  it('counts input and output tokens', async () => {
    fake.answer('follow_up', { json: { question: 'What did the child say?' } });
    const out = await (await openai()).followUp(followUp, BIG);
    expect(out.tokens).toBeGreaterThan(100); // system prompt, user message and schema
  });
});

describe('circuit breaker', () => {
  it(`opens after ${BREAKER.threshold} failed calls: no requests until ${BREAKER.openMs / 1000} s have passed, then one trial`, async () => {
    fake.always({ status: 500 });
    const a = await openai();
    for (let i = 0; i < BREAKER.threshold; i++)
      expect(await a.followUp(followUp, BIG)).toMatchObject({ ok: false, reason: 'unavailable' });
    const sent = fake.requests.length;
    expect(sent).toBe(BREAKER.threshold * 2); // maxRetries: 1
    clock += BREAKER.openMs - 1;
    for (let i = 0; i < 5; i++)
      expect(await a.followUp(followUp, BIG)).toEqual({ ok: false, reason: 'unavailable', tokens: 0 });
    expect(fake.requests).toHaveLength(sent);
    clock += 1;
    fake.reset();
    expect((await a.followUp(followUp, BIG)).ok).toBe(true);
    expect(fake.requests).toHaveLength(1);
  });

  it('gives up on a stalled provider at LLM_TIMEOUT_MS (after one retry)', async () => {
    fake.always({ stall: true });
    const started = Date.now();
    const out = await (await openai({ LLM_TIMEOUT_MS: '300' })).followUp(followUp, BIG);
    expect(out).toMatchObject({ ok: false, reason: 'unavailable' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(fake.requests).toHaveLength(2);
  });
});

describe('Azure OpenAI', () => {
  it('uses AzureOpenAI: the deployment path, api-version and api-key header', async () => {
    fake.answer('triage', { json: { situation: 'no-answer' } });
    const config = loadConfig({
      AZURE_OPENAI_ENDPOINT: fake.origin,
      AZURE_OPENAI_API_KEY: 'azure-key',
      AZURE_OPENAI_DEPLOYMENT: 'reflect-mini',
      OPENAI_API_VERSION: '2024-10-21',
    });
    expect(config.llm).toBe('azure');
    const a = await createAssistant(config, log);
    const out = await a.triage(
      { text: pseudo('Third visit with no answer at the door'), options: [{ id: 'no-answer', label: 'No answer' }] },
      BIG,
    );
    expect(out).toMatchObject({ ok: true, value: 'no-answer' });
    const r = fake.requests[0];
    expect(r?.path).toBe('/openai/deployments/reflect-mini/chat/completions');
    expect(r?.query['api-version']).toBe('2024-10-21');
    expect(r?.headers['api-key']).toBe('azure-key');
  });
});
