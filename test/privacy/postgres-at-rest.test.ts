/**
 * With ENCRYPTION_KEY, the Postgres path stores no identifier either: every text column of every
 * table is read back (PGlite, always), and a pg_dump of the schema is searched (real Postgres, when
 * DATABASE_URL is set, as in CI).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { Pool } from 'pg';
import { codecFor } from '../../src/store/cipher';
import type { KyselyStore } from '../../src/store/kysely-store';
import { openPgliteStore } from '../../src/store/pglite';
import { openPostgresStore } from '../../src/store/postgres';
import { startTestApp } from '../support/app';
import { OKAFOR, reflectAndShare } from './scenario';

async function driveThrough(store: KyselyStore): Promise<void> {
  await store.migrate();
  const app = await startTestApp({}, { store });
  try {
    await reflectAndShare(app.url, OKAFOR);
  } finally {
    await app.stop();
  }
}

it('PGlite: no text column of any table holds an identifier', async () => {
  const pglite = new PGlite();
  const store = await openPgliteStore({ pglite, codec: codecFor(randomBytes(32)) });
  try {
    await driveThrough(store);
    const { rows: columns } = await pglite.query<{ table_name: string; column_name: string }>(
      `select table_name, column_name from information_schema.columns
        where table_schema = 'public' and data_type = 'text'`,
    );
    let text = '';
    for (const c of columns) {
      const { rows } = await pglite.query<{ v: string | null }>(
        `select "${c.column_name}" as v from "${c.table_name}"`,
      );
      text += rows.map((r) => r.v ?? '').join('\n');
    }
    expect(text).toContain('enc1.'); // the control: content is there, sealed
    expect(OKAFOR.secrets.filter((s) => text.includes(s))).toEqual([]);
  } finally {
    await store.close();
    await pglite.close();
  }
}, 90_000);

const url = process.env.DATABASE_URL;
if (url) {
  it('Postgres: a pg_dump of the schema holds no identifier', async () => {
    const schema = `reflect_atrest_${process.pid}_${Date.now().toString(36)}`;
    const store = await openPostgresStore(url, { schema, codec: codecFor(randomBytes(32)) });
    const admin = new Pool({ connectionString: url, max: 1 });
    try {
      await driveThrough(store);
      const dump = spawnSync('pg_dump', ['--data-only', '--schema', schema, url], { encoding: 'utf8' });
      expect(dump.status).toBe(0);
      expect(dump.stdout).toContain('enc1.');
      expect(dump.stdout).toMatch(/COPY .*reflections/);
      expect(OKAFOR.secrets.filter((s) => dump.stdout.includes(s))).toEqual([]);
    } finally {
      await store.close();
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    }
  }, 90_000);
}
