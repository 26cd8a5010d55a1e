/**
 * Socket Mode (SLACK_APP_TOKEN): the same listeners, reached over the WebSocket Slack hands out
 * from apps.connections.open (here the fake's). Each envelope is acked, and a DM gets its reply.
 */
import { FakeSlack } from '../../fakes/slack/server';
import type { TestApp } from '../../support/app';
import { dmEvent, dmOf, postedAfter, startSlackApp, SUP_CHANNEL, U } from './helpers';

let fake: FakeSlack;
let app: TestApp;

beforeAll(async () => {
  fake = await new FakeSlack({ channels: [SUP_CHANNEL] }).start();
  app = await startSlackApp(fake, { SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: 'xapp-test' });
});
afterAll(async () => {
  await app?.stop();
  await fake?.stop();
});

it('connects over the WebSocket, acks each envelope and runs the same DM flow', async () => {
  expect(app.reflect.config.channels.slack).toBe('socket');
  await fake.waitFor('the socket connection', () => fake.socket.connected);
  expect(fake.callsTo('apps.connections.open')).toHaveLength(1);
  const envelope = fake.socket.send('events_api', {
    token: 't',
    team_id: 'T0FAKE',
    api_app_id: 'A0REFLECT',
    type: 'event_callback',
    event_id: 'EvSOCKET1',
    event_time: 1,
    event: dmEvent(U.alex, 'hello'),
  });
  await fake.waitFor('the ack', () => fake.socket.acks.find((a) => a.envelope_id === envelope));
  await fake.waitFor('the first question', () =>
    postedAfter(fake, dmOf(U.alex)).some((m) => m.text.startsWith('What is the case reference')),
  );
  // HTTP is not how events arrive in Socket Mode: there is no /slack/events route.
  const res = await fetch(`${app.url}/slack/events`, { method: 'POST', body: '{}' });
  expect(res.status).not.toBe(200);
});
