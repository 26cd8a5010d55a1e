/**
 * Delivery through the outbox: a 429 is waited out (Retry-After) and the summary posted once; a
 * post that landed but whose answer was lost (the fake records it, then answers 500) is found by
 * its metadata after a restart and never posted twice; a permanent error stops with a clear code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeSlack } from '../../fakes/slack/server';
import type { TestApp } from '../../support/app';
import { buttons, click, driveToPreview, startSlackApp, SUP_CHANNEL, U } from './helpers';

let fake: FakeSlack;

beforeEach(async () => {
  fake = await new FakeSlack({ channels: [SUP_CHANNEL] }).start();
});
afterEach(async () => {
  await fake.stop();
});

async function shareReflection(app: TestApp, caseRef: string): Promise<void> {
  const preview = await driveToPreview(app, fake, { user: U.alex, id: 'alex' }, { caseRef });
  const share = buttons(preview).find((b) => b.action_id === 'reflect.preview.share');
  if (!share) throw new Error('no Share button');
  await click(app.url, U.alex, preview, share);
}

const toSupervisor = (args: Record<string, unknown>) => args.channel === SUP_CHANNEL;
const carrying = (id: string) => fake.in(SUP_CHANNEL).filter((m) => m.metadata?.event_payload.outbox_id === id);

it('waits out a 429 (Retry-After) and delivers the summary exactly once', async () => {
  const app = await startSlackApp(fake);
  try {
    fake.fail('chat.postMessage', { status: 429, retryAfter: 1, match: toSupervisor });
    await shareReflection(app, 'CR-429');
    const limited = await fake.waitFor('the 429', () => fake.callsTo('chat.postMessage').find((c) => c.status === 429));
    const reply = await fake.waitFor('the summary', () => fake.in(SUP_CHANNEL).find((m) => m.thread_ts), 15_000);
    const posted = fake.callsTo('chat.postMessage').find((c) => c.ok && toSupervisor(c.args));
    expect((posted?.at ?? 0) - limited.at).toBeGreaterThanOrEqual(950);
    expect(fake.in(SUP_CHANNEL).filter((m) => !m.thread_ts)).toHaveLength(1);
    expect(carrying(String(reply.metadata?.event_payload.outbox_id))).toHaveLength(1);
    const summary = await fake.waitFor('delivered', async () =>
      (await app.reflect.store.listOutbox('delivered')).find((i) => i.kind === 'thread.summary'),
    );
    expect(summary.attempts).toBe(1);
    expect(summary.externalRef).toBe(`${SUP_CHANNEL}:${reply.ts}`);
  } finally {
    await app.stop();
  }
});

it('after an ambiguous failure and a restart, finds the earlier post by its metadata instead of posting again', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'reflect-slack-restart-'));
  try {
    const first = await startSlackApp(fake, { DATA_DIR: dataDir });
    // The reply lands in Slack, but its answer is lost (500): the outbox cannot know it was posted.
    fake.fail('chat.postMessage', {
      status: 500,
      afterRecord: true,
      match: (a) => toSupervisor(a) && a.thread_ts !== undefined,
    });
    await shareReflection(first, 'CR-AMBIGUOUS');
    await fake.waitFor('the ambiguous failure', () => fake.callsTo('chat.postMessage').find((c) => c.status === 500));
    await first.stop({ keepData: true }); // the process goes away before any retry

    const second = await startSlackApp(fake, { DATA_DIR: dataDir });
    try {
      const delivered = await fake.waitFor(
        'redelivery',
        async () => (await second.reflect.store.listOutbox('delivered')).find((i) => i.kind === 'thread.summary'),
        15_000,
      );
      expect(delivered.attempts).toBe(1);
      expect(carrying(delivered.id)).toHaveLength(1);
      expect(fake.callsTo('conversations.replies').some((c) => c.args.include_all_metadata === 'true')).toBe(true);
      const replies = fake.in(SUP_CHANNEL).filter((m) => m.thread_ts);
      expect(replies).toHaveLength(1);
      expect(delivered.externalRef).toBe(`${SUP_CHANNEL}:${replies[0]?.ts}`);
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

it('stops at once on a permanent error (bot not in the channel) with a clear code', async () => {
  const app = await startSlackApp(fake);
  try {
    fake.leave(SUP_CHANNEL); // the bot was never invited: Slack answers not_in_channel
    await shareReflection(app, 'CR-NOT-IN');
    const dead = await fake.waitFor('dead item', async () =>
      (await app.reflect.store.listOutbox('dead')).find((i) => i.kind === 'thread.summary'),
    );
    expect(dead.lastError).toBe('SLACK_NOT_IN_CHANNEL');
    expect(dead.attempts).toBe(1);
  } finally {
    await app.stop();
  }
});
