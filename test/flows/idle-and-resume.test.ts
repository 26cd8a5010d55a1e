/** "status" and "thanks" with no reflection open open nothing; help lists status; resuming by text shows the question. */
import { startTestApp, type TestApp } from '../support/app';
import { lastQuestion, say } from '../support/local-client';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

describe('with no reflection open', () => {
  it.each([
    ['status', /No reflection is open/],
    ['Thanks!', /You're welcome/],
    ['thank you', /You're welcome/],
  ])('"%s" gets one polite line and opens nothing', async (text, want) => {
    const replies = await say(app.url, 'bo', text);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toMatch(want);
    expect(await app.reflect.store.getOpenReflection('bo')).toBeUndefined();
  });

  it('any other message still starts a reflection', async () => {
    const replies = await say(app.url, 'bo', 'hello');
    expect(lastQuestion(replies)?.meta.questionId).toBe('ctx-case-ref');
    await say(app.url, 'bo', 'cancel');
    await say(app.url, 'bo', 'yes');
  });
});

describe('in a reflection', () => {
  afterEach(async () => {
    await say(app.url, 'alex', 'cancel');
    await say(app.url, 'alex', 'yes');
  });

  it('help lists status', async () => {
    await say(app.url, 'alex', 'hello');
    const replies = await say(app.url, 'alex', 'help');
    expect(replies[0]?.text).toMatch(/\bstatus\b/);
  });

  it('resuming a paused reflection by typing a note keeps it and shows the current question again', async () => {
    await say(app.url, 'alex', 'hello');
    await say(app.url, 'alex', 'CR-2041');
    const engagement = lastQuestion(await say(app.url, 'alex', 'Home visit'));
    const current = engagement?.meta.questionId;
    expect(current).toBe('ctx-engagement');
    await say(app.url, 'alex', 'pause');
    const replies = await say(app.url, 'alex', 'Dad stayed in the kitchen the whole time');
    expect(replies.map((r) => r.text).join('\n')).toMatch(/Welcome back/);
    const shown = lastQuestion(replies);
    expect(shown?.meta.questionId).toBe(current);
    expect(shown?.choices.length).toBeGreaterThan(1);
  });
});
