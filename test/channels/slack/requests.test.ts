/**
 * What reaches POST /slack/events: forged and stale signatures are refused, Slack's retries of an
 * event are counted once, unknown people get a polite answer and nothing is stored for them, and
 * a late second click changes nothing.
 */
import { dedupeId } from '../../../src/channels/slack/ids';
import { FakeSlack } from '../../fakes/slack/server';
import type { TestApp } from '../../support/app';
import {
  buttons,
  click,
  dmEvent,
  dmOf,
  eventBody,
  postedAfter,
  sendDm,
  sendEvent,
  sendRaw,
  sign,
  startSlackApp,
  SUP_CHANNEL,
  U,
  waitForPrompt,
} from './helpers';

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

describe('signature verification', () => {
  it('refuses a forged signature with 401 and does nothing', async () => {
    const before = fake.calls.length;
    const body = eventBody(dmEvent(U.alex, 'hello'));
    const res = await sendRaw(app.url, body, 'application/json', {
      signature: sign(body, Math.floor(Date.now() / 1000), 'not-the-secret'),
    });
    expect(res.status).toBe(401);
    expect(fake.calls.slice(before).filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('refuses a correctly signed but stale request (over five minutes old) with 401', async () => {
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const body = eventBody(dmEvent(U.alex, 'hello'));
    const res = await sendRaw(app.url, body, 'application/json', { timestamp: old, signature: sign(body, old) });
    expect(res.status).toBe(401);
  });

  it('refuses a request without signature headers with 401', async () => {
    const res = await fetch(`${app.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: eventBody(dmEvent(U.alex, 'x')),
    });
    expect(res.status).toBe(401);
  });

  it('answers url_verification when signed', async () => {
    const body = JSON.stringify({ token: 't', challenge: 'abc123', type: 'url_verification' });
    const res = await fetch(`${app.url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)),
        'x-slack-signature': sign(body, Math.floor(Date.now() / 1000)),
      },
      body,
    });
    expect(await res.json()).toEqual({ challenge: 'abc123' });
  });
});

describe('de-duplication', () => {
  it('counts a retried event (same event_id, x-slack-retry-num: 1) once', async () => {
    const dm = dmOf(U.bo);
    const event = dmEvent(U.bo, 'hello');
    const first = await sendEvent(app.url, event, { eventId: 'EvRETRY1' });
    expect(first.status).toBe(200);
    const asked = await waitForPrompt(app, fake, { user: U.bo, id: 'bo' }, '0');
    const retry = await sendEvent(app.url, event, { eventId: 'EvRETRY1', retryNum: 1 });
    expect(retry.status).toBe(200);
    // A later, different message is answered; the retry in between produced nothing.
    await sendDm(app.url, U.bo, 'CR-RETRY-1');
    await waitForPrompt(app, fake, { user: U.bo, id: 'bo' }, asked.message.ts);
    const intros = fake.in(dm).filter((m) => m.text.startsWith('Reflect walks you through'));
    expect(intros).toHaveLength(1);
    const row = await app.reflect.store.getOpenReflection('bo');
    expect(row?.state.position).toBe(1);
    expect(await app.reflect.store.hasProcessedEvent(dedupeId.event('EvRETRY1'))).toBe(true);
  });

  it('a late second click changes nothing and says so politely', async () => {
    const who = { user: U.bo, id: 'bo' };
    const q = await waitForPrompt(app, fake, who, '0');
    expect(q.kind).toBe('buttons');
    const button = buttons(q.message)[0];
    if (!button) throw new Error('no button');
    await click(app.url, U.bo, q.message, button);
    const next = await waitForPrompt(app, fake, who, q.message.ts);
    const before = (await app.reflect.store.getOpenReflection('bo'))?.state;
    await click(app.url, U.bo, q.message, button);
    const late = await fake.waitFor('the late-click reply', () =>
      postedAfter(fake, dmOf(U.bo), next.message.ts).find((m) =>
        m.text.startsWith('That button belongs to an earlier question or message'),
      ),
    );
    await waitForPrompt(app, fake, who, late.ts);
    const after = (await app.reflect.store.getOpenReflection('bo'))?.state;
    expect(after?.position).toBe(before?.position);
    expect(after?.answers).toEqual(before?.answers);
  });
});

describe('unknown people', () => {
  it('get a polite answer naming who to contact, and nothing is stored', async () => {
    const reflections = await app.reflect.store.countReflections();
    const event = dmEvent(U.stranger, 'hello, can I use this?');
    await sendEvent(app.url, event, { eventId: 'EvSTRANGER' });
    const reply = await fake.waitFor('the polite reply', () =>
      fake.in(dmOf(U.stranger)).find((m) => m.text.includes('recognise')),
    );
    expect(reply.text).toContain('Test Borough Council');
    await sendEvent(app.url, event, { eventId: 'EvSTRANGER', retryNum: 1 });
    await sendDm(app.url, U.stranger, 'anyone?');
    await fake.waitFor('a second reply', () => fake.in(dmOf(U.stranger)).length >= 2);
    expect(fake.in(dmOf(U.stranger))).toHaveLength(2); // one per distinct event, none for the retry
    expect(await app.reflect.store.countReflections()).toBe(reflections);
    expect(await app.reflect.store.hasProcessedEvent(dedupeId.event('EvSTRANGER'))).toBe(false);
  });

  it('ignores bot messages, edits and other subtypes', async () => {
    const before = fake.callsTo('chat.postMessage').length;
    await sendEvent(app.url, dmEvent(U.alex, 'from a bot', { bot_id: 'B0OTHER' }));
    await sendEvent(app.url, dmEvent(U.alex, 'edited', { subtype: 'message_changed' }));
    await sendEvent(app.url, dmEvent('UBOT', 'my own message'));
    // A message that is answered proves the ones before it were not.
    await sendDm(app.url, U.stranger, 'ping');
    await fake.waitFor('the answer to ping', () => fake.callsTo('chat.postMessage').length > before);
    expect(
      fake
        .callsTo('chat.postMessage')
        .slice(before)
        .map((c) => c.args.channel),
    ).toEqual([dmOf(U.stranger)]);
  });
});
