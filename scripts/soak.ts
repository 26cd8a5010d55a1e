/**
 * npm run soak: two replicas on one Postgres database, simulated practitioners on Slack (signed
 * requests to the real receiver, replies to the fake Slack Web API) and on the local API, and a
 * killer that SIGKILLs one replica at random moments and restarts it. Then it checks:
 *   - every acknowledged (200) message is stored;
 *   - every shared summary is posted to Slack exactly once;
 *   - no practitioner has two open reflections;
 *   - no request got a 500.
 * Loopback only, bounded in time; prints its figures and exits non-zero on any failure.
 * Sizes: SOAK_SECONDS (default 30), SOAK_SLACK (6), SOAK_LOCAL (6), SOAK_KILL_MS (2500).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { loadConfig } from '../src/config';
import { loadContent } from '../src/main';
import { openPostgresStore } from '../src/store/postgres';
import { FakeSlack } from '../test/fakes/slack/server';
import { buttons, click, driveToPreview, SECRET, sendDm, TOKEN } from '../test/channels/slack/helpers';
import { kill9, startChild, type Child } from '../test/support/process';

export interface SoakOptions {
  seconds: number;
  slack: number;
  local: number;
  killEveryMs: number;
  /** Kill the replica straight after each Slack share is acknowledged (waits out the outbox lease). */
  killAfterShare: boolean;
  log?: (line: string) => void;
}

export interface SoakResult {
  acknowledged: number;
  lost: number;
  status500: number;
  doubleOpen: number;
  shared: number;
  summaryPosts: number;
  duplicatePosts: number;
  kills: number;
  ackP50: number;
  ackP99: number;
  ackMax: number;
}

const SUP_CHANNEL = 'CSOAKSUP';
const slackUser = (i: number) => `USOAK${i}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function orgFile(o: SoakOptions): string {
  const people = [
    ...Array.from(
      { length: o.slack },
      (_, i) => `  - { id: s${i}, name: Slack ${i}, supervisor: sam, slack: { user: ${slackUser(i)} } }`,
    ),
    ...Array.from({ length: o.local }, (_, i) => `  - { id: l${i}, name: Local ${i}, supervisor: sam }`),
  ];
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'reflect-soak-')), 'org.yaml');
  writeFileSync(
    file,
    `organisation: Soak Council\nsupervisors:\n  - { id: sam, name: Sam Rivers, slack: { user: USOAKSAM, channel: ${SUP_CHANNEL} } }\npractitioners:\n${people.join('\n')}\n`,
  );
  return file;
}

export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const base = process.env.DATABASE_URL;
  if (!base)
    throw new Error(
      'SOAK_NO_DATABASE: set DATABASE_URL to a Postgres server (e.g. postgres://postgres@127.0.0.1:5432/test)',
    );
  const say = o.log ?? (() => undefined);
  const dbName = `soak_${process.pid}_${Date.now().toString(36)}`;
  const admin = new Pool({ connectionString: base, max: 1 });
  await admin.query(`create database ${dbName}`);
  const url = new URL(base);
  url.pathname = `/${dbName}`;
  const store = await openPostgresStore(url.toString());
  await store.migrate();
  const fake = await new FakeSlack({ channels: [SUP_CHANNEL] }).start();
  const env = {
    DATABASE_URL: url.toString(),
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.url,
    ORG_CONFIG: orgFile(o),
    OUTBOX_POLL_MS: '100',
  };
  const replicas: Array<Child | undefined> = await Promise.all([startChild(env), startChild(env)]);
  const acked = new Map<string, string[]>();
  const ackMs: number[] = [];
  let status500 = 0;
  let kills = 0;
  let stop = false;
  const live = () => replicas.filter((r): r is Child => r !== undefined);
  const pick = () => {
    const l = live();
    return l[Math.floor(Math.random() * l.length)];
  };

  /** One message, resent (Slack-style: same event id) until some replica answers it. */
  async function send(who: string, kind: 'slack' | 'local', index: number, text: string): Promise<void> {
    const eventId = `EvSOAK${who}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    for (let attempt = 0; attempt < 50; attempt++) {
      const r = pick();
      if (!r) {
        await sleep(100);
        continue;
      }
      try {
        const started = performance.now();
        const status =
          kind === 'slack'
            ? (await sendDm(r.url, slackUser(index), text, { eventId, retryNum: attempt || undefined })).status
            : (
                await fetch(`${r.url}/local/messages`, {
                  method: 'POST',
                  headers: { 'content-type': 'application/json' },
                  body: JSON.stringify({ user: who, text }),
                })
              ).status;
        if (status === 500) status500++;
        if (status === 200) {
          ackMs.push(performance.now() - started);
          acked.set(who, [...(acked.get(who) ?? []), text]);
          return;
        }
      } catch {
        // connection refused or reset: that replica was killed; try again elsewhere
      }
      await sleep(50 + Math.random() * 100);
    }
  }

  async function practitioner(kind: 'slack' | 'local', i: number): Promise<void> {
    const who = `${kind === 'slack' ? 's' : 'l'}${i}`;
    await send(who, kind, i, 'hello');
    await send(who, kind, i, `CR-SOAK-${who}`);
    for (let n = 0; !stop; n++) {
      await send(who, kind, i, `soak note ${who} #${n}`);
      await sleep(20 + Math.random() * 80);
    }
  }

  async function killer(): Promise<void> {
    while (!stop) {
      await sleep(o.killEveryMs * (0.5 + Math.random()));
      if (stop) break;
      const k = Math.floor(Math.random() * replicas.length);
      const victim = replicas[k];
      if (!victim) continue;
      replicas[k] = undefined;
      await kill9(victim);
      kills++;
      replicas[k] = await startChild(env);
    }
  }

  say(`soak: ${o.seconds}s, ${o.slack} Slack + ${o.local} local practitioners, 2 replicas on Postgres`);
  const clients = [
    ...Array.from({ length: o.slack }, (_, i) => practitioner('slack', i)),
    ...Array.from({ length: o.local }, (_, i) => practitioner('local', i)),
  ];
  const chaos = killer();
  await sleep(o.seconds * 1000);
  stop = true;
  await Promise.all([...clients, chaos]);

  // Every acknowledged note is stored (checked before the share phase, which cancels these reflections).
  let lost = 0;
  let acknowledged = 0;
  for (const [who, texts] of acked) {
    const rows = await store.listReflections(who, 100);
    const stored = new Set(
      rows.flatMap((r) => Object.values(r.state.answers).flatMap((a) => (a.note ?? '').split('\n'))),
    );
    for (const t of texts) {
      acknowledged++;
      if (t === 'hello' || t === 'cancel' || t === 'yes' || t.startsWith('CR-')) continue;
      if (!stored.has(t)) lost++;
    }
  }
  // Shares on Slack, each followed (optionally) by a SIGKILL of the replica that took it.
  const catalog = loadContent(loadConfig({}));
  let shared = 0;
  for (let i = 0; i < Math.min(o.slack, 3); i++) {
    const r = live()[0] as Child;
    const who = { user: slackUser(i), id: `s${i}` };
    await send(who.id, 'slack', i, 'cancel');
    await send(who.id, 'slack', i, 'yes');
    const preview = await driveToPreview({ url: r.url, reflect: { store, catalog } }, fake, who, {
      caseRef: `CR-SHARE-s${i}`,
    });
    const share = buttons(preview).find((b) => b.action_id === 'reflect.preview.share');
    if (!share) throw new Error('SOAK_NO_SHARE_BUTTON');
    const res = await click(r.url, who.user, preview, share);
    if (res.status === 500) status500++;
    shared++;
    if (o.killAfterShare) {
      const k = replicas.indexOf(r);
      replicas[k] = undefined;
      await kill9(r);
      kills++;
      replicas[k] = await startChild(env);
    }
  }
  // Let the outbox finish (a killed replica's lease runs out after 30 s).
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && (await store.listOutbox('pending')).length > 0) await sleep(250);

  const doubleOpen = await countDoubleOpen(url.toString());
  const summaryPosts = fake.in(SUP_CHANNEL).filter((m) => m.thread_ts && m.metadata?.event_payload.outbox_id);
  const byItem = new Map<string, number>();
  for (const m of summaryPosts) {
    const id = String(m.metadata?.event_payload.outbox_id);
    byItem.set(id, (byItem.get(id) ?? 0) + 1);
  }
  const duplicatePosts = [...byItem.values()].filter((n) => n > 1).length;
  const sorted = [...ackMs].sort((a, b) => a - b);
  const q = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0);
  const result: SoakResult = {
    acknowledged,
    lost,
    status500,
    doubleOpen,
    shared,
    summaryPosts: byItem.size,
    duplicatePosts,
    kills,
    ackP50: q(0.5),
    ackP99: q(0.99),
    ackMax: Math.round(sorted.at(-1) ?? 0),
  };

  for (const r of live()) await kill9(r);
  await store.close();
  await fake.stop();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
  say(
    `soak: ${result.acknowledged} acknowledged, ${result.lost} lost, ${result.status500} responses with 500, ` +
      `${result.doubleOpen} practitioners with two open reflections, ${result.shared} shared on Slack, ` +
      `${result.summaryPosts} summaries posted, ${result.duplicatePosts} posted twice, ${result.kills} SIGKILLs; ` +
      `ack latency p50 ${result.ackP50} ms, p99 ${result.ackP99} ms, max ${result.ackMax} ms (Slack allows 3000 ms)`,
  );
  return result;
}

async function countDoubleOpen(url: string): Promise<number> {
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    const { rows } = await pool.query<{ n: number }>(
      `select count(*)::int as n from (
         select practitioner_id from reflections where status in ('active','paused','preview')
         group by practitioner_id having count(*) > 1) x`,
    );
    return rows[0]?.n ?? 0;
  } finally {
    await pool.end();
  }
}

export function passed(r: SoakResult): boolean {
  return (
    r.lost === 0 && r.status500 === 0 && r.doubleOpen === 0 && r.duplicatePosts === 0 && r.summaryPosts >= r.shared
  );
}

if (require.main === module) {
  const num = (name: string, dflt: number) => Number(process.env[name] ?? dflt);
  runSoak({
    seconds: num('SOAK_SECONDS', 30),
    slack: num('SOAK_SLACK', 6),
    local: num('SOAK_LOCAL', 6),
    killEveryMs: num('SOAK_KILL_MS', 2500),
    killAfterShare: true,
    log: (line) => process.stdout.write(`${line}\n`),
  }).then(
    (r) => {
      process.exitCode = passed(r) ? 0 : 1;
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
