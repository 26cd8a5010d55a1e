/** Picks and prepares the store: Postgres when DATABASE_URL is set, otherwise SQLite under DATA_DIR. */
import { codecFor } from './cipher';
import type { UnreadableReport } from './port';
import type { KyselyStore } from './kysely-store';
import { openPostgresStore } from './postgres';
import { openSqliteStore } from './sqlite';

export interface OpenStoreOptions {
  databaseUrl?: string;
  dataDir: string;
  /** ENCRYPTION_KEY (base64 of 32 bytes); unset stores content unencrypted. See cipher.ts. */
  encryptionKey?: string;
  /** Told about each unreadable stored value (ids only); the row is skipped. */
  onUnreadable?: (report: UnreadableReport) => void;
}

/**
 * Opens, checks the key and migrates. On a wrong key or a migration failure the connection is closed
 * before the error propagates.
 */
export async function openStore(options: OpenStoreOptions): Promise<KyselyStore> {
  const crypto = { codec: codecFor(options.encryptionKey), onUnreadable: options.onUnreadable };
  const store = options.databaseUrl
    ? await openPostgresStore(options.databaseUrl, crypto)
    : await openSqliteStore(options.dataDir, crypto);
  try {
    await store.migrate();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}
