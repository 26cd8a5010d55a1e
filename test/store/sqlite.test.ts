import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { codecFor } from '../../src/store/cipher';
import { openStore } from '../../src/store';
import type { KyselyStore } from '../../src/store/kysely-store';
import { openSqliteStore } from '../../src/store/sqlite';
import { runStoreContract } from './contract';
import { expectDisjointClaims } from './contract-outbox';
import { reflection } from './fixtures';

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'reflect-sqlite-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const freshDir = () => mkdtempSync(path.join(root, 'db-'));

runStoreContract(
  'sqlite',
  () => openSqliteStore(freshDir()),
  (store) => store.close(),
);

// The same behaviour with every content column encrypted.
runStoreContract(
  'sqlite, encrypted',
  () => openSqliteStore(freshDir(), { codec: codecFor(randomBytes(32)) }),
  (store) => store.close(),
);

async function pragma(store: KyselyStore, name: string): Promise<unknown> {
  const { rows } = await sql<Record<string, unknown>>`select * from ${sql.raw(`pragma_${name}`)}`.execute(store.db);
  return Object.values(rows[0] ?? {})[0];
}

describe('sqlite adapter', () => {
  it('runs in WAL mode with synchronous = FULL, foreign keys on and a busy timeout', async () => {
    const store = await openSqliteStore(freshDir());
    try {
      expect(await pragma(store, 'journal_mode')).toBe('wal');
      expect(await pragma(store, 'synchronous')).toBe(2);
      expect(await pragma(store, 'foreign_keys')).toBe(1);
      expect(await pragma(store, 'busy_timeout')).toBe(5000);
    } finally {
      await store.close();
    }
  });

  it('keeps data across close and reopen of reflect.sqlite', async () => {
    const dir = path.join(freshDir(), 'nested', 'data');
    const first = await openStore({ dataDir: dir });
    expect(first.kind).toBe('sqlite');
    await first.commitTurn({ reflection: { state: reflection('r1'), caseRef: 'CR-1' }, processedEventId: 'ev1' });
    await first.close();
    const second = await openStore({ dataDir: dir });
    try {
      expect((await second.getReflection('r1'))?.caseRef).toBe('CR-1');
      expect(await second.hasProcessedEvent('ev1')).toBe(true);
    } finally {
      await second.close();
    }
  });

  it("supports ':memory:'", async () => {
    const store = await openSqliteStore(':memory:');
    await store.migrate();
    await store.commitTurn({ reflection: { state: reflection('r1') } });
    expect(await store.countReflections()).toBe(1);
    await store.close();
  });

  it('two connections to one file never claim the same outbox item', async () => {
    const dir = freshDir();
    const a = await openStore({ dataDir: dir });
    const b = await openStore({ dataDir: dir });
    try {
      await expectDisjointClaims(a, [a, b, a, b]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('explains an unusable data directory', async () => {
    const file = path.join(freshDir(), 'not-a-dir');
    writeFileSync(file, 'x');
    await expect(openSqliteStore(path.join(file, 'data'))).rejects.toMatchObject({ code: 'STORE_DATA_DIR' });
  });
});
