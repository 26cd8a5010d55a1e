/**
 * Re-alerts and escalation through Slack (fake Web API on loopback, the real deliverer): an urgent
 * alert nobody picked up is re-posted in its case thread saying how long it has waited, the second
 * re-alert also reaches the organisation's escalation channel, and Picked up on the re-alert, pressed
 * in Slack, stops the chain. Timers are fired with runDue() on the app's own (moved) clock.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeSlack } from '../../fakes/slack/server';
import { startTestApp, type TestApp } from '../../support/app';
import { buttons, click, SECRET, sendDm, SUP_CHANNEL, TOKEN, U } from './helpers';

const ESCALATE = 'CESCALATE';
let fake: FakeSlack;
let app: TestApp;
let now = new Date('2026-12-02T10:00:00Z');

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reflect-slack-esc-'));
  const org = path.join(dir, 'org.yaml');
  writeFileSync(
    org,
    `organisation: Test Borough Council
urgentRealertMinutes: 15
escalation: { name: the duty manager, slack: { channel: ${ESCALATE} } }
supervisors:
  - { id: sam, name: Sam Rivers, slack: { user: ${U.sam}, channel: ${SUP_CHANNEL} } }
practitioners:
  - { id: alex, name: Alex Morgan, supervisor: sam, slack: { user: ${U.alex} } }
`,
  );
  fake = await new FakeSlack({ channels: [SUP_CHANNEL, ESCALATE] }).start();
  app = await startTestApp(
    { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.url, ORG_CONFIG: org },
    { clock: () => now, timerPollMs: 3_600_000 },
  );
});
afterAll(async () => {
  await app?.stop();
  await fake?.stop();
});

const advance = (minutes: number) => {
  now = new Date(now.getTime() + minutes * 60_000);
  return app.reflect.timers.runDue();
};
const threadPosts = () => fake.in(SUP_CHANNEL).filter((m) => m.thread_ts);

it('re-alerts in the thread, escalates on the second, and Picked up in Slack stops it', async () => {
  await sendDm(app.url, U.alex, 'hello');
  await fake.waitFor('first question', async () => (await app.reflect.store.getOpenReflection('alex')) ?? undefined);
  await sendDm(app.url, U.alex, 'CR-ESC-1');
  await fake.waitFor('case recorded', async () =>
    (await app.reflect.store.getOpenReflection('alex'))?.state.position === 1 ? true : undefined,
  );
  await sendDm(app.url, U.alex, 'urgent');
  await fake.waitFor('the alert', () => threadPosts().find((m) => /URGENT/.test(JSON.stringify(m.blocks))));
  expect(await advance(15)).toBe(1);
  const first = await fake.waitFor('re-alert 1', () =>
    threadPosts().find((m) => /Still not picked up after 15 min \(re-alert 1 of 3\)/.test(JSON.stringify(m.blocks))),
  );
  expect(fake.in(ESCALATE)).toHaveLength(0);
  expect(await advance(15)).toBe(1);
  const escalated = await fake.waitFor('escalation', () => fake.in(ESCALATE)[0]);
  expect(escalated.text).toMatch(
    /ESCALATION: an alert to Sam Rivers about case CR-ESC-1 has not been picked up after 30 min/,
  );
  const second = await fake.waitFor('re-alert 2', () =>
    threadPosts().find((m) => /re-alert 2 of 3/.test(JSON.stringify(m.blocks))),
  );
  const picked = buttons(second).find((b) => b.action_id === 'reflect.thread.acknowledge');
  if (!picked) throw new Error(`no Picked up on the re-alert: ${JSON.stringify(buttons(second))}`);
  await click(app.url, U.sam, second, picked);
  await fake.waitFor('timers stopped', async () =>
    (await app.reflect.store.listPendingTimers()).length === 0 ? true : undefined,
  );
  expect(await advance(60)).toBe(0);
  expect(threadPosts().filter((m) => /re-alert/.test(JSON.stringify(m.blocks)))).toHaveLength(2);
  expect(first.ts).not.toBe(second.ts);
});
