/**
 * "Go deeper" can be left: a Back to the summary button on each added question, and the typed words
 * "summary", "back" and "done". The questions not reached are set aside, so the counter drops them.
 */
import { startTestApp, type TestApp } from '../support/app';
import { type ApiReply, driveToPreview, lastQuestion, press, say } from '../support/local-client';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

const plan = { caseRef: 'CR-DEEP', contact: 'home-visit', engagement: 'hostile', childSeen: 'seen-alone' };

/** From the preview: Go deeper, then the first set on the menu with at least two questions left. */
async function deeper(preview: ApiReply): Promise<ApiReply> {
  const menu = lastQuestion(await press(app.url, 'alex', preview, 'deeper'));
  expect(menu?.meta.questionId).toMatch(/^deeper:/);
  const set = menu!.choices.find((c) => c.id !== 'none');
  return lastQuestion(await press(app.url, 'alex', menu!, set!.id))!;
}

async function queue() {
  const row = await app.reflect.store.getOpenReflection('alex');
  return { length: row!.state.queue.length, position: row!.state.position, status: row!.state.status };
}

describe('leaving Go deeper', () => {
  afterEach(async () => {
    await say(app.url, 'alex', 'cancel');
    await say(app.url, 'alex', 'yes');
  });

  it.each(['summary', 'back', 'done', 'Back to the summary'])('typing "%s" returns to the summary', async (word) => {
    const { preview } = await driveToPreview(app.url, 'alex', plan);
    const first = await deeper(preview);
    expect(first.meta.questionId).not.toMatch(/^deeper:/);
    const grown = first.meta.progress!.total;
    const replies = await say(app.url, 'alex', word);
    expect(lastQuestion(replies)?.kind).toBe('preview');
    const q = await queue();
    expect(q.status).toBe('preview');
    expect(q.length).toBeLessThan(grown); // the unasked deeper questions left the counter
    expect(q.length).toBe(q.position);
  });

  it('the Back to the summary button on a deeper question, after answering one of them', async () => {
    const { preview } = await driveToPreview(app.url, 'alex', plan);
    const first = await deeper(preview);
    expect(first.choices.map((c) => c.label)).toContain('Back to the summary');
    const answer = first.choices.find((c) => c.id !== 'back-to-summary')!.id;
    const second = lastQuestion(await press(app.url, 'alex', first, answer))!;
    expect(second.kind).toBe('question');
    const back = second.choices.find((c) => c.label === 'Back to the summary')!;
    const replies = await press(app.url, 'alex', second, back.id);
    expect(lastQuestion(replies)?.kind).toBe('preview');
    const row = await app.reflect.store.getOpenReflection('alex');
    expect(row!.state.answers[first.meta.questionId!]?.choice).toBe(answer); // what was answered is kept
    expect(row!.state.queue).not.toContain(second.meta.questionId);
  });

  it('the set-aside questions can be gone into again', async () => {
    const { preview } = await driveToPreview(app.url, 'alex', plan);
    const first = await deeper(preview);
    const again = lastQuestion(await say(app.url, 'alex', 'summary'))!;
    const resumed = await deeper(again);
    expect(resumed.meta.questionId).toBe(first.meta.questionId);
  });

  it('outside Go deeper, "back" is still the previous question', async () => {
    await say(app.url, 'alex', 'hello');
    await say(app.url, 'alex', 'CR-DEEP');
    const replies = await say(app.url, 'alex', 'back');
    expect(lastQuestion(replies)?.meta.questionId).toBe('ctx-case-ref');
  });
});
