/**
 * Defects found by trying the app through the local API: the opening confirmation understood only a
 * few words, a prefixed case reference lost its prefix, and common typed answers were kept as notes.
 */
import { startTestApp, type TestApp } from '../support/app';
import { lastQuestion, press, say } from '../support/local-client';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

async function cancel(user: string): Promise<void> {
  await say(app.url, user, 'cancel');
  await say(app.url, user, 'yes');
}

describe('the opening confirmation', () => {
  it.each(['yep', 'yes please', "that's right", '👍'])('"%s" takes what was read', async (yes) => {
    const user = 'alex';
    const confirm = lastQuestion(await say(app.url, user, 'Case CR-2041 no answer again at the door'));
    expect(confirm?.meta.questionId).toBe('prompt:opening');
    const next = lastQuestion(await say(app.url, user, yes));
    expect(next?.meta.questionId).toBe('ctx-engagement'); // case reference and contact not asked again
    await cancel(user);
  });

  it('"nope" rejects cleanly: the case reference is asked, and "nope" is not taken as one', async () => {
    await say(app.url, 'alex', 'Case CR-2041 no answer again at the door');
    const replies = await say(app.url, 'alex', 'nope');
    expect(lastQuestion(replies)?.meta.questionId).toBe('ctx-case-ref');
    expect(replies.map((r) => r.text).join('\n')).not.toMatch(/left out/);
    await cancel('alex');
  });
});

describe('reading the opening message', () => {
  it('takes a prefixed reference whole, and "phoned" as the kind of contact', async () => {
    const confirm = lastQuestion(
      await say(app.url, 'alex', 'phoned mum about early help for EH/2026/118, she refused consent again'),
    );
    expect(confirm?.text).toMatch(/case reference EH\/2026\/118/);
    expect(confirm?.text).toMatch(/Phone or video/);
    expect(confirm?.text).toMatch(/Refused support or consent/);
    await cancel('alex');
  });

  it.each(['Good visit', 'mum has really engaged and things are improving'])(
    '"%s" reads as progress',
    async (opening) => {
      const user = 'alex';
      const confirm = lastQuestion(await say(app.url, user, `${opening} CR-2041`));
      expect(confirm?.text).toMatch(/Open and making progress/);
      await cancel(user);
    },
  );

  it('a negated cue is not read: "not a good visit"', async () => {
    const replies = await say(app.url, 'alex', 'not a good visit');
    expect(lastQuestion(replies)?.meta.questionId).toBe('ctx-case-ref');
    await cancel('alex');
  });
});

describe('typed answers to single-choice questions', () => {
  it('"phone" at the contact question, and "2" by position', async () => {
    await say(app.url, 'alex', 'hello');
    const contact = lastQuestion(await say(app.url, 'alex', 'CR-2041'));
    expect(contact?.meta.questionId).toBe('ctx-contact');
    const engagement = lastQuestion(await say(app.url, 'alex', 'phone'));
    expect(engagement?.meta.questionId).toBe('ctx-engagement');
    const position = engagement!.choices.findIndex((c) => c.id === 'agreeable-no-change') + 1;
    const seen = lastQuestion(await say(app.url, 'alex', String(position)));
    expect(seen?.meta.questionId).toBe('ctx-child-seen');
    const first = lastQuestion(await press(app.url, 'alex', seen!, 'seen-alone'));
    expect(first?.choices.map((c) => c.id)).toEqual(expect.arrayContaining(['yes', 'no']));
    // At a yes/no question, a note that mentions "phone" stays a note: the question is asked again or kept.
    const after = await say(app.url, 'alex', 'phone');
    expect(after.map((r) => r.text).join('\n')).not.toMatch(/Phone or video/);
    await cancel('alex');
  });
});
