/** Reflection queries, inbox paging, channel state and the audit trail. */
import type { ContractContext } from './contract-context';
import { at, inboxMessage, withStatus } from './fixtures';
import { StoreConflictError } from '../../src/store/port';

export function readsContract(ctx: ContractContext): void {
  describe('reflections', () => {
    it('getOpenReflection returns the open (active/paused/preview) one and ignores shared, cancelled and private', async () => {
      const store = ctx.store();
      const states = [
        withStatus('shared', 'shared', 10),
        withStatus('cancelled', 'cancelled', 11),
        withStatus('private', 'private', 12),
        withStatus('paused', 'paused', 2),
        withStatus('someone-else', 'active', 20, 'bo'),
      ];
      for (const state of states) await store.commitTurn({ reflection: { state } });
      expect((await store.getOpenReflection('alex'))?.state.id).toBe('paused');
      await store.commitTurn({ reflection: { state: withStatus('paused', 'cancelled', 3) } });
      await store.commitTurn({ reflection: { state: withStatus('preview', 'preview', 3) } });
      expect((await store.getOpenReflection('alex'))?.state.id).toBe('preview');
      expect((await store.getOpenReflection('alex'))?.status).toBe('preview');
      expect(await store.getOpenReflection('nobody')).toBeUndefined();
    });

    it('refuses a second open reflection for one practitioner (StoreConflictError), writing nothing of that commit', async () => {
      const store = ctx.store();
      await store.commitTurn({ reflection: { state: withStatus('first', 'active', 1) } });
      for (const status of ['active', 'paused', 'preview'] as const)
        await expect(
          store.commitTurn({
            reflection: { state: withStatus(`second-${status}`, status, 2) },
            audit: [{ at: at(2), actor: 'alex', action: 'test', target: 'second' }],
          }),
        ).rejects.toBeInstanceOf(StoreConflictError);
      expect(await store.listAudit(10)).toEqual([]);
      expect((await store.getOpenReflection('alex'))?.state.id).toBe('first');
    });

    it('listReflections returns the practitioner’s reflections newest first, up to the limit; countReflections counts all', async () => {
      const store = ctx.store();
      for (const [id, minute] of [
        ['a', 5],
        ['b', 1],
        ['c', 9],
        ['d', 3],
      ] as const) {
        await store.commitTurn({ reflection: { state: withStatus(id, 'shared', minute) } });
      }
      await store.commitTurn({ reflection: { state: withStatus('other', 'shared', 7, 'bo') } });
      expect((await store.listReflections('alex', 10)).map((r) => r.state.id)).toEqual(['c', 'a', 'd', 'b']);
      expect((await store.listReflections('alex', 2)).map((r) => r.state.id)).toEqual(['c', 'a']);
      expect(await store.countReflections()).toBe(5);
      expect(await store.getReflection('missing')).toBeUndefined();
    });

    it('listIdleReflections returns open reflections last changed before the cut-off, oldest first, for everyone', async () => {
      const store = ctx.store();
      for (const [id, status, minute, who] of [
        ['p1', 'paused', 5, 'alex'],
        ['a1', 'active', 2, 'bo'],
        ['v1', 'preview', 8, 'cam'],
        ['s1', 'shared', 1, 'alex'],
        ['new', 'paused', 30, 'dee'],
      ] as const) {
        await store.commitTurn({ reflection: { state: withStatus(id, status, minute, who) } });
      }
      expect((await store.listIdleReflections(at(10), 10)).map((r) => r.state.id)).toEqual(['a1', 'p1', 'v1']);
      expect((await store.listIdleReflections(at(10), 1)).map((r) => r.state.id)).toEqual(['a1']);
      expect(await store.listIdleReflections(at(0), 10)).toEqual([]);
    });
  });

  describe('inbox', () => {
    it('pages with afterId: only later messages, in commit order, for that user and channel', async () => {
      const store = ctx.store();
      await store.commitTurn({ inbox: [inboxMessage('z1'), inboxMessage('a2')] });
      await store.commitTurn({
        inbox: [
          inboxMessage('m3'),
          inboxMessage('x-other', { userId: 'bo' }),
          inboxMessage('x-slack', { channel: 'slack' }),
        ],
      });
      await store.commitTurn({ inbox: [inboxMessage('b4')] });
      const ids = async (afterId?: string) => (await store.listInbox('alex', 'local', afterId)).map((m) => m.id);
      expect(await ids()).toEqual(['z1', 'a2', 'm3', 'b4']);
      expect(await ids('z1')).toEqual(['a2', 'm3', 'b4']);
      expect(await ids('m3')).toEqual(['b4']);
      expect(await ids('b4')).toEqual([]);
      expect(await ids('never-seen')).toEqual(['z1', 'a2', 'm3', 'b4']);
      expect((await store.listInbox('alex', 'local', 'm3'))[0]).toEqual(inboxMessage('b4'));
    });
  });

  describe('channel state', () => {
    it('round-trips JSON values and overwrites by key', async () => {
      const store = ctx.store();
      expect(await store.getChannelState('teams:ref:alex')).toBeUndefined();
      await store.putChannelState('teams:ref:alex', { conversation: { id: 'c1' }, n: 1 }, at(0));
      expect(await store.getChannelState('teams:ref:alex')).toEqual({ conversation: { id: 'c1' }, n: 1 });
      await store.putChannelState('teams:ref:alex', ['replaced'], at(1));
      expect(await store.getChannelState('teams:ref:alex')).toEqual(['replaced']);
      await store.putChannelState('flag', false, at(1));
      expect(await store.getChannelState('flag')).toBe(false);
    });
  });

  describe('audit', () => {
    it('keeps only at/actor/action/target, newest first', async () => {
      const store = ctx.store();
      await store.audit({ at: at(1), actor: 'alex', action: 'reflection.started', target: 'r1' });
      // Extra properties smuggled in at run time must not be stored.
      const smuggled = { at: at(2), actor: 'alex', action: 'reflection.shared', target: 'r1', note: 'CONTENT' };
      await store.commitTurn({ audit: [smuggled] });
      await store.audit({ ...smuggled, at: at(3), action: 'thread.acknowledged' });
      const entries = await store.listAudit(10);
      expect(entries.map((e) => e.action)).toEqual(['thread.acknowledged', 'reflection.shared', 'reflection.started']);
      for (const e of entries) expect(Object.keys(e).sort()).toEqual(['action', 'actor', 'at', 'target']);
      expect(JSON.stringify(entries)).not.toContain('CONTENT');
      expect(await store.listAudit(1)).toHaveLength(1);
    });
  });
}
