/**
 * Test helpers for the Teams channel: an org file with Teams ids, activities as Teams sends them,
 * a client for the real POST /api/messages, and a driver that answers a reflection by pressing the
 * cards the bot posted to the fake connector.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestApp, type TestApp } from '../../support/app';
import type { FakeActivity, FakeConnector } from '../../fakes/teams/server';

export const TENANT = '11111111-2222-3333-4444-555555555555';
export const CHANNEL = '19:supervisors@thread.tacv2';
export const AAD = {
  alex: 'aaaaaaaa-0000-0000-0000-00000000a1ec',
  bo: 'aaaaaaaa-0000-0000-0000-0000000000b0',
  sam: 'bbbbbbbb-0000-0000-0000-0000000005a1',
  kim: 'cccccccc-0000-0000-0000-000000000c1a',
  stranger: 'dddddddd-0000-0000-0000-0000000000dd',
} as const;

export function writeOrg(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reflect-teams-org-'));
  const file = path.join(dir, 'org.yaml');
  writeFileSync(
    file,
    `organisation: Test Borough Council
supervisors:
  - id: sam
    name: Sam Rivers
    teams: { user: "${AAD.sam}", channel: "${CHANNEL}" }
  - id: kim
    name: Kim Lowe
    teams: { user: "${AAD.kim}" }
practitioners:
  - id: alex
    name: Alex Morgan
    supervisor: sam
    teams: { user: "${AAD.alex}" }
  - id: bo
    name: Bo Chen
    supervisor: kim
    teams: { user: "${AAD.bo}" }
`,
  );
  return file;
}

export async function startTeamsApp(fake: FakeConnector, env: Record<string, string> = {}): Promise<TestApp> {
  return startTestApp({
    DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS: 'true',
    SERVICE_URL: fake.url,
    TENANT_ID: TENANT,
    ORG_CONFIG: writeOrg(),
    ...env,
  });
}

let seq = 0;
export const nextId = (prefix = 'act') => `${prefix}-${Date.now()}-${++seq}`;
export const personalConversation = (aad: string) => `a:personal-${aad}`;

type Json = Record<string, unknown>;

function base(fake: FakeConnector, aad: string, conversation: Json, id?: string): Json {
  return {
    id: id ?? nextId(),
    channelId: 'msteams',
    serviceUrl: fake.url,
    timestamp: new Date().toISOString(),
    from: { id: `29:${aad}`, aadObjectId: aad, name: 'Someone' },
    recipient: { id: '28:reflect-bot', name: 'Reflect' },
    conversation,
    channelData: { tenant: { id: TENANT } },
  };
}

export function personalMessage(fake: FakeConnector, aad: string, text: string, id?: string): Json {
  return {
    ...base(fake, aad, { id: personalConversation(aad), conversationType: 'personal', tenantId: TENANT }, id),
    type: 'message',
    text,
  };
}

export function cardInvoke(
  fake: FakeConnector,
  aad: string,
  conversationId: string,
  replyToId: string,
  verb: string,
  data: Json,
  scope = 'personal',
): Json {
  const activity = base(fake, aad, { id: conversationId, conversationType: scope, tenantId: TENANT });
  return {
    ...activity,
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId,
    value: { action: { type: 'Action.Execute', verb, data } },
  };
}

export function channelReply(fake: FakeConnector, aad: string, threadId: string, text: string): Json {
  const activity = base(fake, aad, { id: threadId, conversationType: 'channel', tenantId: TENANT });
  return {
    ...activity,
    type: 'message',
    text,
    channelData: { tenant: { id: TENANT }, channel: { id: CHANNEL }, team: { id: CHANNEL } },
  };
}

/** Teams' conversationUpdate when someone adds the app in personal scope. */
export function personalInstall(fake: FakeConnector, aad: string): Json {
  const activity = base(fake, aad, { id: personalConversation(aad), conversationType: 'personal', tenantId: TENANT });
  return {
    ...activity,
    type: 'conversationUpdate',
    membersAdded: [{ id: '28:reflect-bot' }],
    channelData: { tenant: { id: TENANT } },
  };
}

export async function postActivity(
  app: TestApp,
  activity: Json,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${app.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
}

/** Polls until `fn` returns a value (bounded: the outbox runs every 50 ms in tests). */
export async function waitFor<T>(
  fn: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface CardButton {
  title: string;
  verb: string;
  data: Json;
}

export function cardOf(body: Json): Json | undefined {
  const attachments = body.attachments as Array<{ contentType: string; content: Json }> | undefined;
  return attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** Every Action.Execute in a card, wherever it sits. */
export function buttonsOf(content: unknown): CardButton[] {
  if (Array.isArray(content)) return content.flatMap(buttonsOf);
  if (typeof content !== 'object' || content === null) return [];
  const node = content as Json;
  const own =
    node.type === 'Action.Execute'
      ? [{ title: String(node.title), verb: String(node.verb), data: (node.data ?? {}) as Json }]
      : [];
  return [...own, ...Object.values(node).flatMap(buttonsOf)];
}

/** The form inputs of a card with the values they start with, as Teams would send them back. */
export function inputsOf(content: unknown): Record<string, string> {
  if (Array.isArray(content)) return Object.assign({}, ...content.map(inputsOf)) as Record<string, string>;
  if (typeof content !== 'object' || content === null) return {};
  const node = content as Json;
  const own =
    typeof node.type === 'string' && node.type.startsWith('Input.') && typeof node.id === 'string'
      ? { [node.id]: String(node.value ?? '') }
      : {};
  return Object.assign(own, ...Object.values(node).map(inputsOf)) as Record<string, string>;
}

/** All TextBlock text in a card, or the message text. */
export function textOf(body: Json): string {
  const card = cardOf(body);
  if (!card) return String(body.text ?? '');
  const texts: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (typeof n !== 'object' || n === null) return;
    const o = n as Json;
    if (o.type === 'TextBlock') texts.push(String(o.text));
    Object.values(o).forEach(walk);
  };
  walk(card);
  return texts.join('\n');
}

/** The bot's latest card in a conversation that asks something (a question or the preview). */
export function lastAsk(fake: FakeConnector, conversationId: string): FakeActivity | undefined {
  return [...fake.inConversation(conversationId)].reverse().find((a) => {
    const card = cardOf(a.body);
    return (
      (card !== undefined && JSON.stringify(card).includes('"Question ')) ||
      buttonsOf(card).some((b) => b.verb === 'reflect.answer')
    );
  });
}

export interface DriveOptions {
  caseRef: string;
  /** Free text sent, as a note, at the first question with buttons after the opening (context) questions. */
  note?: string;
  picks?: string[]; // choice ids for the first choice questions, in order
}

/** Answers a reflection in personal chat until the preview card arrives; returns it. */
export async function driveToPreview(
  app: TestApp,
  fake: FakeConnector,
  aad: string,
  o: DriveOptions,
): Promise<FakeActivity> {
  const conv = personalConversation(aad);
  let seen = fake.inConversation(conv).length;
  await postActivity(app, personalMessage(fake, aad, 'hello'));
  let texts = 0;
  let choices = 0;
  let noted = false;
  for (let step = 0; step < 200; step++) {
    const ask = await waitFor(
      () => (fake.inConversation(conv).length > seen ? lastAsk(fake, conv) : undefined),
      'a question card',
    );
    seen = fake.inConversation(conv).length;
    const buttons = buttonsOf(cardOf(ask.body)).filter((b) => b.verb === 'reflect.answer');
    if (buttons.some((b) => b.data.questionId === 'preview')) return ask;
    if (buttons.length === 0) {
      await postActivity(app, personalMessage(fake, aad, texts++ === 0 ? o.caseRef : 'Nothing further to add.'));
      continue;
    }
    const questionId = String(buttons[0]?.data.questionId ?? '');
    if (o.note && !noted && questionId !== '' && !questionId.startsWith('ctx-')) {
      noted = true;
      await postActivity(app, personalMessage(fake, aad, o.note));
    }
    const wanted = o.picks?.[choices++];
    const pick =
      buttons.find((b) => b.data.choice === wanted) ??
      buttons.find((b) => b.data.choice === 'no') ??
      buttons.find((b) => b.data.choice === 'continue') ??
      buttons[0];
    if (!pick) throw new Error('a question card with no buttons');
    const res = await postActivity(app, cardInvoke(fake, aad, conv, ask.id, pick.verb, pick.data));
    if (res.status !== 200) throw new Error(`invoke answered ${res.status}`);
  }
  throw new Error('reflection did not reach the preview in 200 steps');
}
