/**
 * Guards on cost and availability: no reply waits for a model, a provider that is down costs at
 * most a one-line note, the circuit breaker stops requests while it is open, the per-reflection
 * token budget stops assistance quietly, and the bot is identical apart from the assistance with
 * the model off, on or broken.
 */
import { BREAKER } from '../../src/llm';
import { countRequest } from '../../src/llm/tokens';
import type { TestApp } from '../support/app';
import { callName, startFakeOpenAI, type FakeAnswer, type FakeOpenAI } from '../fakes/openai/server';
import {
  assistMessages,
  helpful,
  openState,
  runToPreview,
  SCRIPT,
  share,
  sharedSummary,
  startApp,
  type Script,
} from './harness';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

async function withApp<T>(env: Record<string, string>, fn: (app: TestApp) => Promise<T>, useFake = true): Promise<T> {
  const app = await startApp(useFake ? fake : undefined, env);
  try {
    return await fn(app);
  } finally {
    await app.stop();
  }
}

describe('no reply held hostage', () => {
  const stalls: Array<[string, FakeAnswer]> = [
    ['never answers', { stall: true }],
    // biome-ignore lint/suspicious/noThenProperty: the fake's script step "after the delay, then answer"; plain data, never awaited.
    ['answers after 30 s', { delayMs: 30_000, then: { json: { question: 'Too late?' } } }],
  ];
  it.each(stalls)('every POST /local/messages answers within 10 s while the provider %s', async (_name, answer) => {
    fake.always(answer);
    const timings = await withApp({ LLM_TIMEOUT_MS: '8000' }, async (app) => {
      const run = await runToPreview(app, SCRIPT, { waitForAssist: false });
      await share(app, run.preview);
      return run.timings;
    });
    expect(fake.requests.length).toBeGreaterThan(0); // the provider was being called meanwhile
    expect(Math.max(...timings)).toBeLessThan(10_000);
    // A turn that waited for the provider would take at least LLM_TIMEOUT_MS; a wall-clock figure
    // tighter than that fails on a busy machine without proving more.
    expect(Math.max(...timings)).toBeLessThan(8_000);
  });
});

describe('provider down', () => {
  it('the practitioner sees at most one one-line note and the reflection completes', async () => {
    fake.always({ status: 500 });
    await withApp({}, async (app) => {
      const { preview } = await runToPreview(app);
      const notes = await assistMessages(app);
      expect(notes).toHaveLength(1);
      expect(notes[0]?.text.split('\n')).toHaveLength(1);
      expect(notes[0]?.choices).toEqual([]);
      await share(app, preview);
      expect((await sharedSummary(app)).flags.length).toBeGreaterThan(0);
    });
  });
});

describe('circuit breaker', () => {
  it(`after ${BREAKER.threshold} failed calls no further requests are made while it is open`, async () => {
    fake.always({ status: 503 });
    const script: Script = { ...SCRIPT, notes: [...SCRIPT.notes, 'Another note.', 'And another one.'] };
    await withApp({}, async (app) => {
      await runToPreview(app, script);
      // triage + five follow-ups + polish were wanted; only the first three calls (each retried once) went out.
      expect(fake.requests).toHaveLength(BREAKER.threshold * 2);
    });
  });
});

describe('token budget', () => {
  // One note per self-check question of the short core (the last answer's note comes at the preview,
  // where no follow-up is asked).
  const script: Script = { ...SCRIPT, notes: [...SCRIPT.notes, 'Another note about the visit.'] };

  it('with room, every wanted call is made (the control)', async () => {
    helpful(fake);
    await withApp({ LLM_TOKEN_BUDGET: '100000' }, async (app) => {
      await runToPreview(app, script);
    });
    expect(fake.requests.filter((r) => callName(r) === 'follow_up')).toHaveLength(script.notes.length);
    expect(fake.requests.some((r) => callName(r) === 'polish')).toBe(true);
  });

  it('once the budget is spent no more requests are made, and assistance stops quietly', async () => {
    helpful(fake);
    const budget = 1800; // room for the first calls of the short core, not for all of them
    await withApp({ LLM_TOKEN_BUDGET: String(budget) }, async (app) => {
      await runToPreview(app, script);
      const state = await openState(app);
      expect(state.llm?.tokensUsed).toBeLessThanOrEqual(budget);
      // Counted with gpt-tokenizer: at least the input of every request made.
      const input = fake.requests.reduce(
        (n, r) =>
          n +
          countRequest(
            (r.body.messages ?? []).map((m) => ({ role: m.role as 'system' | 'user', content: m.content })),
            r.body.response_format?.json_schema?.schema,
          ),
        0,
      );
      expect(state.llm?.tokensUsed).toBeGreaterThanOrEqual(input);
      expect((await assistMessages(app)).some((m) => /unavailable/i.test(m.text))).toBe(false);
    });
    expect(fake.requests.length).toBeGreaterThan(0);
    expect(fake.requests.filter((r) => callName(r) === 'follow_up').length).toBeLessThan(script.notes.length);
    expect(fake.requests.some((r) => callName(r) === 'polish')).toBe(false);
  });
});

describe('identical apart from the assistance', () => {
  type Mode = 'off' | 'on' | 'broken' | 'garbage';
  const setups: Record<Mode, () => void> = {
    off: () => undefined,
    on: () => helpful(fake),
    broken: () => fake.always({ status: 500 }),
    garbage: () => fake.always({ content: '<!channel> not json' }),
  };

  it('the same scripted reflection gives the same replies, summary and flags with the model off, on, broken or answering garbage', async () => {
    const runs: Partial<Record<Mode, { transcript: string[]; summary: unknown }>> = {};
    for (const mode of Object.keys(setups) as Mode[]) {
      fake.reset();
      setups[mode]();
      runs[mode] = await withApp(
        {},
        async (app) => {
          const { preview, transcript } = await runToPreview(app);
          await share(app, preview);
          return { transcript, summary: await sharedSummary(app) };
        },
        mode !== 'off',
      );
    }
    expect(runs.off?.transcript.length).toBeGreaterThan(20);
    for (const mode of ['on', 'broken', 'garbage'] as const) {
      expect(runs[mode]?.summary).toEqual(runs.off?.summary);
      expect(runs[mode]?.transcript).toEqual(runs.off?.transcript);
    }
  });
});
