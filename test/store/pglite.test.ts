/**
 * The Postgres SQL path on PGlite (Postgres in WebAssembly, in-process). Starting PGlite takes seconds,
 * so one instance serves the whole file and every test works in a fresh schema of its own.
 */
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { codecFor } from '../../src/store/cipher';
import { openPgliteStore } from '../../src/store/pglite';
import { runStoreContract } from './contract';
import { reflection } from './fixtures';

let pglite: PGlite;
beforeAll(async () => {
  pglite = new PGlite();
  await pglite.waitReady;
}, 60_000);
afterAll(() => pglite.close());

let n = 0;
let schema = '';
runStoreContract(
  'pglite',
  () => {
    schema = `contract_${++n}`;
    return openPgliteStore({ pglite, schema });
  },
  async (store) => {
    await store.close();
    await pglite.exec(`drop schema ${schema} cascade`);
  },
);

runStoreContract(
  'pglite, encrypted',
  () => {
    schema = `contract_${++n}`;
    return openPgliteStore({ pglite, schema, codec: codecFor(randomBytes(32)) });
  },
  async (store) => {
    await store.close();
    await pglite.exec(`drop schema ${schema} cascade`);
  },
);

describe('pglite adapter', () => {
  it('opens, migrates and closes an instance of its own', async () => {
    const store = await openPgliteStore();
    expect(store.kind).toBe('pglite');
    await store.migrate();
    await store.commitTurn({ reflection: { state: reflection('r1') } });
    expect(await store.countReflections()).toBe(1);
    await store.close();
  }, 60_000);

  it('rejects a schema name that is not a plain identifier', async () => {
    await expect(openPgliteStore({ pglite, schema: 'x; drop table y' })).rejects.toMatchObject({
      code: 'STORE_BAD_SCHEMA',
    });
  });
});
