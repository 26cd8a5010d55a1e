/** The outbox: leasing due items, retry scheduling and terminal states. */
import type { OutboxItem, Store } from '../../src/store/port';
import type { ContractContext } from './contract-context';
import { at, outboxItem } from './fixtures';

const ids = (items: OutboxItem[]) => items.map((i) => i.id);

export function outboxContract(ctx: ContractContext): void {
  describe('outbox', () => {
    it('claims due items oldest first, up to the limit, and never hands out a leased item twice', async () => {
      const store = ctx.store();
      await store.commitTurn({
        outbox: [
          outboxItem('b', { createdAt: at(2) }),
          outboxItem('a', { createdAt: at(1) }),
          outboxItem('c', { createdAt: at(3) }),
          outboxItem('future', { nextAttemptAt: at(60) }),
        ],
      });
      expect(ids(await store.claimOutbox(at(10), at(15), 2))).toEqual(['a', 'b']);
      expect(ids(await store.claimOutbox(at(10), at(15), 10))).toEqual(['c']);
      expect(await store.claimOutbox(at(11), at(16), 10)).toEqual([]);
      // Once the lease runs out the items are due again (the worker that held them died).
      expect(ids(await store.claimOutbox(at(15), at(20), 10))).toEqual(['a', 'b', 'c']);
      expect(await store.claimOutbox(at(15), at(20), 0)).toEqual([]);
    });

    it('after markFailed the item waits until nextAttemptAt, then is due again', async () => {
      const store = ctx.store();
      await store.commitTurn({ outbox: [outboxItem('a')] });
      const [claimed] = await store.claimOutbox(at(1), at(2), 10);
      expect(claimed).toEqual(outboxItem('a'));
      await store.markFailed('a', at(30), 'SLACK_RATE_LIMITED', false);
      expect(await store.getOutboxItem('a')).toEqual(
        outboxItem('a', { attempts: 1, nextAttemptAt: at(30), lastError: 'SLACK_RATE_LIMITED' }),
      );
      expect(await store.claimOutbox(at(3), at(4), 10)).toEqual([]);
      expect(await store.claimOutbox(at(29), at(31), 10)).toEqual([]);
      expect(ids(await store.claimOutbox(at(30), at(31), 10))).toEqual(['a']);
    });

    it('delivered and dead items are never claimed', async () => {
      const store = ctx.store();
      await store.commitTurn({
        outbox: [outboxItem('ok'), outboxItem('bad'), outboxItem('born-dead', { status: 'dead' })],
      });
      await store.claimOutbox(at(1), at(2), 10);
      await store.markDelivered('ok', at(1), 'C1:1.0');
      await store.markFailed('bad', at(1), 'SLACK_CHANNEL_NOT_FOUND', true);
      expect(await store.claimOutbox(at(100), at(101), 10)).toEqual([]);
      expect(await store.getOutboxItem('ok')).toEqual(
        outboxItem('ok', { status: 'delivered', deliveredAt: at(1), externalRef: 'C1:1.0' }),
      );
      expect(await store.getOutboxItem('bad')).toMatchObject({
        status: 'dead',
        attempts: 1,
        lastError: 'SLACK_CHANNEL_NOT_FOUND',
      });
      expect(ids(await store.listOutbox('dead'))).toEqual(['bad', 'born-dead']);
      expect(ids(await store.listOutbox('delivered'))).toEqual(['ok']);
      expect(ids(await store.listOutbox())).toHaveLength(3);
    });

    it('requeueDead gives dead items a fresh run, due now, and leaves the rest alone', async () => {
      const store = ctx.store();
      await store.commitTurn({
        outbox: [outboxItem('ok'), outboxItem('bad'), outboxItem('waiting', { nextAttemptAt: at(50) })],
      });
      await store.claimOutbox(at(1), at(2), 10);
      await store.markDelivered('ok', at(1));
      await store.markFailed('bad', at(1), 'SLACK_NOT_IN_CHANNEL', true);
      expect(await store.requeueDead(at(5))).toBe(1);
      expect(await store.getOutboxItem('bad')).toMatchObject({
        status: 'pending',
        attempts: 0,
        nextAttemptAt: at(5),
        lastError: 'SLACK_NOT_IN_CHANNEL',
      });
      expect(ids(await store.claimOutbox(at(5), at(6), 10))).toEqual(['bad']);
      expect((await store.getOutboxItem('ok'))?.status).toBe('delivered');
      expect(await store.requeueDead(at(7))).toBe(0);
    });

    it('markDelivered and markFailed on an unknown id say so', async () => {
      const store = ctx.store();
      await expect(store.markDelivered('nope', at(1))).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' });
      await expect(store.markFailed('nope', at(1), 'X', false)).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' });
      expect(await store.getOutboxItem('nope')).toBeUndefined();
    });

    it('concurrent claims never return the same item', async () => {
      await expectDisjointClaims(ctx.store(), [ctx.store(), ctx.store(), ctx.store(), ctx.store()]);
    });
  });
}

/**
 * Queues 30 due items, then lets every claimer claim in rounds, all at once, until nothing is left.
 * Every item must be handed out exactly once. Claimers may be one store or several on the same database.
 */
export async function expectDisjointClaims(writer: Store, claimers: Store[]): Promise<void> {
  const queued = Array.from({ length: 30 }, (_, i) =>
    outboxItem(`job-${String(i).padStart(2, '0')}`, { createdAt: at(i) }),
  );
  await writer.commitTurn({ outbox: queued });
  const seen: string[] = [];
  for (let round = 0; round < 10; round++) {
    const batches = await Promise.all(claimers.map((s) => s.claimOutbox(at(100), at(200), 3)));
    const got = batches.flatMap(ids);
    if (got.length === 0) break;
    seen.push(...got);
  }
  expect(seen.length).toBe(30);
  expect(new Set(seen).size).toBe(30);
}
