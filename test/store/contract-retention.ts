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
      expect(await store.eraseCase(['CR-ERASE'])).toMatchObject({ reflections: 2, threads: 1, threadMessages: 2 });
      expect(await store.getReflection('r-gone')).toBeUndefined();
      expect(await store.getReflection('r-open')).toBeUndefined();
      expect(await store.getThread('t-gone')).toBeUndefined();
      expect(await store.getThreadMessage('reply-gone')).toBeUndefined();
      expect(await store.getReflection('r-kept')).toBeDefined();
      expect((await store.listThreadMessages('t-kept')).map((m) => m.id)).toEqual(['m-kept']);
      expect(await store.listAudit(10)).toHaveLength(1); // the audit trail (no content) stays
      expect(await store.eraseCase(['CR-ERASE'])).toMatchObject({ reflections: 0, threads: 0, threadMessages: 0 });
    });

    it('eraseCase reaches every copy: inbox, outbox, channel state and de-duplication rows, by raw and redacted form', async () => {
      const store = ctx.store();
      // The reflection's own turn: its inbox reply, outbox item and event id are tagged with it.
      await store.commitTurn({
        reflection: { state: withStatus('r-gone', 'shared', 1), caseRef: 'CR 12 Okafor' },
        threadUpserts: [thread('t-gone', { caseRef: 'CR 12 [PERSON_1]' })],
        threadMessages: [threadMessage('m-gone', 't-gone', { reflectionId: 'r-gone' })],
        inbox: [inboxMessage('i-turn', { reply: { kind: 'info', text: 'Noted.' } })],
        outbox: [outboxItem('o-turn', { payload: { threadId: 't-gone', messageId: 'm-gone' } })],
        processedEventId: 'ev-turn',
      });
      // A supervisor's reply relayed later (no reflection in that commit): found by thread and by content.
      await store.commitTurn({
        threadMessages: [threadMessage('reply-gone', 't-gone', { kind: 'reply', author: 'sam' })],
        inbox: [inboxMessage('i-relay', { reply: { kind: 'info', text: 'Sam replied on CR 12 Okafor: call her' } })],
        processedEventId: 'ev-reply',
      });
      await store.putChannelState('slack:asked:alex', { reflectionId: 'r-gone', text: 'q' }, at(1));
      await store.putChannelState('teams:outbox:o-turn', { ts: '1' }, at(1));
      // Another case whose reference contains this one's as a prefix: untouched.
      await store.commitTurn({
        reflection: { state: withStatus('r-kept', 'shared', 2), caseRef: 'CR 12 Okaforth' },
        inbox: [inboxMessage('i-kept', { reply: { kind: 'info', text: 'About CR 12 Okaforth' } })],
        processedEventId: 'ev-kept',
      });
      await store.putChannelState('slack:asked:kim', { reflectionId: 'r-kept' }, at(1));

      const out = await store.eraseCase(['CR 12 Okafor', 'CR 12 [PERSON_1]']);
      expect(out).toEqual({
        reflections: 1,
        threads: 1,
        threadMessages: 2,
        inbox: 2,
        outbox: 1,
        channelState: 2,
        processedEvents: 2,
        unreadable: [],
      });
      expect((await store.listInbox('alex', 'local')).map((m) => m.id)).toEqual(['i-kept']);
      expect(await store.listOutbox()).toEqual([]);
      expect(await store.getChannelState('slack:asked:alex')).toBeUndefined();
      expect(await store.getChannelState('teams:outbox:o-turn')).toBeUndefined();
      expect(await store.getChannelState('slack:asked:kim')).toEqual({ reflectionId: 'r-kept' });
      expect(await store.hasProcessedEvent('ev-turn')).toBe(false);
      expect(await store.hasProcessedEvent('ev-reply')).toBe(false);
      expect(await store.hasProcessedEvent('ev-kept')).toBe(true);
      expect((await store.getReflection('r-kept'))?.caseRef).toBe('CR 12 Okaforth');
    });

    it('purgeExpired removes old channel state but keeps conversation references', async () => {
      const store = ctx.store();
      await store.putChannelState('slack:asked:alex', { text: 'old question' }, at(1));
      await store.putChannelState('teams:ref:user:abc', { conversationId: 'c' }, at(1));
      await store.putChannelState('slack:asked:kim', { text: 'new question' }, at(100));
      await store.purgeExpired(at(50));
      expect(await store.getChannelState('slack:asked:alex')).toBeUndefined();
      expect(await store.getChannelState('teams:ref:user:abc')).toEqual({ conversationId: 'c' });
      expect(await store.getChannelState('slack:asked:kim')).toEqual({ text: 'new question' });
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
