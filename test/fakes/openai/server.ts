/**
 * A fake OpenAI API on loopback, for driving the real `openai` SDK without the internet.
 *
 * Serves POST /v1/chat/completions and the Azure path
 * /openai/deployments/:deployment/chat/completions?api-version=…, answers with structured output
 * (choices[0].message.content as JSON), and records every request. Answers are programmable per
 * call (a queue), by matcher (e.g. by response_format name), or as a default; 500s, stalls, slow
 * answers and invalid JSON can be injected.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string; // without the query
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: ChatBody;
  raw: string;
}

export interface ChatBody {
  model?: string;
  messages?: Array<{ role: string; content: string }>;
  response_format?: { type: string; json_schema?: { name: string; schema: unknown; strict?: boolean } };
  max_tokens?: number;
  [key: string]: unknown;
}

export type FakeAnswer =
  | { json: unknown } // a structured answer: content = JSON.stringify(json)
  | { content: string } // raw content, e.g. invalid JSON
  | { status: number; body?: unknown } // an HTTP error
  | { stall: true } // never answers
  | { delayMs: number; then: FakeAnswer }
  | { refusal: string };

export type Matcher = (req: RecordedRequest) => FakeAnswer | undefined;

/** The response_format name of a request: 'triage', 'follow_up' or 'polish'. */
export function callName(req: RecordedRequest): string | undefined {
  return req.body.response_format?.json_schema?.name;
}

/**
 * What OpenAI answers a reasoning model (o1, o3, gpt-5…) that is sent `max_tokens`: 400 with
 * code `unsupported_parameter` and param `max_tokens` (the shape the openai SDK parses into
 * APIError.code / .param; the message as the API words it).
 */
export const REJECT_MAX_TOKENS: Matcher = (req) =>
  req.body.max_tokens !== undefined
    ? {
        status: 400,
        body: {
          error: {
            message:
              "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
            type: 'invalid_request_error',
            param: 'max_tokens',
            code: 'unsupported_parameter',
          },
        },
      }
    : undefined;

/** Harmless defaults: no suggestion, no follow-up, an empty narrative. */
export const QUIET: Record<string, unknown> = {
  triage: { situation: 'none' },
  follow_up: { question: null },
  polish: { sentences: [] },
};

export class FakeOpenAI {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: FakeAnswer[] = [];
  private readonly matchers: Matcher[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly stalled = new Set<ServerResponse>();
  private server?: Server;
  private fallback: (req: RecordedRequest) => FakeAnswer = (req) => ({ json: QUIET[callName(req) ?? ''] ?? {} });
  port = 0;

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** OPENAI_BASE_URL for the SDK. */
  get url(): string {
    return `${this.origin}/v1`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    for (const res of this.stalled) res.destroy();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Answers for the next calls, in order (each used once), before matchers and the default. */
  enqueue(...answers: FakeAnswer[]): this {
    this.queue.push(...answers);
    return this;
  }

  /** A matcher consulted for every call (latest first); return undefined to pass. */
  on(matcher: Matcher): this {
    this.matchers.unshift(matcher);
    return this;
  }

  /** Shorthand: answer every call with this response_format name. */
  answer(name: string, answer: FakeAnswer | ((req: RecordedRequest) => FakeAnswer)): this {
    return this.on((req) =>
      callName(req) === name ? (typeof answer === 'function' ? answer(req) : answer) : undefined,
    );
  }

  /** Every call gets this answer (replacing matchers and the default). */
  always(answer: FakeAnswer): this {
    this.matchers.length = 0;
    this.fallback = () => answer;
    return this;
  }

  reset(): this {
    this.requests.length = 0;
    this.queue.length = 0;
    this.matchers.length = 0;
    this.fallback = (req) => ({ json: QUIET[callName(req) ?? ''] ?? {} });
    return this;
  }

  /** Every recorded request body as one string: for "this never appears in any request" checks. */
  allBodies(): string {
    return this.requests.map((r) => r.raw).join('\n');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', this.origin);
    const isChat =
      req.method === 'POST' &&
      (/^\/v1\/chat\/completions$/.test(url.pathname) ||
        /^\/openai\/deployments\/[^/]+\/chat\/completions$/.test(url.pathname));
    if (!isChat) return send(res, 404, { error: { message: `fake OpenAI: no route ${req.method} ${url.pathname}` } });
    let body: ChatBody = {};
    try {
      body = JSON.parse(raw) as ChatBody;
    } catch {
      return send(res, 400, { error: { message: 'fake OpenAI: body is not JSON' } });
    }
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
      raw,
    };
    this.requests.push(recorded);
    const matched = this.matchers.map((m) => m(recorded)).find((a): a is FakeAnswer => a !== undefined);
    const answer = this.queue.shift() ?? matched ?? this.fallback(recorded);
    await this.reply(res, recorded, answer);
  }

  private async reply(res: ServerResponse, req: RecordedRequest, answer: FakeAnswer): Promise<void> {
    if ('stall' in answer) {
      this.stalled.add(res);
      res.on('close', () => this.stalled.delete(res));
      return;
    }
    if ('delayMs' in answer) {
      this.stalled.add(res);
      await new Promise((resolve) => setTimeout(resolve, answer.delayMs).unref());
      this.stalled.delete(res);
      if (res.destroyed) return;
      return this.reply(res, req, answer.then);
    }
    // retry-after-ms keeps the SDK's single retry quick, as a real provider's header would.
    if ('status' in answer)
      return send(res, answer.status, answer.body ?? { error: { message: 'fake failure', type: 'server_error' } }, {
        'retry-after-ms': '20',
      });
    const content = 'json' in answer ? JSON.stringify(answer.json) : 'content' in answer ? answer.content : null;
    const refusal = 'refusal' in answer ? answer.refusal : null;
    send(res, 200, completion(req, content, refusal));
  }
}

function completion(req: RecordedRequest, content: string | null, refusal: string | null) {
  return {
    id: `chatcmpl-fake-${Math.random().toString(36).slice(2)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: req.body.model ?? 'fake',
    choices: [{ index: 0, message: { role: 'assistant', content, refusal }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  return new FakeOpenAI().start();
}
