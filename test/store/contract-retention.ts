/** Retention, migrations, and the shape of the audit table. */
import { KyselyStore } from '../../src/store/kysely-store';
import type { ContractContext } from './contract-context';
import { at, inboxMessage, outboxItem, thread, threadMessage, withStatus } from './fixtures';

export function retentionContract(ctx: ContractContext): void {
  describe('retention', () => {
    it('eraseCase removes one case everywhere (reflections, threads, their messages) and nothing else', async () => {
      const store = ctx.store();
      await store.commitTurn({
        threadUpserts: [thread('t-gone', { caseRef: 'CR-ERASE' }), thread('t-kept', { caseRef: 'CR-KEEP' })],
        threadMessages: [
          threadMessage('m-gone', 't-gone', { reflectionId: 'r-gone' }),
          threadMessage('reply-gone', 't-gone', { kind: 'reply', author: 'sam' }),
          threadMessage('m-kept', 't-kept', { reflectionId: 'r-kept' }),
        ],
        audit: [{ at: at(1), actor: 'alex', action: 'reflection.shared', target: 'r-gone' }],
      });
      await store.commitTurn({ reflection: { state: withStatus('r-gone', 'shared', 1), caseRef: 'CR-ERASE' } });
      await store.commitTurn({ reflection: { state: withStatus('r-open', 'paused', 2), caseRef: 'CR-ERASE' } });
      await store.commitTurn({ reflection: { state: withStatus('r-kept', 'shared', 3), caseRef: 'CR-KEEP' } });
      expect(await store.eraseCase('CR-ERASE')).toEqual({ reflections: 2, threads: 1, threadMessages: 2 });
      expect(await store.getReflection('r-gone')).toBeUndefined();
      expect(await store.getReflection('r-open')).toBeUndefined();
      expect(await store.getThread('t-gone')).toBeUndefined();
      expect(await store.getThreadMessage('reply-gone')).toBeUndefined();
      expect(await store.getReflection('r-kept')).toBeDefined();
      expect((await store.listThreadMessages('t-kept')).map((m) => m.id)).toEqual(['m-kept']);
      expect(await store.listAudit(10)).toHaveLength(1); // the audit trail (no content) stays
      expect(await store.eraseCase('CR-ERASE')).toEqual({ reflections: 0, threads: 0, threadMessages: 0 });
    });

    it('purgeExpired removes old reflections of every status with their thread messages and inbox, and keeps recent ones', async () => {
      const store = ctx.store();
      await store.commitTurn({
        threadUpserts: [thread('t-old', { caseRef: 'CR-OLD' }), thread('t-live', { updatedAt: at(100) })],
        threadMessages: [
          threadMessage('m-old', 't-old', { reflectionId: 'r-old', createdAt: at(1) }),
          threadMessage('m-old-in-live', 't-live', { reflectionId: 'r-active-old', createdAt: at(1) }),
          threadMessage('m-new', 't-live', { reflectionId: 'r-new', createdAt: at(100) }),
          threadMessage('reply-old', 't-live', { kind: 'reply', author: 'sam', createdAt: at(2) }),
          threadMessage('reply-new', 't-live', { kind: 'reply', author: 'sam', createdAt: at(101) }),
        ],
        inbox: [inboxMessage('i-old', { createdAt: at(1) }), inboxMessage('i-new', { createdAt: at(100) })],
        outbox: [
          outboxItem('delivered-old'),
          outboxItem('delivered-new'),
          outboxItem('dead-old', { status: 'dead', createdAt: at(1) }),
          outboxItem('pending-old', { createdAt: at(1) }),
        ],
        audit: [{ at: at(1), actor: 'alex', action: 'reflection.shared', target: 'r-old' }],
      });
      for (const state of [
        withStatus('r-old', 'shared', 1),
        withStatus('r-active-old', 'active', 2),
        withStatus('r-new', 'private', 100),
      ]) {
        await store.commitTurn({ reflection: { state } });
      }
      await store.markDelivered('delivered-old', at(1));
      await store.markDelivered('delivered-new', at(100));

      expect(await store.purgeExpired(at(50))).toBe(2);

      expect(await store.getReflection('r-old')).toBeUndefined();
      expect(await store.getReflection('r-active-old')).toBeUndefined();
      expect(await store.getReflection('r-new')).toBeDefined();
      expect(await store.getThread('t-old')).toBeUndefined();
      expect((await store.listThreadMessages('t-live')).map((m) => m.id)).toEqual(['m-new', 'reply-new']);
      expect((await store.listInbox('alex', 'local')).map((m) => m.id)).toEqual(['i-new']);
      expect((await store.listOutbox()).map((i) => i.id).sort()).toEqual(['delivered-new', 'pending-old']);
      expect(await store.listAudit(10)).toHaveLength(1);
      expect(await store.purgeExpired(at(50))).toBe(0);
    });

    it('purgeExpired forgets processed event ids older than the cut-off', async () => {
      const store = ctx.store();
      await store.commitTurn({ processedEventId: 'ev1' });
      await store.purgeExpired('2000-01-01T00:00:00.000Z');
      expect(await store.hasProcessedEvent('ev1')).toBe(true);
      // Event ids are stamped with the wall clock, which is well before the fixtures' year 2030.
      await store.purgeExpired(at(0));
      expect(await store.hasProcessedEvent('ev1')).toBe(false);
    });
  });

  describe('schema', () => {
    it('migrations are idempotent', async () => {
      const store = ctx.store();
      await store.commitTurn({ reflection: { state: withStatus('r1', 'active', 1) } });
      await store.migrate();
      await store.migrate();
      expect(await store.countReflections()).toBe(1);
    });

    it('the audit table has no column that could hold content', async () => {
      const store = ctx.store();
      if (!(store instanceof KyselyStore)) throw new Error('TEST_NOT_KYSELY: this check introspects a KyselyStore.');
      expect(await store.columnsOf('audit')).toEqual(['seq', 'at', 'actor', 'action', 'target']);
    });
  });
}
