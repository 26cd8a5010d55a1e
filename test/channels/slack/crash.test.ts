/**
 * A real child process is killed with SIGKILL after Slack accepted the summary but before the
 * process heard back, so the outbox item is still pending with no failed attempt. After a restart
 * the deliverer looks for the post by its metadata, finds it, and never posts it twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../../../src/config';
import { loadContent } from '../../../src/main';
import { openSqliteStore, SQLITE_FILE } from '../../../src/store/sqlite';
import type { Store } from '../../../src/store/port';
import { FakeSlack } from '../../fakes/slack/server';
import { kill9, startChild, type Child } from '../../support/process';
import { buttons, click, driveToPreview, SECRET, SUP_CHANNEL, TOKEN, U, writeOrg } from './helpers';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'reflect-slack-kill-'));
let fake: FakeSlack;
let store: Store | undefined;
const children: Child[] = [];

beforeAll(async () => {
  fake = await new FakeSlack({ channels: [SUP_CHANNEL] }).start();
});
afterAll(async () => {
  for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) await kill9(c);
  await store?.close();
  await fake.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * The killed process held the item's lease (30 s). Rather than wait it out, move the item's clock
 * back a minute: exactly the state the database is in once the lease has run out.
 */
function letLeaseExpire(): void {
  const db = new Database(path.join(dataDir, SQLITE_FILE));
  try {
    const minuteAgo = new Date(Date.now() - 60_000).toISOString();
    db.prepare(
      "UPDATE outbox SET lease_until = NULL, created_at = ?, next_attempt_at = ? WHERE status = 'pending'",
    ).run(minuteAgo, minuteAgo);
  } finally {
    db.close();
  }
}

it('posts the summary exactly once after a SIGKILL between post and acknowledgement', async () => {
  const env = {
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.url,
    ORG_CONFIG: writeOrg(),
    OUTBOX_POLL_MS: '50',
  };
  const a = await startChild(env);
  children.push(a);
  store = await openSqliteStore(dataDir);
  const driven = { url: a.url, reflect: { store, catalog: loadContent(loadConfig({ ...env, PORT: '0' })) } };
  const preview = await driveToPreview(driven, fake, { user: U.alex, id: 'alex' }, { caseRef: 'CR-SIGKILL' });
  const share = buttons(preview).find((b) => b.action_id === 'reflect.preview.share');
  if (!share) throw new Error('no Share button');

  // Slack records the reply at once but answers only after the process is gone.
  fake.fail('chat.postMessage', {
    delayMs: 5000,
    match: (x) => x.channel === SUP_CHANNEL && x.thread_ts !== undefined,
  });
  await click(a.url, U.alex, preview, share);
  const reply = await fake.waitFor('the summary landing in Slack', () => fake.in(SUP_CHANNEL).find((m) => m.thread_ts));
  await kill9(a);
  const outboxId = String(reply.metadata?.event_payload.outbox_id);
  const pending = await store.getOutboxItem(outboxId);
  expect(pending).toMatchObject({ status: 'pending', attempts: 0 });
  letLeaseExpire();

  const b = await startChild(env);
  children.push(b);
  const delivered = await fake.waitFor(
    'delivered after restart',
    async () => {
      const item = await store?.getOutboxItem(outboxId);
      return item?.status === 'delivered' ? item : undefined;
    },
    15_000,
  );
  expect(delivered.externalRef).toBe(`${SUP_CHANNEL}:${reply.ts}`);
  expect(fake.in(SUP_CHANNEL).filter((m) => m.thread_ts)).toHaveLength(1);
  expect(fake.in(SUP_CHANNEL).filter((m) => !m.thread_ts)).toHaveLength(1);
  await kill9(b);
}, 60_000);
