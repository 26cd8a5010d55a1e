/** Encryption at rest: the codec, the key check, unreadable values, and key rotation (SQLite files). */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { codecFor, PLAIN_CODEC, parseKey, UnreadableValueError } from '../../src/store/cipher';
import type { KyselyStore } from '../../src/store/kysely-store';
import type { UnreadableReport } from '../../src/store/port';
import { rotateKey } from '../../src/store/rotate';
import { openSqliteStore, SQLITE_FILE } from '../../src/store/sqlite';
import { inboxMessage, outboxItem, reflection, thread, threadMessage, withStatus } from './fixtures';

const newKey = () => randomBytes(32).toString('base64');

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'reflect-enc-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
const freshDir = () => mkdtempSync(path.join(root, 'db-'));

async function open(dir: string, key?: string, reports: UnreadableReport[] = []): Promise<KyselyStore> {
  const store = await openSqliteStore(dir, { codec: codecFor(key), onUnreadable: (r) => reports.push(r) });
  try {
    await store.migrate();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

const fileHash = (dir: string) =>
  createHash('sha256')
    .update(readFileSync(path.join(dir, SQLITE_FILE)))
    .digest('hex');

async function seed(store: KyselyStore): Promise<void> {
  await store.commitTurn({
    reflection: { state: reflection('r1'), caseRef: 'CR-1' },
    threadUpserts: [thread('t1', { caseRef: 'CR-1', title: 'Case CR-1' })],
    threadMessages: [threadMessage('m1', 't1', { text: 'the summary' })],
    inbox: [inboxMessage('i1')],
    outbox: [outboxItem('o1')],
  });
  await store.putChannelState('k1', { text: 'asked' }, '2030-01-01T00:00:00.000Z');
}

describe('the column codec', () => {
  const codec = codecFor(newKey());

  it('round-trips with a fresh IV each time, and binds the value to its column', () => {
    const a = codec.seal('threads.title', 'Case CR-1');
    const b = codec.seal('threads.title', 'Case CR-1');
    expect(a).not.toBe(b);
    expect(a).toMatch(new RegExp(`^enc1\\.${codec.keyId}\\.[A-Za-z0-9_-]+$`));
    expect(codec.open('threads.title', a)).toBe('Case CR-1');
    expect(() => codec.open('thread_messages.text', a)).toThrow(UnreadableValueError);
  });

  it('reports a tampered value, one under another key, and an unencrypted one', () => {
    const sealed = codec.seal('inbox.reply_json', '{"text":"x"}');
    const flipped = `${sealed.slice(0, -2)}${sealed.at(-2) === 'A' ? 'B' : 'A'}${sealed.at(-1)}`;
    expect(() => codec.open('inbox.reply_json', flipped)).toThrow(/corrupt/);
    const other = codecFor(newKey());
    expect(() => other.open('inbox.reply_json', sealed)).toThrow(new RegExp(`under key id ${codec.keyId}`));
    expect(() => codec.open('inbox.reply_json', '{"text":"x"}')).toThrow(/not encrypted/);
    expect(() => PLAIN_CODEC.open('inbox.reply_json', sealed)).toThrow(/no key is configured/);
  });

  it('gives a deterministic blind index that depends on the key and hides the value', () => {
    expect(codec.lookup('CR-1')).toBe(codec.lookup('CR-1'));
    expect(codec.lookup('CR-1')).not.toBe(codec.lookup('CR-2'));
    expect(codec.lookup('CR-1')).not.toBe(codecFor(newKey()).lookup('CR-1'));
    expect(codec.lookup('CR-1')).not.toContain('CR-1');
    expect(PLAIN_CODEC.lookup('CR-1')).toBe('CR-1');
  });

  it('rejects a key that is not 32 bytes of base64, naming the variable and how to make one', () => {
    expect(() => parseKey('abc')).toThrow(/ENCRYPTION_KEY must be 32 random bytes.*openssl rand -base64 32/);
    expect(() => parseKey(randomBytes(31).toString('base64'), 'ENCRYPTION_KEY_OLD')).toThrow(/ENCRYPTION_KEY_OLD/);
  });
});

describe('the key check', () => {
  it('a wrong key fails at start and changes nothing; no key fails too; the right key reads everything', async () => {
    const dir = freshDir();
    const key = newKey();
    const first = await open(dir, key);
    await seed(first);
    await first.close();
    const before = fileHash(dir);
    await expect(open(dir, newKey())).rejects.toMatchObject({ code: 'STORE_KEY_MISMATCH' });
    await expect(open(dir, newKey())).rejects.toThrow(
      /not the key this database was encrypted with.*nothing was changed/,
    );
    await expect(open(dir)).rejects.toMatchObject({ code: 'STORE_KEY_REQUIRED' });
    expect(fileHash(dir)).toBe(before);
    const again = await open(dir, key);
    try {
      expect((await again.getReflection('r1'))?.caseRef).toBe('CR-1');
      expect((await again.findThread('sam', 'CR-1', 'slack'))?.title).toBe('Case CR-1');
      expect(await again.getChannelState('k1')).toEqual({ text: 'asked' });
    } finally {
      await again.close();
    }
  });

  it('a key on a database written without one is refused until rotate-key encrypts it', async () => {
    const dir = freshDir();
    const plain = await open(dir);
    await seed(plain);
    await plain.close();
    await expect(open(dir, newKey())).rejects.toThrow(/STORE_UNENCRYPTED_DATA.*npm run rotate-key/);
  });
});

describe('unreadable values', () => {
  it('are reported with the row id and skipped; the rest keeps working and nothing is overwritten', async () => {
    const reports: UnreadableReport[] = [];
    const store = await open(freshDir(), newKey(), reports);
    try {
      await seed(store);
      // One open reflection per practitioner (0002): r1 is the open one, r2 a shared one.
      await store.commitTurn({ reflection: { state: withStatus('r2', 'shared', 5), caseRef: 'CR-2' } });
      await store.commitTurn({ outbox: [outboxItem('o2')] });
      // r1 corrupted in place; o2 re-encrypted under a different key.
      await sql`update reflections set state_json = replace(state_json, substr(state_json, 20, 4), 'AAAA') where id = 'r1'`.execute(
        store.db,
      );
      const foreign = codecFor(newKey()).seal('outbox.payload_json', '{"threadId":"t1"}');
      await sql`update outbox set payload_json = ${foreign} where id = 'o2'`.execute(store.db);
      const stored = await sql<{ state_json: string }>`select state_json from reflections where id = 'r1'`.execute(
        store.db,
      );

      expect(await store.getReflection('r1')).toBeUndefined();
      expect((await store.listReflections('alex', 10)).map((r) => r.state.id)).toEqual(['r2']);
      expect(await store.getOpenReflection('alex')).toBeUndefined(); // r1, unreadable, is skipped
      const claimed = await store.claimOutbox('2999-01-01T00:00:00.000Z', '2999-01-01T00:01:00.000Z', 10);
      expect(claimed.map((i) => i.id)).toEqual(['o1']);
      expect(reports).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ column: 'reflections.state_json', rowId: 'r1' }),
          expect.objectContaining({ column: 'outbox.payload_json', rowId: 'o2' }),
        ]),
      );
      // Set aside, not lost: the unreadable item is dead with its payload as it was.
      const row = await sql<{ status: string; payload_json: string; last_error: string }>`
        select status, payload_json, last_error from outbox where id = 'o2'`.execute(store.db);
      expect(row.rows[0]).toEqual({ status: 'dead', payload_json: foreign, last_error: 'STORE_UNREADABLE_VALUE' });
      const after = await sql<{ state_json: string }>`select state_json from reflections where id = 'r1'`.execute(
        store.db,
      );
      expect(after.rows[0]?.state_json).toBe(stored.rows[0]?.state_json);
      // A new write for the practitioner goes ahead.
      await store.commitTurn({ reflection: { state: withStatus('r3', 'shared', 6), caseRef: 'CR-3' } });
      expect((await store.getReflection('r3'))?.caseRef).toBe('CR-3');
    } finally {
      await store.close();
    }
  });
});

describe('key rotation', () => {
  it('encrypts an unencrypted database, then moves it to a new key; blind indexes follow', async () => {
    const dir = freshDir();
    const plain = await open(dir);
    await seed(plain);
    const keyA = newKey();
    const first = await rotateKey(plain.db, PLAIN_CODEC, codecFor(keyA));
    expect(first).toMatchObject({ rows: 6, alreadyDone: false, unreadable: [] });
    await plain.close();

    const underA = await open(dir, keyA);
    expect((await underA.findThread('sam', 'CR-1', 'slack'))?.title).toBe('Case CR-1');
    const keyB = newKey();
    // The wrong old key: refused, nothing changed.
    await expect(rotateKey(underA.db, codecFor(newKey()), codecFor(keyB))).rejects.toMatchObject({
      code: 'STORE_KEY_MISMATCH',
    });
    expect((await rotateKey(underA.db, codecFor(keyA), codecFor(keyB))).values).toBeGreaterThanOrEqual(8);
    expect((await rotateKey(underA.db, codecFor(keyA), codecFor(keyB))).alreadyDone).toBe(true);
    await underA.close();

    await expect(open(dir, keyA)).rejects.toMatchObject({ code: 'STORE_KEY_MISMATCH' });
    const underB = await open(dir, keyB);
    try {
      expect((await underB.getReflection('r1'))?.state.answers.q1?.note).toBe('a note in my own words');
      expect((await underB.findThread('sam', 'CR-1', 'slack'))?.caseRef).toBe('CR-1');
      expect((await underB.listThreadMessages('t1')).map((m) => m.text)).toEqual(['the summary']);
      expect((await underB.listInbox('alex', 'local')).map((m) => m.id)).toEqual(['i1']);
      expect((await underB.listOutbox()).map((i) => i.payload)).toEqual([{ threadId: 't1', n: 1 }]);
      expect(await underB.getChannelState('k1')).toEqual({ text: 'asked' });
      expect((await underB.eraseCase(['CR-1'])).reflections).toBe(1);
    } finally {
      await underB.close();
    }
  });

  it('stops, changing nothing, when the old key cannot read a value (unless told to skip it)', async () => {
    const dir = freshDir();
    const keyA = newKey();
    const store = await open(dir, keyA);
    try {
      await seed(store);
      const foreign = codecFor(newKey()).seal('inbox.reply_json', '{}');
      await sql`update inbox set reply_json = ${foreign} where id = 'i1'`.execute(store.db);
      const keyB = newKey();
      await expect(rotateKey(store.db, codecFor(keyA), codecFor(keyB))).rejects.toThrow(
        /STORE_ROTATE_UNREADABLE: 1 value\(s\).*inbox\.reply_json:i1.*nothing was changed/,
      );
      expect((await store.getReflection('r1'))?.caseRef).toBe('CR-1'); // still under A
      const out = await rotateKey(store.db, codecFor(keyA), codecFor(keyB), { skipUnreadable: true });
      expect(out.unreadable).toEqual(['inbox.reply_json:i1']);
    } finally {
      await store.close();
    }
  });
});

describe('case lookups', () => {
  it('find a case through the blind index, never the plain reference', async () => {
    const store = await open(freshDir(), newKey());
    try {
      await store.commitTurn({ reflection: { state: withStatus('r1', 'shared', 1), caseRef: 'CR-1' } });
      await store.commitTurn({ reflection: { state: withStatus('r2', 'shared', 2, 'kim'), caseRef: 'CR-1' } });
      await store.commitTurn({ reflection: { state: withStatus('r3', 'shared', 3), caseRef: 'CR-2' } });
      expect((await store.listCaseReflections('CR-1', 10)).map((r) => r.state.id).sort()).toEqual(['r1', 'r2']);
      const { rows } = await sql<{ case_ref: string }>`select case_ref from reflections`.execute(store.db);
      expect(rows.every((r) => r.case_ref.startsWith('bi1.') && !r.case_ref.includes('CR-'))).toBe(true);
    } finally {
      await store.close();
    }
  });
});
