/**
 * The Teams outbox deliverer: personal-chat delivery to a supervisor with no channel (opening the
 * chat with createConversation), Retry-After on 429, and no second post for an item that already
 * went out (the idempotency record), plus the greeting and reference capture at install.
 */
import express from 'express';
import { outboxItem } from '../../../src/app/events';
import { Connector } from '../../../src/channels/teams/connector';
import { TeamsDeliverer } from '../../../src/channels/teams/deliver';
import { TeamsRuntime } from '../../../src/channels/teams/runtime';
import { SdkLogger } from '../../../src/channels/teams/sdk-log';
import { outboxDrained, type TestApp } from '../../support/app';
import { startFakeConnector, type FakeConnector } from '../../fakes/teams/server';
import {
  AAD,
  buttonsOf,
  cardInvoke,
  cardOf,
  personalConversation,
  personalInstall,
  personalMessage,
  postActivity,
  startTeamsApp,
  TENANT,
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

describe('Teams delivery', () => {
  it('greets a practitioner who installs the app, once, and keeps the conversation reference', async () => {
    const install = personalInstall(fake, AAD.alex);
    expect((await postActivity(app, install)).status).toBe(200);
    expect((await postActivity(app, install)).status).toBe(200); // redelivered: no second greeting
    const greeting = await waitFor(() => fake.inConversation(personalConversation(AAD.alex))[0], 'the greeting');
    expect(textOf(greeting.body)).toMatch(/Hello Alex Morgan/);
    await outboxDrained(app); // a redelivered install would have queued a second greeting
    expect(fake.inConversation(personalConversation(AAD.alex))).toHaveLength(1);
    expect(await app.reflect.store.getChannelState(`teams:ref:user:${AAD.alex}`)).toMatchObject({
      conversationId: personalConversation(AAD.alex),
      serviceUrl: fake.url,
      tenantId: TENANT,
    });
  });

  it('sends an urgent alert to a supervisor with no channel in a 1:1 chat it opens, where Picked up works', async () => {
    await postActivity(app, personalMessage(fake, AAD.bo, 'hello'));
    await postActivity(app, personalMessage(fake, AAD.bo, 'CR-BO-1')); // with a case: the alert opens its thread
    await postActivity(app, personalMessage(fake, AAD.bo, 'urgent'));
    const created = await waitFor(() => fake.conversations[0], 'createConversation');
    expect(created.body).toMatchObject({ isGroup: false, members: [{ id: AAD.kim }], tenantId: TENANT });
    const alert = await waitFor(() => fake.inConversation(created.id)[0], 'the alert');
    expect(textOf(alert.body)).toMatch(/URGENT: Bo Chen has flagged a possible immediate risk/);
    const picked = buttonsOf(cardOf(alert.body)).find((b) => b.verb === 'reflect.ack');
    expect(picked).toBeDefined();
    const res = await postActivity(
      app,
      cardInvoke(fake, AAD.kim, created.id, alert.id, 'reflect.ack', picked?.data ?? {}),
    );
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(buttonsOf(res.body.value)).toHaveLength(0);
    expect(alert.updates).toHaveLength(1);
    expect((await app.reflect.store.getThreadMessage(String(picked?.data.messageId)))?.acknowledged).toBe(true);
  });

  it('waits as long as Retry-After says on a 429, then delivers once', async () => {
    const conv = personalConversation(AAD.alex);
    fake.fail(1, 429, { retryAfter: '1', method: 'POST', path: /activities$/ });
    await app.reflect.service.push('alex', 'teams', [{ kind: 'info', text: 'Ping after a 429' }]);
    const sent = await waitFor(
      () => fake.inConversation(conv).find((a) => textOf(a.body) === 'Ping after a 429'),
      'the delivery',
      15_000,
    );
    const limited = fake.calls.find((c) => c.status === 429);
    const ok = fake.calls.find((c) => c.status === 201 && c.body.text === 'Ping after a 429');
    expect(sent).toBeDefined();
    expect((ok?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(900);
    expect(fake.inConversation(conv).filter((a) => textOf(a.body) === 'Ping after a 429')).toHaveLength(1);
  });

  it('does not post again an item that already went out (crash between post and "delivered")', async () => {
    const { reflect } = app;
    const deps = {
      app: express(),
      service: reflect.service,
      supervision: reflect.supervision,
      store: reflect.store,
      config: reflect.config,
      log: reflect.log,
    };
    const deliverer = new TeamsDeliverer(
      new TeamsRuntime(
        deps,
        new Connector({ logger: new SdkLogger(reflect.log), serviceUrl: reflect.config.env.SERVICE_URL }),
      ),
    );
    const item = outboxItem({ newId: () => 'outbox-item-once', now: new Date() }, 'practitioner.reply', 'teams', {
      practitionerId: 'alex',
      reply: { kind: 'info', text: 'Exactly once' },
    });
    const first = await deliverer.deliver(item);
    const second = await deliverer.deliver({ ...item, attempts: 1 });
    expect(second).toEqual(first);
    expect(
      fake.inConversation(personalConversation(AAD.alex)).filter((a) => textOf(a.body) === 'Exactly once'),
    ).toHaveLength(1);
  });
});
