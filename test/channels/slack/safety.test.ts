/**
 * Issue 11 through Slack's real receiver (signed requests to Bolt, fake Web API on loopback): urgent
 * as the first DM, the direct alert before the case is known, tokens on every button, a stale press
 * on a cancel confirmation, and /reflect checkin.
 */
import { FakeSlack, type FakeMessage } from '../../fakes/slack/server';
import type { TestApp } from '../../support/app';
import { buttons, click, dmOf, postedAfter, sendCommand, sendDm, startSlackApp, SUP_CHANNEL, U } from './helpers';

let fake: FakeSlack;
let app: TestApp;
beforeAll(async () => {
  fake = await new FakeSlack({ channels: [SUP_CHANNEL] }).start();
  app = await startSlackApp(fake);
});
afterAll(async () => {
  await app?.stop();
  await fake?.stop();
});

const dm = () => fake.in(dmOf(U.alex));
const lastDm = () => postedAfter(fake, dmOf(U.alex)).at(-1) as FakeMessage;
const waitDm = (what: string, re: RegExp, after = '0') =>
  fake.waitFor(what, () => postedAfter(fake, dmOf(U.alex), after).find((m) => re.test(m.text)));
const tokenOf = (value: string) => (JSON.parse(value) as { t?: string }).t;

it('urgent as the first DM: signpost, a direct alert naming no case, then the case reference into its thread', async () => {
  await sendDm(app.url, U.alex, 'urgent');
  await waitDm('signpost', /If a child is in immediate danger/);
  const ask = await waitDm('the case question', /Which case is this about/);
  expect(buttons(ask).map((b) => tokenOf(b.value))).toEqual([expect.any(String)]);
  const direct = await fake.waitFor('direct alert', () =>
    fake.in(SUP_CHANNEL).find((m) => /Case reference not yet given/.test(m.text)),
  );
  expect(direct.thread_ts).toBeUndefined();
  const parents = fake.in(SUP_CHANNEL).filter((m) => String(m.metadata?.event_payload.outbox_id).startsWith('parent:'));
  expect(parents).toHaveLength(0); // no case thread was opened without a case
  await sendDm(app.url, U.alex, 'CR-SL-1');
  await fake.waitFor('the alert in the case thread', () =>
    fake.in(SUP_CHANNEL).find((m) => m.thread_ts && /case reference now given/.test(JSON.stringify(m.blocks))),
  );
  const next = await waitDm('note / carry on / stop', /add a note for Sam Rivers/i, ask.ts);
  const ids = buttons(next).map((b) => JSON.parse(b.value) as { c: string; t?: string });
  expect(ids.map((v) => v.c)).toEqual(['note', 'continue', 'stop']);
  expect(ids.every((v) => typeof v.t === 'string')).toBe(true);
  await click(app.url, U.alex, next, buttons(next)[1]!); // carry on
  const row = await fake.waitFor('carried on past the case reference', async () => {
    const r = await app.reflect.store.getOpenReflection('alex');
    return r?.state.pending === undefined && r?.state.position === 1 ? r : undefined;
  });
  expect(row.state.asked?.questionId).toBe(row.state.queue[1]);
});

it("an old question's Yes cannot confirm a cancel; the confirmation's buttons carry a token", async () => {
  const question = await fake.waitFor('the current question', () =>
    dm().find((m) => buttons(m).some((b) => (JSON.parse(b.value) as { q?: string }).q === 'ctx-contact')),
  );
  const old = buttons(question)[0];
  if (!old) throw new Error('no buttons on the current question');
  await sendDm(app.url, U.alex, 'cancel');
  const confirm = await waitDm('cancel confirmation', /Cancel this reflection/, question.ts);
  expect(buttons(confirm).every((b) => typeof tokenOf(b.value) === 'string')).toBe(true);
  await click(app.url, U.alex, question, old);
  await waitDm('stale notice', /nothing changed/, confirm.ts);
  const row = await app.reflect.store.getOpenReflection('alex');
  expect(row?.state.status).toBe('active');
  expect(row?.state.pending?.kind).toBe('confirm-cancel');
  expect(
    dm().every((m) => buttons(m).every((b) => b.action_id.startsWith('reflect.preview') || tokenOf(b.value))),
  ).toBe(true);
});

it('/reflect checkin CR-SL-2 takes the case inline and asks the length of the visit', async () => {
  const before = lastDm().ts;
  await sendCommand(app.url, U.alex, 'checkin CR-SL-2');
  await waitDm('duration question', /How long do you expect the visit on CR-SL-2/, before);
  await sendDm(app.url, U.alex, '1h');
  await waitDm('confirmation', /I'll check on you at \d\d:\d\d/, before);
  expect((await app.reflect.store.getCheckin('alex'))?.status).toBe('open');
  await sendDm(app.url, U.alex, 'check out');
  await waitDm('checked out', /Checked out of CR-SL-2/, before);
});
