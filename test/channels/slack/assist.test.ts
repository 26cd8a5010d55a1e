/**
 * Optional assistance through Slack: the triage suggestion arrives as a further DM with buttons
 * (via the outbox), changes nothing until pressed, and a press answers the question when it comes.
 */
import { type FakeOpenAI, startFakeOpenAI } from '../../fakes/openai/server';
import { FakeSlack } from '../../fakes/slack/server';
import type { TestApp } from '../../support/app';
import { buttons, click, dmOf, sendDm, startSlackApp, SUP_CHANNEL, U } from './helpers';

let slack: FakeSlack;
let openai: FakeOpenAI;
let app: TestApp;

beforeAll(async () => {
  slack = await new FakeSlack({ channels: [SUP_CHANNEL] }).start();
  openai = await startFakeOpenAI();
  app = await startSlackApp(slack, { OPENAI_API_KEY: 'test', OPENAI_BASE_URL: openai.url });
});
afterAll(async () => {
  await app?.stop();
  await slack?.stop();
  await openai?.close();
});

const state = async () => (await app.reflect.store.getOpenReflection('alex'))?.state;

it('a triage suggestion is a DM with buttons, applied only when pressed', async () => {
  openai.answer('triage', { json: { situation: 'no-answer' } });
  await sendDm(app.url, U.alex, 'No answer at the door again, third time this month');
  const suggestion = await slack.waitFor('the suggestion DM', () =>
    slack.in(dmOf(U.alex)).find((m) => JSON.stringify(m.blocks).includes('It sounds like: No answer')),
  );
  const use = buttons(suggestion).find((b) => b.text === 'Use this');
  if (!use) throw new Error(`no "Use this" button in ${JSON.stringify(suggestion.blocks)}`);
  // Nothing is applied silently: the case reference comes first, and the contact stays unanswered.
  await sendDm(app.url, U.alex, 'CR-ASSIST-1');
  await slack.waitFor('the contact question', () => state().then((s) => s?.position === 1 || undefined));
  expect((await state())?.answers['ctx-case-ref']?.note).toBe('CR-ASSIST-1');
  expect((await state())?.answers['ctx-contact']).toBeUndefined();
  await click(app.url, U.alex, suggestion, use);
  await slack.waitFor('the suggestion applied', () =>
    state().then((s) => (s?.answers['ctx-contact']?.choice === 'no-answer' ? true : undefined)),
  );
  await slack.waitFor('the next question asked', () =>
    slack.in(dmOf(U.alex)).find((m) => JSON.stringify(m.blocks).includes('Using the answer you chose earlier')),
  );
  // The model is never offered tools or functions.
  expect(openai.requests.every((r) => r.body.tools === undefined && r.body.functions === undefined)).toBe(true);
});
