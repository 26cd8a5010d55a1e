/**
 * Threads are keyed by the case reference as typed, not by what the supervisor is shown: two
 * references that are both withheld ("keep" after the identifier warning) stay two threads, and an
 * urgent alert and the later summary on one withheld reference share one thread. Neither title nor
 * the listed case reference shows what was typed.
 */
import { startTestApp, type TestApp } from '../support/app';
import { type ApiReply, call, lastQuestion, press, say } from '../support/local-client';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

interface Thread {
  id: string;
  caseRef: string;
  title: string;
  reflections: number;
  messages: Array<{ kind: string; text: string; alert?: string }>;
}
const threads = async (): Promise<Thread[]> =>
  (await call(app.url, 'GET', '/local/threads?supervisor=sam')).json.threads as Thread[];

/** Answers whatever is asked ("no", "continue", else the first choice; a note where text is wanted) up to the preview, and shares. */
async function shareFrom(user: string, start: ApiReply[]): Promise<void> {
  let replies = start;
  for (let step = 0; step < 300; step++) {
    const q = lastQuestion(replies);
    if (!q) throw new Error(`no question: ${JSON.stringify(replies.map((r) => r.text))}`);
    if (q.kind === 'preview') {
      await press(app.url, user, q, 'share');
      return;
    }
    if (q.choices.length === 0) {
      replies = await say(app.url, user, 'a note');
      continue;
    }
    const ids = q.choices.map((c) => c.id);
    const pick = ['keep', 'reflect', 'continue', 'no'].find((c) => ids.includes(c)) ?? (ids[0] as string);
    replies = await press(app.url, user, q, pick);
  }
  throw new Error('no preview in 300 steps');
}

/** The reference typed, warned about, and kept with "keep". */
async function keepCaseRef(user: string, caseRef: string): Promise<ApiReply[]> {
  const warned = await say(app.url, user, caseRef);
  expect(warned.map((r) => r.text).join('\n')).toMatch(/send keep to use it as it is/);
  return say(app.url, user, 'keep');
}

it('two withheld case references give two threads; an alert and the summary on one give one', async () => {
  const secretA = 'Jayden Okafor 12 Acacia Avenue';
  // A: the urgent path first (it takes the reference without the warning, so as not to delay the
  // alert), so the alert opens the thread before the reflection is shared.
  const urgent = await say(app.url, 'alex', 'urgent');
  expect(lastQuestion(urgent)?.text).toMatch(/Which case is this about/);
  await shareFrom('alex', await say(app.url, 'alex', secretA));
  // B: another practitioner's reflection on another case, also kept.
  await say(app.url, 'bo', 'hello');
  await shareFrom('bo', await keepCaseRef('bo', 'Smith family'));

  const all = await threads();
  expect(all).toHaveLength(2);
  for (const t of all) {
    expect(t.title).toBe('Case [case reference withheld]');
    expect(t.caseRef).toBe('[case reference withheld]');
    expect(t.reflections).toBe(1);
  }
  const withAlert = all.filter((t) => t.messages.some((m) => m.alert === 'urgent'));
  expect(withAlert).toHaveLength(1);
  expect(withAlert[0]?.messages.filter((m) => m.kind === 'summary')).toHaveLength(1);
  const shown = JSON.stringify(all);
  for (const secret of ['Jayden', 'Okafor', 'Acacia', 'Smith']) expect(shown).not.toContain(secret);
}, 60_000);
