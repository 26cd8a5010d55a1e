/**
 * A fake Slack Web API on loopback, for tests and the benchmark. It keeps messages per channel
 * (with threads and metadata), answers the methods Reflect uses, enforces the Block Kit limits
 * Slack enforces (answering with Slack's own error codes), records every call, and can be told
 * to fail the next N calls of a method with a 429 (Retry-After) or a 5xx, optionally AFTER it has
 * recorded the message, to imitate a post that landed but whose answer was lost.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkBlocks, checkView } from './limits';
import { FakeSocketMode } from './socket';

export interface FakeMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
  thread_ts?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  reply_broadcast?: boolean;
  user: string;
  bot_id: string;
  updates: number;
}

export interface FakeCall {
  method: string;
  args: Record<string, unknown>;
  at: number;
  ok: boolean;
  error?: string;
  status: number;
}

export interface Failure {
  status: number; // 429 or 5xx (ignored with delayMs alone)
  times: number;
  retryAfter?: number; // seconds, for 429
  afterRecord?: boolean; // do the work, then answer with the failure (an ambiguous failure)
  delayMs?: number; // do the work, then hold the answer this long (a post that lands while its caller dies)
  match?: (args: Record<string, unknown>) => boolean; // only calls with these arguments
}

export interface FakeSlackOptions {
  token?: string;
  appToken?: string; // Socket Mode: accepted by apps.connections.open only
  /** Channels the bot is a member of (besides DMs). Others answer not_in_channel. */
  channels?: string[];
  latencyMs?: number;
}

type Args = Record<string, unknown>;
type Result = { status?: number; body: Record<string, unknown>; headers?: Record<string, string> };

export const BOT_USER = 'UBOT';
export const BOT_ID = 'BBOT';

export class FakeSlack {
  readonly calls: FakeCall[] = [];
  readonly messages: FakeMessage[] = [];
  readonly views: Array<{ method: string; view: Record<string, unknown>; user?: string }> = [];
  /** Socket Mode: the WebSocket apps.connections.open points at, on the same port. */
  readonly socket = new FakeSocketMode();
  private readonly failures = new Map<string, Failure>();
  private readonly members: Set<string>;
  /** Called after every call is answered (the benchmark times replies with it). */
  onCall?: (call: FakeCall) => void;
  private server?: Server;
  private clock = 0;
  port = 0;

  constructor(private readonly options: FakeSlackOptions = {}) {
    this.members = new Set(options.channels ?? []);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.socket.attach(this.server);
    this.server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.socket.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next `times` calls of `method` fail as described. */
  fail(method: string, failure: Partial<Failure> & { status?: number }): void {
    this.failures.set(method, { times: 1, status: 500, ...failure });
  }

  /** The bot is removed from (or added to) a channel. */
  leave(channel: string): void {
    this.members.delete(channel);
  }

  join(channel: string): void {
    this.members.add(channel);
  }

  callsTo(method: string): FakeCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Messages in a channel, oldest first (thread replies included). */
  in(channel: string): FakeMessage[] {
    return this.messages.filter((m) => m.channel === channel);
  }

  /** Polls until `check` returns something truthy; fails the test with `what` after `timeoutMs`. */
  async waitFor<T>(
    what: string,
    check: () => T | undefined | false | null | Promise<T | undefined | false | null>,
    timeoutMs = 10_000,
  ): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value) return value;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
    const args = parseBody(await readBody(req), req.headers['content-type'] ?? '');
    if (this.options.latencyMs) await sleep(this.options.latencyMs);
    const failure = this.takeFailure(method, args);
    if (failure && !failure.afterRecord && !failure.delayMs)
      return this.send(res, method, args, failureResult(failure));
    const result = this.authorised(req, args, method)
      ? this.dispatch(method, args)
      : { body: { ok: false, error: 'invalid_auth' } };
    if (failure?.delayMs) await sleep(failure.delayMs);
    this.send(res, method, args, failure?.afterRecord ? failureResult(failure) : result);
  }

  private takeFailure(method: string, args: Args): Failure | undefined {
    const f = this.failures.get(method);
    if (!f || (f.match && !f.match(args))) return undefined;
    if (--f.times <= 0) this.failures.delete(method);
    return f;
  }

  private authorised(req: IncomingMessage, args: Args, method: string): boolean {
    const expected =
      method === 'apps.connections.open' ? (this.options.appToken ?? 'xapp-test') : (this.options.token ?? 'xoxb-test');
    const header = req.headers.authorization ?? '';
    return header === `Bearer ${expected}` || args.token === expected;
  }

  private send(res: ServerResponse, method: string, args: Args, result: Result): void {
    const status = result.status ?? 200;
    const ok = status === 200 && result.body.ok === true;
    const call = {
      method,
      args,
      at: Date.now(),
      ok,
      status,
      error: typeof result.body.error === 'string' ? result.body.error : undefined,
    };
    this.calls.push(call);
    this.onCall?.(call);
    res.writeHead(status, { 'content-type': 'application/json', ...result.headers });
    res.end(JSON.stringify(result.body));
  }

  private dispatch(method: string, a: Args): Result {
    switch (method) {
      case 'auth.test':
        return ok({
          url: 'https://fake.slack.com/',
          team: 'Fake',
          user: 'reflect',
          team_id: 'T0FAKE',
          user_id: BOT_USER,
          bot_id: BOT_ID,
        });
      case 'apps.connections.open':
        return ok({ url: `ws://127.0.0.1:${this.port}/socket` });
      case 'chat.postMessage':
        return this.postMessage(a);
      case 'chat.update':
        return this.update(a);
      case 'chat.postEphemeral':
        return this.canPost(str(a.channel)) ?? ok({ message_ts: this.nextTs() });
      case 'chat.getPermalink':
        return ok({
          channel: a.channel,
          permalink: `https://fake.slack.com/archives/${str(a.channel)}/p${str(a.message_ts).replace('.', '')}`,
        });
      case 'conversations.open':
        return ok({ channel: { id: `D${str(a.users).replace(/^[UW]/, '')}` } });
      case 'conversations.history':
        return this.history(a);
      case 'conversations.replies':
        return this.replies(a);
      case 'views.open':
      case 'views.publish':
        return this.view(method, a);
      case 'users.info':
        return ok({ user: { id: a.user, name: String(a.user).toLowerCase(), real_name: `User ${str(a.user)}` } });
      default:
        return { status: 404, body: { ok: false, error: 'unknown_method' } };
    }
  }

  private canPost(channel: string): Result | undefined {
    if (!/^[CDG][A-Z0-9]{2,}$/.test(channel)) return { body: { ok: false, error: 'channel_not_found' } };
    if (!channel.startsWith('D') && !this.members.has(channel)) return { body: { ok: false, error: 'not_in_channel' } };
    return undefined;
  }

  private postMessage(a: Args): Result {
    const channel = str(a.channel);
    const refused = this.canPost(channel) ?? validate(a);
    if (refused) return refused;
    const threadTs = a.thread_ts === undefined ? undefined : str(a.thread_ts);
    if (threadTs && !this.messages.some((m) => m.channel === channel && m.ts === threadTs))
      return { body: { ok: false, error: 'thread_not_found' } };
    const message: FakeMessage = {
      channel,
      ts: this.nextTs(),
      text: str(a.text),
      blocks: Array.isArray(a.blocks) ? a.blocks : [],
      thread_ts: threadTs,
      metadata: a.metadata as FakeMessage['metadata'],
      reply_broadcast: a.reply_broadcast === true || a.reply_broadcast === 'true',
      user: BOT_USER,
      bot_id: BOT_ID,
      updates: 0,
    };
    this.messages.push(message);
    return ok({ channel, ts: message.ts, message: publicMessage(message, true) });
  }

  private update(a: Args): Result {
    const m = this.messages.find((x) => x.channel === str(a.channel) && x.ts === str(a.ts));
    if (!m) return { body: { ok: false, error: 'message_not_found' } };
    const refused = validate(a);
    if (refused) return refused;
    m.text = str(a.text);
    m.blocks = Array.isArray(a.blocks) ? a.blocks : m.blocks;
    m.updates++;
    return ok({ channel: m.channel, ts: m.ts, text: m.text });
  }

  private history(a: Args): Result {
    const refused = this.canPost(str(a.channel));
    if (refused) return refused;
    const oldest = Number(a.oldest ?? 0);
    const all = this.in(str(a.channel))
      .filter((m) => (!m.thread_ts || m.reply_broadcast) && Number(m.ts) > oldest)
      .reverse();
    return page(all, a);
  }

  private replies(a: Args): Result {
    const refused = this.canPost(str(a.channel));
    if (refused) return refused;
    const ts = str(a.ts);
    const thread = this.in(str(a.channel)).filter((m) => m.ts === ts || m.thread_ts === ts);
    if (!thread.some((m) => m.ts === ts)) return { body: { ok: false, error: 'thread_not_found' } };
    return page(thread, a);
  }

  private view(method: string, a: Args): Result {
    const view = (a.view ?? {}) as Record<string, unknown>;
    const refused = checkView(view);
    if (refused) return { body: { ok: false, error: refused } };
    if (method === 'views.open' && !a.trigger_id) return { body: { ok: false, error: 'invalid_trigger_id' } };
    this.views.push({ method, view, user: a.user_id === undefined ? undefined : str(a.user_id) });
    return ok({ view: { id: `V${this.views.length}`, ...view } });
  }

  private nextTs(): string {
    this.clock++;
    return `${Math.floor(Date.now() / 1000)}.${String(this.clock).padStart(6, '0')}`;
  }
}

/** Unref'd, so a held answer never keeps a finished test run alive. */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function ok(body: Record<string, unknown>): Result {
  return { body: { ok: true, ...body } };
}

function failureResult(f: Failure): Result {
  if (f.status === 429)
    return {
      status: 429,
      body: { ok: false, error: 'ratelimited' },
      headers: { 'retry-after': String(f.retryAfter ?? 1) },
    };
  return { status: f.status, body: { ok: false, error: 'fake_server_error' } };
}

function validate(a: Args): Result | undefined {
  const text = a.text === undefined ? '' : str(a.text);
  if (text.length > 40_000) return { body: { ok: false, error: 'msg_too_long' } };
  if (a.blocks !== undefined) {
    const problem = checkBlocks(a.blocks, 50);
    if (problem) return { body: { ok: false, error: 'invalid_blocks', detail: problem } };
  } else if (!text) return { body: { ok: false, error: 'no_text' } };
  return undefined;
}

function publicMessage(m: FakeMessage, withMetadata: boolean): Record<string, unknown> {
  return {
    type: 'message',
    user: m.user,
    bot_id: m.bot_id,
    text: m.text,
    ts: m.ts,
    blocks: m.blocks,
    ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
    ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
  };
}

function page(list: FakeMessage[], a: Args): Result {
  const limit = Math.min(Number(a.limit ?? 100) || 100, 1000);
  const start = Number(a.cursor ?? 0) || 0;
  const slice = list.slice(start, start + limit);
  const more = start + limit < list.length;
  const withMetadata = a.include_all_metadata === true || a.include_all_metadata === 'true';
  return ok({
    messages: slice.map((m) => publicMessage(m, withMetadata)),
    has_more: more,
    response_metadata: { next_cursor: more ? String(start + limit) : '' },
  });
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The SDK sends form-encoded bodies with objects as JSON strings; JSON bodies are accepted too. */
function parseBody(raw: string, contentType: string): Args {
  if (contentType.includes('application/json')) return raw ? (JSON.parse(raw) as Args) : {};
  const out: Args = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = k === 'blocks' || k === 'metadata' || k === 'view' || k === 'attachments' ? safeJson(v) : v;
  }
  return out;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}
