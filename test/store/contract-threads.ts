/** Supervision threads and their messages. */
import type { ContractContext } from './contract-context';
import { at, thread, threadMessage } from './fixtures';

export function threadsContract(ctx: ContractContext): void {
  describe('threads', () => {
    it('keeps one thread per (supervisor, caseRef, channel): a new id for an existing key updates that thread', async () => {
      const store = ctx.store();
      await store.commitTurn({ threadUpserts: [thread('t1')], threadMessages: [threadMessage('m1', 't1')] });
      await store.commitTurn({
        threadUpserts: [thread('t2', { reflections: 2, title: 'CR-1 (2)', updatedAt: at(5) })],
        threadMessages: [threadMessage('m2', 't2', { createdAt: at(5) })],
      });
      expect(await store.getThread('t2')).toBeUndefined();
      expect(await store.findThread('sam', 'CR-1', 'slack')).toEqual(
        thread('t1', { reflections: 2, title: 'CR-1 (2)', updatedAt: at(5) }),
      );
      // The commit's messages follow the thread they were merged into.
      expect((await store.listThreadMessages('t1')).map((m) => m.id)).toEqual(['m1', 'm2']);
      expect(await store.listThreads('sam')).toHaveLength(1);
    });

    it('the same case on another channel or for another supervisor is a different thread', async () => {
      const store = ctx.store();
      await store.commitTurn({
        threadUpserts: [
          thread('t1'),
          thread('t2', { channel: 'teams', updatedAt: at(2) }),
          thread('t3', { supervisorId: 'kim' }),
        ],
      });
      expect((await store.listThreads('sam')).map((t) => t.id)).toEqual(['t2', 't1']);
      expect((await store.listThreads('sam', 'teams')).map((t) => t.id)).toEqual(['t2']);
      expect((await store.findThread('kim', 'CR-1', 'slack'))?.id).toBe('t3');
      expect(await store.findThread('sam', 'CR-2', 'slack')).toBeUndefined();
    });

    it('upserting by id updates the title and time but not the key, creation time or derived counts', async () => {
      const store = ctx.store();
      await store.commitTurn({ threadUpserts: [thread('t1', { externalRef: 'C1:1.0' })] });
      await store.commitTurn({
        threadUpserts: [
          thread('t1', { title: 'New title', reflections: 3, openFlags: 2, updatedAt: at(9), createdAt: at(9) }),
        ],
      });
      expect(await store.getThread('t1')).toEqual(
        thread('t1', { title: 'New title', updatedAt: at(9), externalRef: 'C1:1.0' }),
      );
    });

    it('counts are derived from the messages, in the same transaction, and concurrent shares lose none', async () => {
      const store = ctx.store();
      await store.commitTurn({
        threadUpserts: [thread('t1')],
        threadMessages: [
          threadMessage('s1', 't1', { kind: 'summary', flags: 2 }),
          threadMessage('a1', 't1', { kind: 'alert', flags: 1 }),
        ],
      });
      expect(await store.getThread('t1')).toMatchObject({ reflections: 1, openFlags: 3 });
      await Promise.all(
        [2, 3, 4, 5].map((n) =>
          store.commitTurn({
            threadUpserts: [thread('t1')],
            threadMessages: [threadMessage(`s${n}`, 't1', { kind: 'summary', flags: 1 })],
          }),
        ),
      );
      expect(await store.getThread('t1')).toMatchObject({ reflections: 5, openFlags: 7 });
      const written = await store.commitTurn({
        threadMessageUpdates: [
          { id: 's1', acknowledged: true },
          { id: 'a1', onAgenda: true },
        ],
        processedEventId: 'ack-1',
      });
      expect(written).toBe(true);
      expect(await store.getThread('t1')).toMatchObject({ reflections: 5, openFlags: 5 });
      expect(await store.getThreadMessage('a1')).toMatchObject({ onAgenda: true, acknowledged: false });
      expect(
        await store.commitTurn({ threadMessageUpdates: [{ id: 's2', acknowledged: true }], processedEventId: 'ack-1' }),
      ).toBe(false);
      expect((await store.getThreadMessage('s2'))?.acknowledged).toBe(false);
      await expect(
        store.commitTurn({ threadMessageUpdates: [{ id: 'missing', acknowledged: true }] }),
      ).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' });
    });

    it('findThreadByExternalRef matches channel and reference', async () => {
      const store = ctx.store();
      await store.commitTurn({ threadUpserts: [thread('t1'), thread('t2', { channel: 'teams' })] });
      await store.updateThread('t1', { externalRef: 'C123:1712345.000100' });
      await store.updateThread('t2', { externalRef: 'C123:1712345.000100' });
      expect((await store.findThreadByExternalRef('slack', 'C123:1712345.000100'))?.id).toBe('t1');
      expect((await store.findThreadByExternalRef('teams', 'C123:1712345.000100'))?.id).toBe('t2');
      expect(await store.findThreadByExternalRef('slack', 'nope')).toBeUndefined();
    });

    it('updateThread changes only the given fields', async () => {
      const store = ctx.store();
      await store.commitTurn({ threadUpserts: [thread('t1')] });
      await store.updateThread('t1', { title: 'Renamed', updatedAt: at(3) });
      await store.updateThread('t1', {});
      expect(await store.getThread('t1')).toEqual(thread('t1', { title: 'Renamed', updatedAt: at(3) }));
      await expect(store.updateThread('missing', { title: 'x' })).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' });
    });

    it('updateThreadMessage changes flags, acknowledgement, agenda and reference', async () => {
      const store = ctx.store();
      await store.commitTurn({
        threadUpserts: [thread('t1')],
        threadMessages: [threadMessage('m1', 't1', { flags: 2, kind: 'alert' })],
      });
      await store.updateThreadMessage('m1', { acknowledged: true, flags: 0 });
      await store.updateThreadMessage('m1', { onAgenda: true, externalRef: 'C1:2.0' });
      expect(await store.getThreadMessage('m1')).toEqual(
        threadMessage('m1', 't1', {
          kind: 'alert',
          flags: 0,
          acknowledged: true,
          onAgenda: true,
          externalRef: 'C1:2.0',
        }),
      );
      await store.updateThreadMessage('m1', { acknowledged: false });
      expect((await store.getThreadMessage('m1'))?.acknowledged).toBe(false);
      expect(await store.getThreadMessage('missing')).toBeUndefined();
      await expect(store.updateThreadMessage('missing', { flags: 1 })).rejects.toMatchObject({
        code: 'STORE_NOT_FOUND',
      });
    });

    it('lists a thread’s messages oldest first', async () => {
      const store = ctx.store();
      await store.commitTurn({
        threadUpserts: [thread('t1')],
        threadMessages: [
          threadMessage('late', 't1', { createdAt: at(5), kind: 'reply', author: 'sam' }),
          threadMessage('early', 't1', { createdAt: at(1) }),
        ],
      });
      expect((await store.listThreadMessages('t1')).map((m) => m.id)).toEqual(['early', 'late']);
      expect(await store.listThreadMessages('nothing')).toEqual([]);
    });
  });
}
