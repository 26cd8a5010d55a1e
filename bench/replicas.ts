/**
 * npm run bench:replicas (also run by npm run bench): the same load on one replica and on two, both
 * on one Postgres database, in the same run, as ratios; and /healthz while practitioners paste
 * 300 KB at once, against /healthz alone. Needs DATABASE_URL; built output (dist/).
 * On a two-core machine the load generator and both replicas share the cores, so the point is that
 * two replicas stay correct and are not slower per turn, not that they double throughput.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { note } from './in-process';
import { fmt, machine, percentile, writeSection } from './report';
import { startServer } from './server';

const ROOT = path.resolve(__dirname, '..');
const PRACTITIONERS = 40;
const TURNS_EACH = 30;

async function timed<T>(into: number[], fn: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const out = await fn();
  into.push(performance.now() - t);
  return out;
}

const post = (url: string, body: unknown) =>
  fetch(`${url}/local/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then(async (r) => {
    await r.text();
    return r.status;
  });

/** Each practitioner opens a reflection and then types notes; every request goes to a random replica. */
async function load(urls: string[], db: string): Promise<{ perSecond: number; p99: number; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const pick = () => urls[Math.floor(Math.random() * urls.length)] as string;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: PRACTITIONERS }, async (_, i) => {
      const user = `p${i}`;
      const say = async (text: string) => {
        if ((await timed(latencies, () => post(pick(), { user, text }))) !== 200) errors++;
      };
      await say('hello');
      await say(`CR-${db}-${i}`);
      for (let n = 0; n < TURNS_EACH; n++) await say(note(i, n));
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { perSecond: latencies.length / seconds, p99: percentile(latencies, 99), errors };
}

async function pasteStall(url: string): Promise<{ alone: number; during: number; accepted: number }> {
  const alone: number[] = [];
  for (let i = 0; i < 200; i++) await timed(alone, () => fetch(`${url}/healthz`).then((r) => r.text()));
  const paste = 'x'.repeat(300_000);
  const during: number[] = [];
  let stop = false;
  let accepted = 0;
  const pasters = Array.from({ length: 10 }, async (_, i) => {
    while (!stop) if ((await post(url, { user: `p${i}`, text: paste })) === 200) accepted++;
  });
  for (let i = 0; i < 200; i++) await timed(during, () => fetch(`${url}/healthz`).then((r) => r.text()));
  stop = true;
  await Promise.all(pasters);
  return { alone: percentile(alone, 99), during: percentile(during, 99), accepted };
}

function orgFile(dir: string): string {
  const people = Array.from({ length: PRACTITIONERS }, (_, i) => `  - { id: p${i}, name: P ${i}, supervisor: sam }`);
  const file = path.join(dir, 'org.yaml');
  writeFileSync(
    file,
    `organisation: Bench Council\nsupervisors:\n  - { id: sam, name: Sam Rivers }\npractitioners:\n${people.join('\n')}\n`,
  );
  return file;
}

async function withDatabase<T>(base: string, name: string, fn: (url: string) => Promise<T>): Promise<T> {
  const admin = new Pool({ connectionString: base, max: 1 });
  await admin.query(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

export async function replicasSection(build = true): Promise<string> {
  const base = process.env.DATABASE_URL;
  if (!base) return '## Replicas on Postgres\n\nNot measured: DATABASE_URL was not set.';
  if (build)
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reflect-bench-replicas-'));
  const tag = `${process.pid}_${Date.now().toString(36)}`;
  try {
    const org = orgFile(dir);
    const run = (replicas: number) =>
      withDatabase(base, `bench_${replicas}_${tag}`, async (url) => {
        const env = { DATABASE_URL: url, ORG_CONFIG: org };
        const first = await startServer(env); // migrates before the second starts
        const servers = [first, ...(replicas > 1 ? [await startServer(env)] : [])];
        try {
          const result = await load(
            servers.map((s) => s.url),
            String(replicas),
          );
          const paste = replicas === 1 ? await pasteStall(first.url) : undefined;
          return { ...result, paste };
        } finally {
          for (const s of servers) await s.stop();
        }
      });
    const one = await run(1);
    const two = await run(2);
    const md = [
      '## Replicas on Postgres (`npm run bench:replicas`)',
      '',
      `Machine: ${machine()}. ${PRACTITIONERS} simulated practitioners, each opening a reflection and typing ${TURNS_EACH} notes as fast as answers come back, through \`POST /local/messages\`; every request goes to a random replica. Both runs on a fresh Postgres database, same run.`,
      '',
      '| Measure | One replica | Two replicas | Ratio (two / one) |',
      '|---|---|---|---|',
      `| Turns per second | ${fmt(one.perSecond, 0)} | ${fmt(two.perSecond, 0)} | ${fmt(two.perSecond / one.perSecond, 2)}× |`,
      `| Turn latency p99 | ${fmt(one.p99)} ms | ${fmt(two.p99)} ms | ${fmt(two.p99 / one.p99, 2)}× |`,
      `| Responses other than 200 | ${one.errors} | ${two.errors} | |`,
      '',
      `A 300 KB paste: with 10 clients posting 300 KB notes back to back, /healthz p99 was ${fmt(one.paste?.during ?? 0)} ms against ${fmt(one.paste?.alone ?? 0)} ms with nothing else running (target ≤ 100 ms); ${one.paste?.accepted ?? 0} of the pastes were accepted (the local API refuses bodies over 64 KB before parsing; the service keeps at most 4,000 characters a note).`,
      '',
      'Two cores are shared by the load generator, Postgres and the replicas, so two replicas cannot add CPU here; the ratio shows the cost of coordination (row versions, the one-open-reflection index, retries), which should stay near 1.',
    ].join('\n');
    writeSection('replicas', md);
    return md;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  replicasSection().then(
    (md) => process.stdout.write(`${md}\n`),
    (err: Error) => {
      process.stderr.write(`${err.stack ?? err.message}\n`);
      process.exit(1);
    },
  );
}
