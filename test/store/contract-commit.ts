/** commitTurn: atomicity, de-duplication and optimistic concurrency. */
import { StoreError } from '../../src/store/errors';
import { StoreConflictError } from '../../src/store/port';
import type { ContractContext } from './contract-context';
import { at, inboxMessage, outboxItem, reflection, thread, threadMessage } from './fixtures';

export function commitContract(ctx: ContractContext): void {
  describe('commitTurn', () => {
    it('persists reflection, outbox, thread, thread message, inbox and audit together', async () => {
      const store = ctx.store();
      const written = await store.commitTurn({
        reflection: { state: reflection('r1'), caseRef: 'CR-1' },
        outbox: [outboxItem('o1')],
        threadUpserts: [thread('t1')],
        threadMessages: [threadMessage('m1', 't1', { reflectionId: 'r1', data: { points: [1, 2] } })],
        inbox: [inboxMessage('i1')],
        audit: [{ at: at(0), actor: 'alex', action: 'reflection.shared', target: 'r1' }],
        processedEventId: 'ev1',
      });
      expect(written).toBe(true);
      expect(await store.getReflection('r1')).toEqual({
        state: reflection('r1'),
        caseRef: 'CR-1',
        status: 'active',
        updatedAt: at(0),
      });
      expect(await store.getOutboxItem('o1')).toEqual(outboxItem('o1'));
      expect(await store.getThread('t1')).toEqual(thread('t1', { reflections: 1 })); // counted from its one summary
      expect(await store.listThreadMessages('t1')).toEqual([
        threadMessage('m1', 't1', { reflectionId: 'r1', data: { points: [1, 2] } }),
      ]);
      expect(await store.listInbox('alex', 'local')).toEqual([inboxMessage('i1')]);
      expect(await store.listAudit(10)).toEqual([
        { at: at(0), actor: 'alex', action: 'reflection.shared', target: 'r1' },
      ]);
      expect(await store.hasProcessedEvent('ev1')).toBe(true);
      expect(await store.hasProcessedEvent('ev2')).toBe(false);
    });

    it('skips a commit whose event id was already processed, writing nothing (not even outbox items)', async () => {
      const store = ctx.store();
      expect(await store.commitTurn({ reflection: { state: reflection('r1') }, processedEventId: 'ev1' })).toBe(true);
      const again = await store.commitTurn({
        reflection: { state: reflection('r1', { position: 1, version: 2 }), expectedVersion: 1 },
        outbox: [outboxItem('o-dup')],
        inbox: [inboxMessage('i-dup')],
        audit: [{ at: at(1), actor: 'alex', action: 'x', target: 'r1' }],
        processedEventId: 'ev1',
      });
      expect(again).toBe(false);
      expect(await store.getOutboxItem('o-dup')).toBeUndefined();
      expect(await store.listOutbox()).toEqual([]);
      expect(await store.listInbox('alex', 'local')).toEqual([]);
      expect(await store.listAudit(10)).toEqual([]);
      expect((await store.getReflection('r1'))?.state).toMatchObject({ position: 0, version: 1 });
    });

    it('of two concurrent commits carrying the same event id exactly one is written', async () => {
      const store = ctx.store();
      const results = await Promise.all(
        ['a', 'b'].map((k) => store.commitTurn({ outbox: [outboxItem(`o-${k}`)], processedEventId: 'ev-same' })),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.listOutbox()).toHaveLength(1);
    });

    it('bumps the version, and rejects a stale expectedVersion with StoreConflictError, writing nothing', async () => {
      const store = ctx.store();
      await store.commitTurn({ reflection: { state: reflection('r1') } });
      await store.commitTurn({
        reflection: { state: reflection('r1', { version: 2, position: 1 }), expectedVersion: 1 },
      });
      const stale = store.commitTurn({
        reflection: { state: reflection('r1', { version: 2, position: 5 }), expectedVersion: 1 },
        outbox: [outboxItem('o-stale')],
        inbox: [inboxMessage('i-stale')],
        processedEventId: 'ev-stale',
      });
      await expect(stale).rejects.toBeInstanceOf(StoreConflictError);
      await expect(stale).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
      expect(await store.getOutboxItem('o-stale')).toBeUndefined();
      expect(await store.listInbox('alex', 'local')).toEqual([]);
      expect(await store.hasProcessedEvent('ev-stale')).toBe(false);
      expect((await store.getReflection('r1'))?.state).toMatchObject({ version: 2, position: 1 });
    });

    it('stores expectedVersion + 1 even when the caller forgot to bump state.version', async () => {
      const store = ctx.store();
      await store.commitTurn({ reflection: { state: reflection('r1') } });
      await store.commitTurn({ reflection: { state: reflection('r1', { position: 1 }), expectedVersion: 1 } });
      expect((await store.getReflection('r1'))?.state.version).toBe(2);
      await expect(
        store.commitTurn({ reflection: { state: reflection('r1'), expectedVersion: 1 } }),
      ).rejects.toBeInstanceOf(StoreConflictError);
    });

    it('of two concurrent turns on the same version exactly one wins', async () => {
      const store = ctx.store();
      await store.commitTurn({ reflection: { state: reflection('r1') } });
      const turns = [1, 2].map((p) =>
        store.commitTurn({
          reflection: { state: reflection('r1', { version: 2, position: p }), expectedVersion: 1 },
          outbox: [outboxItem(`o${p}`)],
        }),
      );
      const settled = await Promise.allSettled(turns);
      expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
      const rejected = settled.find((s) => s.status === 'rejected');
      expect(rejected?.status === 'rejected' && rejected.reason).toBeInstanceOf(StoreConflictError);
      expect(await store.listOutbox()).toHaveLength(1);
    });

    it('treats expectedVersion 0 as "must be new"', async () => {
      const store = ctx.store();
      await store.commitTurn({ reflection: { state: reflection('r1'), expectedVersion: 0 } });
      await expect(
        store.commitTurn({ reflection: { state: reflection('r1'), expectedVersion: 0 } }),
      ).rejects.toBeInstanceOf(StoreConflictError);
    });

    it('keeps the case reference when a later turn does not know it', async () => {
      const store = ctx.store();
      await store.commitTurn({ reflection: { state: reflection('r1'), caseRef: 'CR-9' } });
      await store.commitTurn({ reflection: { state: reflection('r1', { version: 2 }), expectedVersion: 1 } });
      expect((await store.getReflection('r1'))?.caseRef).toBe('CR-9');
    });

    it('rolls the whole commit back when a later part fails (reused outbox id)', async () => {
      const store = ctx.store();
      await store.commitTurn({ reflection: { state: reflection('r1') }, outbox: [outboxItem('o1')] });
      const failing = store.commitTurn({
        reflection: { state: reflection('r1', { version: 2, position: 1 }), expectedVersion: 1 },
        outbox: [outboxItem('o1')],
        processedEventId: 'ev-fail',
      });
      await expect(failing).rejects.toBeInstanceOf(StoreError);
      await expect(failing).rejects.toMatchObject({ code: 'STORE_DUPLICATE_ID' });
      expect((await store.getReflection('r1'))?.state.version).toBe(1);
      expect(await store.hasProcessedEvent('ev-fail')).toBe(false);
    });
  });
}
