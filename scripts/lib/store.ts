/** The operator commands open the store exactly as the service does: same place, same key. */
import type { Config } from '../../src/config';
import { fromRoot } from '../../src/paths';
import { openStore } from '../../src/store';
import type { KyselyStore } from '../../src/store/kysely-store';

export function openConfiguredStore(config: Config): Promise<KyselyStore> {
  return openStore({
    databaseUrl: config.env.DATABASE_URL,
    dataDir: fromRoot(config.env.DATA_DIR),
    encryptionKey: config.env.ENCRYPTION_KEY,
    onUnreadable: (r) =>
      process.stderr.write(`STORE_UNREADABLE_VALUE: ${r.column} of row ${r.rowId ?? '?'} skipped (${r.reason})\n`),
  });
}
