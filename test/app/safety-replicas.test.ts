/**
 * Two replicas on one Postgres database (separate pools, as two processes would have): a check-in's
 * timers fire exactly once, whichever replica claims them, even when both run at the same moment and
 * when a lease runs out after a replica claimed a timer and died before firing it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { openPostgresStore } from '../../src/store/postgres';
import { startTestApp, type TestApp } from '../support/app';
import { call, say } from '../support/local-client';

const url = process.env.DATABASE_URL;

if (url) {
  const admin = new Pool({ connectionString: url, max: 1 });
  const schema = `reflect_safety_${process.pid}_${Date.now().toString(36)}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reflect-replicas-'));
  const orgFile = path.join(dir, 'org.yaml');
  writeFileSync(
    orgFile,
    `organisation: Test Council
loneWorking: { graceMinutes: 0, timeZone: UTC }
supervisors: [{ id: sam, name: Sam Rivers }]
practitioners:
  - { id: alex, name: Alex Morgan, supervisor: sam }
  - { id: bo, name: Bo Chen, supervisor: sam }
`,
  );
  let now = new Date('2026-12-01T09:00:00Z');
  const apps: TestApp[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const store = await openPostgresStore(url, { schema });
      await store.migrate();
      apps.push(await startTestApp({ ORG_CONFIG: orgFile }, { store, clock: () => now, timerPollMs: 3_600_000 }));
    }
  });
  afterAll(async () => {
    for (const a of apps) {
      await a.stop();
      await a.reflect.store.close();
    }
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  });

  const overdueAlerts = async (caseRef: string): Promise<number> => {
    const threads = (await call(apps[0]!.url, 'GET', '/local/threads?supervisor=sam')).json.threads as Array<{
      caseRef: string;
      messages: Array<{ alert?: string }>;
    }>;
    return threads.filter((t) => t.caseRef === caseRef).flatMap((t) => t.messages.filter((m) => m.alert === 'overdue'))
      .length;
  };

  it('both replicas racing fire each timer once: one prompt and one overdue alert', async () => {
    const [a, b] = apps as [TestApp, TestApp];
    await say(a.url, 'alex', 'checkin CR-R1');
    await say(b.url, 'alex', '1 min'); // the second message lands on the other replica
    now = new Date(now.getTime() + 2 * 60_000);
    const fired = await Promise.all([
      a.reflect.timers.runDue(),
      b.reflect.timers.runDue(),
      a.reflect.timers.runDue(),
      b.reflect.timers.runDue(),
    ]);
    expect(fired.reduce((x, y) => x + y, 0)).toBe(2);
    expect(await overdueAlerts('CR-R1')).toBe(1);
    const prompts = (await call(a.url, 'GET', '/local/messages?user=alex')).json.messages as Array<{ text: string }>;
    expect(prompts.filter((m) => /Are you OK/.test(m.text))).toHaveLength(1);
  });

  it('a timer claimed by a replica that died is fired once by the other after the lease', async () => {
    const [a, b] = apps as [TestApp, TestApp];
    await say(a.url, 'bo', 'checkin CR-R2');
    await say(a.url, 'bo', '1');
    now = new Date(now.getTime() + 2 * 60_000);
    // Replica A claims and "dies" before firing: its lease blocks B until it runs out.
    const claimed = await a.reflect.store.claimTimers(
      now.toISOString(),
      new Date(now.getTime() + 60_000).toISOString(),
      10,
    );
    expect(claimed).toHaveLength(2);
    expect(await b.reflect.timers.runDue()).toBe(0);
    now = new Date(now.getTime() + 61_000);
    const fired = await Promise.all([a.reflect.timers.runDue(), b.reflect.timers.runDue()]);
    expect(fired.reduce((x, y) => x + y, 0)).toBe(2);
    expect(await overdueAlerts('CR-R2')).toBe(1);
  });
} else {
  it('the replica leg needs DATABASE_URL; it is unset, so it did not run here', () => {
    if (process.env.CI)
      throw new Error('TEST_POSTGRES_UNCONFIGURED: export DATABASE_URL=postgres://postgres@127.0.0.1:5432/test');
  });
}
