/**
 * Test helpers for the Slack channel: an org file with Slack ids, SIGNED requests to the real
 * Bolt receiver (events, interactions, slash commands, as Slack sends them), and a driver that
 * answers a reflection by pressing the buttons the bot posted to the fake Web API.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { escapeSlack } from '../../../src/channels/shared/escape';
import { resolveQuestion } from '../../../src/core/support';
import type { Catalog } from '../../../src/core/catalog';
import type { Store } from '../../../src/store/port';
import { startTestApp, type TestApp } from '../../support/app';
import type { FakeMessage, FakeSlack } from '../../fakes/slack/server';

export const SECRET = 'test-signing-secret';
export const TOKEN = 'xoxb-test';
export const SUP_CHANNEL = 'CSUPERVISE';
export const U = { alex: 'UALEX', sam: 'USAM', bo: 'UBO', kim: 'UKIM', cy: 'UCY', stranger: 'USTRANGER' } as const;
export const dmOf = (user: string) => `D${user.slice(1)}`;

/** sam supervises alex and cy in a channel; kim supervises bo by DM (no channel). */
export function writeOrg(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reflect-slack-org-'));
  const file = path.join(dir, 'org.yaml');
  writeFileSync(
    file,
    `organisation: Test Borough Council
supervisors:
  - id: sam
    name: Sam Rivers
    slack: { user: ${U.sam}, channel: ${SUP_CHANNEL} }
  - id: kim
    name: Kim Lowe
    slack: { user: ${U.kim} }
practitioners:
  - id: alex
    name: Alex Morgan
    supervisor: sam
    slack: { user: ${U.alex} }
  - id: bo
    name: Bo Chen
    supervisor: kim
    slack: { user: ${U.bo} }
  - id: cy
    name: Cy Adeyemi
    supervisor: sam
    slack: { user: ${U.cy} }
`,
  );
  return file;
}

export async function startSlackApp(fake: FakeSlack, env: Record<string, string> = {}): Promise<TestApp> {
  return startTestApp({
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.url,
    ORG_CONFIG: writeOrg(),
    ...env,
  });
}

export function sign(body: string, timestamp: number, secret = SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  timestamp?: number;
  signature?: string;
  retryNum?: number;
}

export async function sendRaw(
  url: string,
  body: string,
  contentType: string,
  o: SendOptions = {},
): Promise<{ status: number; ms: number }> {
  const ts = o.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': o.signature ?? sign(body, ts),
  };
  if (o.retryNum !== undefined)
    Object.assign(headers, { 'x-slack-retry-num': String(o.retryNum), 'x-slack-retry-reason': 'http_timeout' });
  const started = performance.now();
  const res = await fetch(`${url}/slack/events`, { method: 'POST', headers, body });
  await res.text();
  return { status: res.status, ms: performance.now() - started };
}

let seq = 0;
export const nextId = (prefix: string) => `${prefix}${Date.now().toString(36)}${(++seq).toString(36)}`.toUpperCase();
const slackTs = () => `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;

export function eventBody(event: Record<string, unknown>, eventId = nextId('Ev')): string {
  return JSON.stringify({
    token: 'legacy',
    team_id: 'T0FAKE',
    api_app_id: 'A0REFLECT',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event,
  });
}

export function sendEvent(url: string, event: Record<string, unknown>, o: SendOptions & { eventId?: string } = {}) {
  return sendRaw(url, eventBody(event, o.eventId), 'application/json', o);
}

export function dmEvent(user: string, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const ts = slackTs();
  return { type: 'message', channel: dmOf(user), channel_type: 'im', user, text, ts, event_ts: ts, ...extra };
}

export function sendDm(url: string, user: string, text: string, o: SendOptions & { eventId?: string } = {}) {
  return sendEvent(url, dmEvent(user, text), o);
}

export function sendInteraction(url: string, payload: Record<string, unknown>, o: SendOptions = {}) {
  const base = {
    api_app_id: 'A0REFLECT',
    token: 'legacy',
    trigger_id: nextId('trig'),
    team: { id: 'T0FAKE', domain: 'fake' },
  };
  return sendRaw(
    url,
    `payload=${encodeURIComponent(JSON.stringify({ ...base, ...payload }))}`,
    'application/x-www-form-urlencoded',
    o,
  );
}

export interface ButtonRef {
  action_id: string;
  value: string;
  text: string;
}

export function buttons(m: FakeMessage): ButtonRef[] {
  const out: ButtonRef[] = [];
  for (const b of m.blocks as Array<{
    type: string;
    elements?: Array<{ type: string; action_id: string; value: string; text: { text: string } }>;
  }>) {
    if (b.type === 'actions')
      for (const e of b.elements ?? [])
        if (e.type === 'button') out.push({ action_id: e.action_id, value: e.value, text: e.text.text });
  }
  return out;
}

/** Presses a button on a message the bot posted, as `user`. */
export function click(url: string, user: string, m: FakeMessage, button: ButtonRef) {
  return sendInteraction(url, {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), team_id: 'T0FAKE' },
    container: { type: 'message', message_ts: m.ts, channel_id: m.channel, is_ephemeral: false },
    channel: { id: m.channel, name: m.channel.startsWith('D') ? 'directmessage' : 'supervision' },
    message: {
      type: 'message',
      ts: m.ts,
      text: m.text,
      user: 'UBOT',
      ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
    },
    response_url: 'https://hooks.invalid/response',
    actions: [
      {
        type: 'button',
        action_id: button.action_id,
        block_id: 'b',
        value: button.value,
        text: { type: 'plain_text', text: button.text },
        action_ts: slackTs(),
      },
    ],
  });
}

export function sendCommand(url: string, user: string, text = '', o: SendOptions = {}) {
  const form = new URLSearchParams({
    token: 'legacy',
    team_id: 'T0FAKE',
    team_domain: 'fake',
    channel_id: 'CRANDOM',
    channel_name: 'random',
    user_id: user,
    user_name: user.toLowerCase(),
    command: '/reflect',
    text,
    api_app_id: 'A0REFLECT',
    response_url: 'https://hooks.invalid/cmd',
    trigger_id: nextId('trig'),
  });
  return sendRaw(url, form.toString(), 'application/x-www-form-urlencoded', o);
}

/** Top-level bot messages in a DM posted after `afterTs`. */
export const postedAfter = (fake: FakeSlack, channel: string, afterTs = '0') =>
  fake.in(channel).filter((m) => !m.thread_ts && Number(m.ts) > Number(afterTs));

const isPreview = (m: FakeMessage) => buttons(m).some((b) => b.action_id === 'reflect.preview.share');

/** What the driver needs: the service's URL, and its store and catalog (a child process's store can be opened alongside). */
export interface Driven {
  url: string;
  reflect: { store: Store; catalog: Catalog };
}

export type Prompt = { kind: 'buttons' | 'text' | 'preview'; message: FakeMessage };

/**
 * Waits until the bot has finished a turn: the newest message is a question (buttons, or the text
 * of the current text question) or the preview. State is committed before anything is posted, so
 * the current question in the store says what the last post of the turn will be.
 */
export async function waitForPrompt(
  app: Driven,
  fake: FakeSlack,
  who: { user: string; id: string },
  afterTs: string,
): Promise<Prompt> {
  const { store, catalog } = app.reflect;
  return fake.waitFor('the next question', async () => {
    const last = postedAfter(fake, dmOf(who.user), afterTs).at(-1);
    if (!last) return undefined;
    if (isPreview(last)) return { kind: 'preview' as const, message: last };
    if (buttons(last).length) return { kind: 'buttons' as const, message: last };
    const row = await store.getOpenReflection(who.id);
    const entry = row?.state.queue[row.state.position];
    const current = entry === undefined ? undefined : resolveQuestion(catalog, entry)?.text;
    return current !== undefined && last.text === escapeSlack(current)
      ? { kind: 'text' as const, message: last }
      : undefined;
  });
}

const CONTEXT_CHOICES: Record<string, string> = {
  'ctx-contact': 'home-visit',
  'ctx-engagement': 'open',
  'ctx-child-seen': 'seen-alone',
};

/** Which button to press: the planned context answers, "continue", "no" to offers and yes/no questions, else the first. */
export function choose(m: FakeMessage, overrides: Record<string, string> = {}): ButtonRef {
  const all = buttons(m);
  const parsed = all.map((b) => ({ b, v: JSON.parse(b.value) as { q?: string; c: string } }));
  const q = parsed[0]?.v.q ?? '';
  const want = overrides[q] ?? CONTEXT_CHOICES[q] ?? (parsed.some((p) => p.v.c === 'continue') ? 'continue' : 'no');
  return (
    (parsed.find((p) => p.v.c === want) ?? parsed[0])?.b ??
    (() => {
      throw new Error('no buttons');
    })()
  );
}

/** Answers a whole reflection by DM until the preview is shown; returns the preview message. */
export async function driveToPreview(
  app: Driven,
  fake: FakeSlack,
  who: { user: string; id: string },
  o: { caseRef: string; note?: string; overrides?: Record<string, string> },
): Promise<FakeMessage> {
  let after = postedAfter(fake, dmOf(who.user)).at(-1)?.ts ?? '0';
  await sendDm(app.url, who.user, 'hello');
  let notes = 0;
  let noted = false;
  for (let step = 0; step < 200; step++) {
    const prompt = await waitForPrompt(app, fake, who, after);
    after = prompt.message.ts;
    if (prompt.kind === 'preview') return prompt.message;
    const q = buttons(prompt.message)[0]?.value ?? '';
    if (prompt.kind === 'buttons' && o.note && !noted && q.includes('"q":"') && !q.includes('"q":"ctx-')) {
      // The note goes with the first self-check question, typed before its answer is pressed.
      noted = true;
      await sendDm(app.url, who.user, o.note);
      await fake.waitFor('the note saved', () =>
        postedAfter(fake, dmOf(who.user), after).find((m) => m.text.startsWith('Note saved')),
      );
    }
    if (prompt.kind === 'buttons') {
      await click(app.url, who.user, prompt.message, choose(prompt.message, o.overrides));
      continue;
    }
    const text = notes++ === 0 ? o.caseRef : (o.note ?? 'Nothing to add.');
    await sendDm(app.url, who.user, text);
  }
  throw new Error('no preview after 200 steps');
}
