/**
 * npm run bench:slack: signed message.im events through the real Bolt receiver on loopback, with
 * the fake Slack Web API answering the replies. Reflect (built dist/, embedded SQLite) against a
 * bare Bolt echo app (same receiver type) in the same run, both as child processes:
 *   - paced: 100 events/s for 10 s — ack latency, event-to-reply latency, throughput;
 *   - saturation: a burst, sent as fast as acks come back — the most replies per second each can give.
 * Writes its section of docs/benchmarks.md.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { FakeSlack, type FakeCall } from '../test/fakes/slack/server';
import { fmt, machine, percentile, writeSection } from './report';

const ROOT = path.resolve(__dirname, '..');
const SECRET = 'bench-signing-secret';
const TOKEN = 'xoxb-test';
const PEOPLE = 100;
const RATE = 100; // events per second, paced phase
const SECONDS = 10;
const BURST = 2000; // events, saturation phase
const IN_FLIGHT = 32;
const REPLY_TIMEOUT_MS = 30_000;

interface Service {
  url: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

function start(args: string[], env: Record<string, string>): Promise<Service> {
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /localhost:(\d+)/.exec(out);
      if (m)
        resolve({
          url: `http://127.0.0.1:${m[1]}`,
          proc,
          stop: () =>
            new Promise((r) => {
              proc.once('exit', () => r());
              proc.kill('SIGTERM');
            }),
        });
    });
    proc.once('exit', (code) => reject(new Error(`process exited ${code}: ${out}`)));
  });
}

function orgFile(dir: string): string {
  const people = Array.from(
    { length: PEOPLE },
    (_, i) => `  - { id: p${i}, name: Practitioner ${i}, supervisor: sam, slack: { user: ${user(i)} } }`,
  ).join('\n');
  const file = path.join(dir, 'org.yaml');
  writeFileSync(
    file,
    `organisation: Bench Council\nsupervisors:\n  - { id: sam, name: Sam Rivers, slack: { user: USAM } }\npractitioners:\n${people}\n`,
  );
  return file;
}

const user = (i: number) => `UP${String(i).padStart(3, '0')}`;

/** What a practitioner types: start, a case reference, then notes (each answered by one message). */
function text(turn: number, person: number): string {
  if (turn === 0) return 'hello';
  if (turn === 1) return `CR-B${person}`;
  return `A note about the visit, number ${turn}`;
}

function signedEvent(eventId: string, who: string, body: string): { body: string; headers: Record<string, string> } {
  const ts = Math.floor(Date.now() / 1000);
  const event = {
    type: 'message',
    channel_type: 'im',
    channel: `D${who.slice(1)}`,
    user: who,
    text: body,
    ts: `${ts}.${eventId.slice(-6)}`,
    event_ts: `${ts}.000000`,
  };
  const json = JSON.stringify({
    token: 'x',
    team_id: 'T0FAKE',
    api_app_id: 'A0BENCH',
    type: 'event_callback',
    event_id: eventId,
    event_time: ts,
    event,
  });
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${json}`).digest('hex')}`;
  return {
    body: json,
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signature,
    },
  };
}

/** Which event a reply answers: Reflect marks its posts with metadata, the echo app repeats the text. */
function answers(call: FakeCall): string | undefined {
  if (call.method !== 'chat.postMessage' || !call.ok) return undefined;
  const meta = call.args.metadata as { event_payload?: { outbox_id?: string } } | undefined;
  const marked = /^turn:slack:event:(Ev[A-Z0-9]+):0$/.exec(meta?.event_payload?.outbox_id ?? '');
  if (marked) return marked[1];
  return /\[(Ev[A-Z0-9]+)\]/.exec(String(call.args.text ?? ''))?.[1];
}

interface Run {
  acks: number[];
  replies: number[];
  throughput: number; // replies per second, first send to last reply
  failed: number;
}

class Load {
  private readonly sent = new Map<string, number>();
  private readonly replied = new Map<string, number>();
  private waiters: Array<() => void> = [];
  private seq = 0;

  constructor(
    fake: FakeSlack,
    private readonly prefix: string,
  ) {
    fake.onCall = (call) => {
      const id = answers(call);
      if (id && this.sent.has(id) && !this.replied.has(id)) {
        this.replied.set(id, performance.now());
        for (const w of this.waiters.splice(0)) w();
      }
    };
  }

  /** Sends one event; resolves with the ack latency. The text carries the id for the echo baseline. */
  async send(url: string, person: number, turn: number): Promise<number> {
    const id = `Ev${this.prefix}${String(++this.seq).padStart(6, '0')}`;
    const { body, headers } = signedEvent(id, user(person), `${text(turn, person)} [${id}]`);
    const t = performance.now();
    this.sent.set(id, t);
    const res = await fetch(`${url}/slack/events`, { method: 'POST', headers, body });
    await res.text();
    if (res.status !== 200) throw new Error(`ack ${res.status}`);
    return performance.now() - t;
  }

  async allReplied(): Promise<void> {
    const until = performance.now() + REPLY_TIMEOUT_MS;
    while (this.replied.size < this.sent.size && performance.now() < until) {
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100).unref();
      });
    }
  }

  result(acks: number[]): Run {
    const replies = [...this.replied].map(([id, at]) => at - (this.sent.get(id) ?? at));
    const first = Math.min(...this.sent.values());
    const last = Math.max(...this.replied.values());
    return {
      acks,
      replies,
      throughput: this.replied.size / ((last - first) / 1000),
      failed: this.sent.size - this.replied.size,
    };
  }
}

async function paced(fake: FakeSlack, url: string, prefix: string): Promise<Run> {
  const load = new Load(fake, prefix);
  const acks: number[] = [];
  const pending: Array<Promise<void>> = [];
  const t0 = performance.now();
  const total = RATE * SECONDS;
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(load.send(url, i % PEOPLE, Math.floor(i / PEOPLE)).then((ms) => void acks.push(ms)));
  }
  await Promise.all(pending);
  await load.allReplied();
  return load.result(acks);
}

async function saturate(fake: FakeSlack, url: string, prefix: string): Promise<Run> {
  const load = new Load(fake, prefix);
  const acks: number[] = [];
  let next = 0;
  // Turns continue each person's reflection from the paced phase (turn numbers past it: notes).
  const worker = async () => {
    for (let i = next++; i < BURST; i = next++)
      acks.push(await load.send(url, i % PEOPLE, (RATE * SECONDS) / PEOPLE + Math.floor(i / PEOPLE)));
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  await load.allReplied();
  return load.result(acks);
}

async function measure(fake: FakeSlack, service: Service, prefix: string): Promise<{ paced: Run; burst: Run }> {
  try {
    // Warm-up: the first event pays auth.test and lazy module loading in both services.
    const warm = new Load(fake, `${prefix}W`);
    await warm.send(service.url, PEOPLE - 1, 99);
    await warm.allReplied();
    return {
      paced: await paced(fake, service.url, `${prefix}P`),
      burst: await saturate(fake, service.url, `${prefix}S`),
    };
  } finally {
    await service.stop();
  }
}

function row(
  name: string,
  target: string,
  value: number,
  unit: string,
  base: number,
  pass: boolean | undefined,
): string {
  const ratio = base > 0 ? `${fmt(value / base)}×` : '';
  const verdict = pass === undefined ? '' : pass ? 'pass' : '**miss**';
  return `| ${name} | ${target} | ${fmt(value)} ${unit} | ${fmt(base)} ${unit} | ${ratio} | ${verdict} |`;
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reflect-bench-slack-'));
  const fake = await new FakeSlack({ token: TOKEN }).start();
  try {
    const env = { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.url };
    const bare = await measure(fake, await start(['--import', 'tsx', 'bench/slack-bare.ts'], env), 'B');
    const reflect = await measure(
      fake,
      await start(['dist/main.js'], {
        ...env,
        DATA_DIR: path.join(dir, 'data'),
        ORG_CONFIG: orgFile(dir),
        LOCAL_CHANNEL: 'off',
      }),
      'R',
    );
    const p = (r: Run, q: number, which: 'acks' | 'replies') => percentile(r[which], q);
    const lines = [
      '## Slack channel (`npm run bench:slack`)',
      '',
      `Machine: ${machine()}. Signed \`message.im\` events to \`POST /slack/events\` (the real Bolt ExpressReceiver, processBeforeResponse false) from ${PEOPLE} practitioners; the fake Slack Web API on loopback records each reply. Reflect runs from \`dist/\` on the embedded SQLite store (synchronous=FULL); the baseline is a bare Bolt app with the same receiver and an echo listener, in the same run.`,
      '',
      '| Measure | Target | Reflect | Bare Bolt (same run) | Ratio | |',
      '|---|---|---|---|---|---|',
      row(`Ack latency p50 (${RATE}/s)`, '', p(reflect.paced, 50, 'acks'), 'ms', p(bare.paced, 50, 'acks'), undefined),
      row(
        `Ack latency p99 (${RATE}/s)`,
        '≤ 50 ms',
        p(reflect.paced, 99, 'acks'),
        'ms',
        p(bare.paced, 99, 'acks'),
        p(reflect.paced, 99, 'acks') <= 50,
      ),
      row(
        `Event-to-reply p50 (${RATE}/s)`,
        '',
        p(reflect.paced, 50, 'replies'),
        'ms',
        p(bare.paced, 50, 'replies'),
        undefined,
      ),
      row(
        `Event-to-reply p99 (${RATE}/s)`,
        '',
        p(reflect.paced, 99, 'replies'),
        'ms',
        p(bare.paced, 99, 'replies'),
        undefined,
      ),
      row(
        `Throughput at ${RATE}/s offered`,
        '≥ 0.8× bare Bolt',
        reflect.paced.throughput,
        'replies/s',
        bare.paced.throughput,
        reflect.paced.throughput >= 0.8 * bare.paced.throughput,
      ),
      row('Throughput at saturation', '', reflect.burst.throughput, 'replies/s', bare.burst.throughput, undefined),
      row(
        'Ack latency p99 at saturation',
        '',
        p(reflect.burst, 99, 'acks'),
        'ms',
        p(bare.burst, 99, 'acks'),
        undefined,
      ),
      '',
      `Paced: ${RATE * SECONDS} events over ${SECONDS} s; each practitioner sends one event a second (start, a case reference, then notes), so every event is a committed turn and at least one chat.postMessage. Event-to-reply is the time from sending the event until the fake API receives the first reply for it (Reflect: after the turn's commit, an fsync). Saturation: ${BURST} events with ${IN_FLIGHT} in flight, sent as fast as acks return; throughput counts replies from the first send to the last reply. Events without a reply within ${REPLY_TIMEOUT_MS / 1000} s: Reflect ${reflect.paced.failed + reflect.burst.failed}, bare ${bare.paced.failed + bare.burst.failed}. The load generator and the fake API share the machine's cores with the service.`,
    ];
    const markdown = lines.join('\n');
    writeSection('slack', markdown);
    process.stdout.write(`${markdown}\n`);
  } finally {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
