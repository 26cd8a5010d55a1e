/**
 * Issue 11, done-when: a one-minute check-in left open produces exactly one overdue alert to the
 * supervisor within a minute of its deadline, even across a kill -9. Real child processes and real
 * timers (graceMinutes: 0); the only waiting in the suite that is not avoidable.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { call, say } from '../support/local-client';
import { kill9, startChild } from '../support/process';

const dir = mkdtempSync(path.join(os.tmpdir(), 'reflect-checkin-crash-'));
const orgFile = path.join(dir, 'org.yaml');
writeFileSync(
  orgFile,
  `organisation: Test Council
loneWorking: { graceMinutes: 0, timeZone: UTC }
supervisors: [{ id: sam, name: Sam Rivers }]
practitioners: [{ id: alex, name: Alex Morgan, supervisor: sam }]
`,
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Threads = Array<{ caseRef: string; messages: Array<{ alert?: string; text: string; createdAt: string }> }>;

it('kill -9 between check-in and deadline, then exactly one overdue alert after restart', async () => {
  const env = { DATA_DIR: dir, ORG_CONFIG: orgFile };
  const a = await startChild(env);
  await say(a.url, 'alex', 'checkin CR-CRASH');
  const confirmed = await say(a.url, 'alex', '1 min');
  const checkedInAt = Date.now();
  expect(confirmed.map((r) => r.text).join('\n')).toMatch(/I'll check on you at \d\d:\d\d/);
  await kill9(a);

  const b = await startChild(env);
  try {
    const deadline = checkedInAt + 60_000;
    let overdue: Threads[number]['messages'] = [];
    while (Date.now() < deadline + 60_000 && overdue.length === 0) {
      await new Promise((r) => setTimeout(r, 1000));
      const threads = (await call(b.url, 'GET', '/local/threads?supervisor=sam')).json.threads as Threads;
      overdue = threads
        .filter((t) => t.caseRef === 'CR-CRASH')
        .flatMap((t) => t.messages.filter((m) => m.alert === 'overdue'));
    }
    const seenAt = Date.now();
    expect(overdue).toHaveLength(1);
    expect(seenAt - deadline).toBeLessThan(60_000);
    expect(overdue[0]?.text).toMatch(/Alex Morgan checked in for a visit on case CR-CRASH/);
    // Two more polls of the timer worker: still exactly one
    await new Promise((r) => setTimeout(r, 11_000));
    const after = (await call(b.url, 'GET', '/local/threads?supervisor=sam')).json.threads as Threads;
    expect(after.flatMap((t) => t.messages.filter((m) => m.alert === 'overdue'))).toHaveLength(1);
    const inbox = (await call(b.url, 'GET', '/local/messages?user=alex')).json.messages as Array<{ text: string }>;
    expect(inbox.filter((m) => /Are you OK/.test(m.text))).toHaveLength(1);
  } finally {
    await kill9(b);
  }
}, 150_000);
