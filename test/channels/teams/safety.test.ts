/**
 * Issue 11 through the Teams receiver (activities POSTed to the real /api/messages, fake Bot
 * Connector on loopback): urgent as the first message, tokens on every card button, and stale or
 * token-less presses that change nothing.
 */
import type { TestApp } from '../../support/app';
import { startFakeConnector, type FakeActivity, type FakeConnector } from '../../fakes/teams/server';
import {
  AAD,
  buttonsOf,
  cardInvoke,
  cardOf,
  CHANNEL,
  personalConversation,
  personalMessage,
  postActivity,
  startTeamsApp,
  textOf,
  waitFor,
} from './helpers';

let fake: FakeConnector;
let app: TestApp;
beforeAll(async () => {
  fake = await startFakeConnector();
  app = await startTeamsApp(fake);
});
afterAll(async () => {
  await app?.stop();
  await fake?.stop();
});

const chat = personalConversation(AAD.alex);
const withButtons = () => fake.inConversation(chat).filter((a) => buttonsOf(cardOf(a.body)).length > 0);
const lastWithText = (re: RegExp) =>
  waitFor(() => [...fake.inConversation(chat)].reverse().find((a) => re.test(textOf(a.body))), String(re));

it('urgent as the first message: signpost, the case question, then note / carry on / stop, every button with a token', async () => {
  expect((await postActivity(app, personalMessage(fake, AAD.alex, 'urgent'))).status).toBeLessThan(300);
  await lastWithText(/immediate danger/);
  const ask = await lastWithText(/Which case is this about/);
  expect(buttonsOf(cardOf(ask.body)).map((b) => typeof b.data.token)).toEqual(['string']);
  // Before the case is known the alert goes to Sam directly, never into a case thread
  await waitFor(
    () => fake.calls.find((c) => JSON.stringify(c.body ?? '').includes('Case reference not yet given')),
    'the direct alert',
  );
  const inChannel = fake.inConversation(CHANNEL).map((a) => textOf(a.body));
  expect(inChannel).toEqual([expect.stringMatching(/^URGENT: Alex Morgan .*Case reference not yet given/)]);
  expect(inChannel.some((t) => /reflections by/.test(t))).toBe(false); // no thread root for a case
  await postActivity(app, personalMessage(fake, AAD.alex, 'CR-T-1'));
  const next = await lastWithText(/add a note for Sam Rivers/i);
  const bs = buttonsOf(cardOf(next.body));
  expect(bs.map((b) => b.data.choice)).toEqual(['note', 'continue', 'stop']);
  expect(bs.every((b) => typeof b.data.token === 'string')).toBe(true);
  for (const a of withButtons())
    for (const b of buttonsOf(cardOf(a.body)))
      expect({ verb: b.verb, token: typeof b.data.token }).toEqual({ verb: b.verb, token: 'string' });
});

it("an earlier prompt's button and a token-less press change nothing while a cancel is being confirmed", async () => {
  const urgentNext = (await lastWithText(/add a note for Sam Rivers/i)) as FakeActivity;
  const carryOn = buttonsOf(cardOf(urgentNext.body)).find((b) => b.data.choice === 'continue');
  if (!carryOn) throw new Error('no Carry on button');
  await postActivity(app, personalMessage(fake, AAD.alex, 'cancel'));
  const confirm = await lastWithText(/Cancel this reflection/);
  const yes = buttonsOf(cardOf(confirm.body)).find((b) => b.data.choice === 'yes');
  expect(typeof yes?.data.token).toBe('string');
  // The old "Carry on" (an earlier prompt) and a "yes" with no token at all
  const stale = await postActivity(app, cardInvoke(fake, AAD.alex, chat, urgentNext.id, carryOn.verb, carryOn.data));
  expect(stale.status).toBe(200);
  const bare = { choice: 'yes', questionId: yes?.data.questionId as string };
  await postActivity(app, cardInvoke(fake, AAD.alex, chat, confirm.id, String(yes?.verb), bare));
  const row = await app.reflect.store.getOpenReflection('alex');
  expect(row?.state.status).not.toBe('cancelled');
  expect(row?.state.pending?.kind).toBe('confirm-cancel');
  await lastWithText(/nothing changed/);
  // The real Yes still works
  await postActivity(app, cardInvoke(fake, AAD.alex, chat, confirm.id, String(yes?.verb), yes?.data ?? {}));
  await waitFor(async () => ((await app.reflect.store.getOpenReflection('alex')) ? undefined : true), 'cancelled');
});

it('check-in by message; the check-out offer is a card whose press is judged against the check-in', async () => {
  await postActivity(app, personalMessage(fake, AAD.alex, 'checkin CR-T-2'));
  await lastWithText(/How long do you expect the visit on/);
  await postActivity(app, personalMessage(fake, AAD.alex, '1h'));
  await lastWithText(/check on you at/);
  await postActivity(app, personalMessage(fake, AAD.alex, 'check out'));
  const offer = await lastWithText(/Checked out of/);
  const notNow = buttonsOf(cardOf(offer.body)).find((b) => b.data.choice === 'no');
  expect(typeof notNow?.data.token).toBe('string');
  const res = await postActivity(
    app,
    cardInvoke(fake, AAD.alex, chat, offer.id, String(notNow?.verb), notNow?.data ?? {}),
  );
  expect(JSON.stringify(res.body)).toContain('Not now'); // the answered card, not "no longer current"
  const again = await postActivity(
    app,
    cardInvoke(fake, AAD.alex, chat, offer.id, String(notNow?.verb), notNow?.data ?? {}),
  );
  expect(JSON.stringify(again.body)).not.toContain('Not now');
});
