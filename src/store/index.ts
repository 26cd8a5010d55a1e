/** Picks and prepares the store: Postgres when DATABASE_URL is set, otherwise SQLite under DATA_DIR. */
import type { Store } from './port';
import { openPostgresStore } from './postgres';
import { openSqliteStore } from './sqlite';

export interface OpenStoreOptions {
  databaseUrl?: string;
  dataDir: string;
}

/** Opens and migrates. On a migration failure the connection is closed before the error propagates. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const store = options.databaseUrl
    ? await openPostgresStore(options.databaseUrl)
    : await openSqliteStore(options.dataDir);
  try {
    await store.migrate();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}
