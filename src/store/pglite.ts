/**
 * PGlite adapter: Postgres compiled to WebAssembly, in memory, in-process. It runs the exact Postgres
 * SQL path with nothing to install, which makes it the quick way to exercise that path in tests.
 */
import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { checkSchemaName } from './errors';
import { KyselyStore, type KyselyStoreOptions } from './kysely-store';
import type { Database } from './schema';

export interface PgliteStoreOptions extends Pick<KyselyStoreOptions, 'codec' | 'onUnreadable'> {
  /**
   * Borrow an existing instance instead of starting one (start-up takes seconds). A borrowed instance is
   * left open on close(). PGlite has a single session, so use one store per instance at a time.
   */
  pglite?: PGlite;
  /** Work in this schema (created if missing), so several stores can share one instance one after another. */
  schema?: string;
}

export async function openPgliteStore(options: PgliteStoreOptions = {}): Promise<KyselyStore> {
  const { pglite, schema, codec, onUnreadable } = options;
  checkSchemaName(schema);
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite ?? new PGlite()) });
  if (schema !== undefined) {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    // Session-wide, and PGlite has exactly one session: every later query of this store runs here.
    await sql`set search_path to ${sql.id(schema)}`.execute(db);
  }
  // Destroying the Kysely instance would close the PGlite instance, which is not ours to close when borrowed.
  const close = pglite === undefined ? () => db.destroy() : () => Promise.resolve();
  return new KyselyStore({ kind: 'pglite', db, close, migrationSchema: schema ?? 'public', codec, onUnreadable });
}
