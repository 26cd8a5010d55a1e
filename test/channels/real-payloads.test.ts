/**
 * The app driven with payloads recorded by Slack and Microsoft (test/fixtures/real/README.md says
 * where each came from). Each is sent as stored, apart from the substitutions the README lists.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { allowedServiceUrl } from '../../src/channels/teams/trust';
import { FakeSlack } from '../fakes/slack/server';
import { startFakeConnector, type FakeConnector } from '../fakes/teams/server';
import { startTestApp, type TestApp } from '../support/app';
import { sendRaw, SECRET, TOKEN } from './slack/helpers';
import { cardOf, postActivity, textOf } from './teams/helpers';

const REAL = path.join(__dirname, '..', 'fixtures', 'real');
const json = (file: string) => JSON.parse(readFileSync(path.join(REAL, file), 'utf8')) as Record<string, unknown>;
const text = (file: string) => readFileSync(path.join(REAL, file), 'utf8');

function org(body: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'reflect-real-org-')), 'org.yaml');
  writeFileSync(file, `organisation: Test Borough Council\n${body}`);
  return file;
}

describe('Slack payloads from bolt-python tests', () => {
  let fake: FakeSlack;
  let app: TestApp;
  beforeAll(async () => {
    fake = await new FakeSlack({ channels: ['C111'] }).start();
    // The payloads' own ids: W111 is the supervisor (channel C111), W222 the practitioner.
    app = await startTestApp({
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.url,
      ORG_CONFIG: org(`supervisors:
  - id: sup
    name: Sam Rivers
    slack: { user: W111, channel: C111 }
practitioners:
  - id: prac
    name: Alex Morgan
    supervisor: sup
    slack: { user: W222 }
`),
    });
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.stop();
  });
  const event = (body: Record<string, unknown>) => sendRaw(app.url, JSON.stringify(body), 'application/json');

  it('a DM from a practitioner (event.message.im) opens a reflection and is answered in that DM', async () => {
    expect((await event(json('slack/event.message.im.json'))).status).toBe(200);
    await fake.waitFor('the reply in D111', () => fake.in('D111').length > 0);
    expect((await app.reflect.store.getOpenReflection('prac'))?.state.status).toBe('active');
  });

  it('a channel message that is not a case-thread reply (event.message.channel) is ignored, and nothing is stored', async () => {
    const before = fake.in('C111').length;
    expect((await event(json('slack/event.message.channel.json'))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.in('C111')).toHaveLength(before);
    expect(await app.reflect.store.getOpenReflection('sup')).toBeUndefined();
  });

  it('a press on a button the app never sent (block_actions) is acknowledged and changes nothing', async () => {
    const before = JSON.stringify(await app.reflect.store.getOpenReflection('prac'));
    const body = `payload=${encodeURIComponent(JSON.stringify(json('slack/block_actions.json')))}`;
    expect((await sendRaw(app.url, body, 'application/x-www-form-urlencoded')).status).toBe(200);
    expect(JSON.stringify(await app.reflect.store.getOpenReflection('prac'))).toBe(before);
  });

  it('the slash command from the supervisor (command renamed /reflect) answers with their overview, not a refusal', async () => {
    const body = text('slack/slash_command.txt').replace('command=%2Fhello-world', 'command=%2Freflect');
    expect((await sendRaw(app.url, body, 'application/x-www-form-urlencoded')).status).toBe(200);
    const posted = await fake.waitFor('the overview in D111', () =>
      fake.in('D111').find((m) => JSON.stringify(m.blocks ?? []).includes('Hello Sam Rivers')),
    );
    expect(JSON.stringify(posted)).not.toMatch(/don't recognise you/);
  });

  it('app_home_opened: nothing on the Messages tab; the Home tab shows the supervisor their overview', async () => {
    const payload = json('slack/event.app_home_opened.json');
    expect((await event(payload)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.views.filter((v) => v.user === 'W111')).toHaveLength(0);
    const home = { ...payload, event_id: 'Ev112', event: { ...(payload.event as object), tab: 'home' } };
    expect((await event(home)).status).toBe(200);
    const view = await fake.waitFor('views.publish', () => fake.views.find((v) => v.user === 'W111'));
    expect(JSON.stringify(view.view)).toContain('Hello Sam Rivers');
  });
});

describe("Teams: Microsoft's recorded personal-chat message", () => {
  const activity = json('teams/message.personal.json');
  const tenant = (activity.channelData as { tenant: { id: string } }).tenant.id;
  const aad = (activity.from as { aadObjectId: string }).aadObjectId;
  let fake: FakeConnector;
  let app: TestApp;
  beforeAll(async () => {
    fake = await startFakeConnector();
    app = await startTestApp({
      DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS: 'true',
      SERVICE_URL: fake.url,
      TENANT_ID: tenant,
      ORG_CONFIG: org(`supervisors:
  - id: sup
    name: Sam Rivers
    teams: { user: "00000000-0000-0000-0000-00000000005a" }
practitioners:
  - id: megan
    name: Megan Bowen
    supervisor: sup
    teams: { user: "${aad}" }
`),
    });
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.stop();
  });

  it('names a service URL on the allow-list', () => {
    expect(allowedServiceUrl(String(activity.serviceUrl), undefined)).toBe(true);
  });

  it('opens a reflection for the mapped practitioner and answers in their personal chat', async () => {
    const res = await postActivity(app, { ...activity, serviceUrl: fake.url });
    expect(res.status).toBe(200);
    const conversation = (activity.conversation as { id: string }).id;
    const posted = await waitForPosted(fake, conversation);
    expect(textOf(posted.body).length + (cardOf(posted.body) ? 1 : 0)).toBeGreaterThan(0);
    expect((await app.reflect.store.getOpenReflection('megan'))?.state.status).toBe('active');
  });

  it('refuses the same activity from another tenant', async () => {
    const foreign = { ...activity, serviceUrl: fake.url, id: 'other', channelData: { tenant: { id: 'not-ours' } } };
    expect((await postActivity(app, foreign)).status).toBe(401);
  });
});

async function waitForPosted(fake: FakeConnector, conversation: string) {
  for (let i = 0; i < 200; i++) {
    const found = fake.inConversation(conversation)[0];
    if (found) return found;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('nothing posted');
}
