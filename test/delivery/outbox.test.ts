import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backoffMs, DeliveryError, OutboxWorker, type Deliverer } from '../../src/delivery/outbox';
import { createLogger } from '../../src/log';
import { openStore } from '../../src/store';
import type { OutboxItem, Store } from '../../src/store/port';

let dir: string;
let store: Store;
let now: Date;
const clock = () => now;
const log = createLogger('silent');

function item(id: string): OutboxItem {
  return {
    id,
    kind: 'thread.summary',
    channel: 'test',
    payload: { threadId: 't', messageId: id },
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now.toISOString(),
    createdAt: now.toISOString(),
  };
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'reflect-outbox-'));
  store = await openStore({ dataDir: dir });
  now = new Date('2026-11-22T10:00:00Z');
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function worker(deliverer: Deliverer): OutboxWorker {
  const w = new OutboxWorker(
    store,
    log,
    { pollMs: 10, baseBackoffMs: 1000, maxBackoffMs: 60_000, maxAttempts: 3 },
    clock,
  );
  w.register('test', deliverer);
  return w;
}

it('delivers each item once and records the external reference', async () => {
  const seen: string[] = [];
  const w = worker({
    deliver: async (i) => {
      seen.push(i.id);
      return { externalRef: `ref-${i.id}` };
    },
  });
  await store.commitTurn({ outbox: [item('a'), item('b')] });
  expect(await w.runOnce()).toBe(2);
  expect(await w.runOnce()).toBe(0);
  expect(seen).toEqual(['a', 'b']);
  expect(await store.getOutboxItem('a')).toMatchObject({ status: 'delivered', externalRef: 'ref-a', attempts: 0 });
});

it('honours Retry-After: the item is not retried before the wait, and is delivered after it', async () => {
  let calls = 0;
  const w = worker({
    deliver: async () => {
      calls++;
      if (calls === 1) throw new DeliveryError('SLACK_RATE_LIMITED', { retryAfterMs: 30_000 });
      return {};
    },
  });
  await store.commitTurn({ outbox: [item('a')] });
  await w.runOnce();
  expect(await store.getOutboxItem('a')).toMatchObject({
    status: 'pending',
    attempts: 1,
    lastError: 'SLACK_RATE_LIMITED',
  });
  now = new Date(now.getTime() + 29_000);
  await w.runOnce();
  expect(calls).toBe(1);
  now = new Date(now.getTime() + 2_000);
  await w.runOnce();
  expect(calls).toBe(2);
  expect((await store.getOutboxItem('a'))?.status).toBe('delivered');
});

it('backs off on failures and gives up (dead) after maxAttempts, or at once on a permanent error', async () => {
  const w = worker({
    deliver: async (i) => {
      throw i.id === 'p' ? new DeliveryError('SLACK_CHANNEL_NOT_FOUND', { permanent: true }) : new Error('boom');
    },
  });
  await store.commitTurn({ outbox: [item('a'), item('p')] });
  await w.runOnce();
  expect((await store.getOutboxItem('p'))?.status).toBe('dead');
  for (let i = 0; i < 3; i++) {
    now = new Date(now.getTime() + 120_000);
    await w.runOnce();
  }
  expect(await store.getOutboxItem('a')).toMatchObject({ status: 'dead', attempts: 3, lastError: 'UNCODED_ERROR' });
});

it('backoff grows exponentially with jitter and is capped', () => {
  expect(backoffMs(1, 1000, 60_000, () => 0)).toBe(500);
  expect(backoffMs(1, 1000, 60_000, () => 1)).toBe(1000);
  expect(backoffMs(4, 1000, 60_000, () => 1)).toBe(8000);
  expect(backoffMs(20, 1000, 60_000, () => 1)).toBe(60_000);
});

it('kick() delivers straight away rather than waiting for the next poll', async () => {
  now = new Date(Date.now() - 1000); // this worker runs on the real clock
  const delivered: string[] = [];
  const w = new OutboxWorker(store, log, { pollMs: 60_000 });
  w.register('test', {
    deliver: async (i) => {
      delivered.push(i.id);
      return {};
    },
  });
  // The first pass (at start) finds nothing; after it the next poll is a minute away.
  const claim = store.claimOutbox.bind(store);
  let firstPass!: () => void;
  const firstPassDone = new Promise<void>((resolve) => {
    firstPass = resolve;
  });
  store.claimOutbox = async (...args) => {
    const claimed = await claim(...args);
    firstPass();
    return claimed;
  };
  w.start();
  await firstPassDone;
  await store.commitTurn({ outbox: [item('urgent')] });
  w.kick();
  for (let i = 0; i < 100 && delivered.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  await w.stop();
  expect(delivered).toEqual(['urgent']);
});
