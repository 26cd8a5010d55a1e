/**
 * A fake Bot Connector API on loopback: enough of /v3/conversations for the Teams channel's
 * tests. Conversations and activities live in memory; channel threads use the real id form
 * `<channelId>;messageid=<rootActivityId>`. Failures (429 with Retry-After, 5xx) can be queued;
 * a failed request creates nothing, like the real service. Every request is logged.
 */
import type { Server } from 'node:http';
import express, { type Request, type Response } from 'express';

export interface ConnectorCall {
  method: string;
  path: string;
  conversationId?: string;
  activityId?: string;
  status: number;
  authorization?: string;
  body: Record<string, unknown>;
  at: number; // Date.now() when answered
}

export interface FakeActivity {
  id: string;
  conversationId: string;
  replyToId?: string;
  body: Record<string, unknown>;
  updates: Array<Record<string, unknown>>;
}

interface Failure {
  status: number;
  headers: Record<string, string>;
  match: (method: string, path: string) => boolean;
}

export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  readonly activities: FakeActivity[] = [];
  readonly conversations: Array<{ id: string; body: Record<string, unknown> }> = [];
  private failures: Failure[] = [];
  private nextId = 1_700_000_000_001; // channel activity ids are numeric in Teams, and the thread id form relies on it
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    const app = express();
    app.use(express.json({ limit: '1mb' }));
    app.post('/v3/conversations', (req, res) => this.handle(req, res, () => this.createConversation(req)));
    app.post('/v3/conversations/:conversationId/activities', (req, res) =>
      this.handle(req, res, () => this.post(req, undefined)),
    );
    app.post('/v3/conversations/:conversationId/activities/:activityId', (req, res) =>
      this.handle(req, res, () => this.post(req, String(req.params.activityId))),
    );
    app.put('/v3/conversations/:conversationId/activities/:activityId', (req, res) =>
      this.handle(req, res, () => this.update(req)),
    );
    await new Promise<void>((resolve) => {
      this.server = app.listen(0, '127.0.0.1', () => resolve());
    });
    const address = this.server?.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next `times` matching requests fail with `status` (and create nothing). */
  fail(times: number, status: number, options: { retryAfter?: string; method?: string; path?: RegExp } = {}): void {
    const headers: Record<string, string> = options.retryAfter ? { 'Retry-After': options.retryAfter } : {};
    const match = (method: string, path: string) =>
      (!options.method || options.method === method) && (!options.path || options.path.test(path));
    for (let i = 0; i < times; i++) this.failures.push({ status, headers, match });
  }

  inConversation(conversationId: string): FakeActivity[] {
    return this.activities.filter((a) => a.conversationId === conversationId);
  }

  private handle(req: Request, res: Response, fn: () => { status: number; body: unknown }): void {
    const conversationId = req.params.conversationId === undefined ? undefined : String(req.params.conversationId);
    const activityId = req.params.activityId === undefined ? undefined : String(req.params.activityId);
    const failureAt = this.failures.findIndex((f) => f.match(req.method, req.path));
    const failure = failureAt >= 0 ? this.failures.splice(failureAt, 1)[0] : undefined;
    const result = failure
      ? { status: failure.status, body: { error: { code: 'Fake', message: 'injected failure' } } }
      : fn();
    const auth = req.headers.authorization;
    this.calls.push({
      method: req.method,
      path: req.path,
      conversationId,
      activityId,
      status: result.status,
      authorization: auth,
      body: (req.body ?? {}) as Record<string, unknown>,
      at: Date.now(),
    });
    if (failure) res.set(failure.headers);
    res.status(result.status).json(result.body);
  }

  private newId(): string {
    return String(this.nextId++);
  }

  private createConversation(req: Request): { status: number; body: unknown } {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const id = `a:fake-conversation-${this.conversations.length + 1}`;
    this.conversations.push({ id, body });
    return { status: 201, body: { id, activityId: '', serviceUrl: this.url } };
  }

  private post(req: Request, replyToId: string | undefined): { status: number; body: unknown } {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const activity: FakeActivity = {
      id: this.newId(),
      conversationId: String(req.params.conversationId),
      replyToId: replyToId ?? (body.replyToId as string | undefined),
      body,
      updates: [],
    };
    this.activities.push(activity);
    return { status: 201, body: { id: activity.id } };
  }

  private update(req: Request): { status: number; body: unknown } {
    const conversationId = String(req.params.conversationId).split(';')[0];
    const activity = this.activities.find(
      (a) => a.id === String(req.params.activityId) && a.conversationId.split(';')[0] === conversationId,
    );
    if (!activity) return { status: 404, body: { error: { code: 'ActivityNotFound', message: 'no such activity' } } };
    activity.updates.push((req.body ?? {}) as Record<string, unknown>);
    return { status: 200, body: { id: activity.id } };
  }
}

export async function startFakeConnector(): Promise<FakeConnector> {
  return new FakeConnector().start();
}
