/**
 * npm run rotate-key [-- --skip-unreadable] — re-encrypts everything Reflect stored under a new key.
 *   ENCRYPTION_KEY      the new key (openssl rand -base64 32)
 *   ENCRYPTION_KEY_OLD  the key the data is under now; leave it unset to encrypt a database that was
 *                       written without a key
 * Same DATA_DIR / DATABASE_URL as the service. Stop the service first, then start it with the new
 * ENCRYPTION_KEY. One transaction: if anything fails, the database stays wholly under the old key.
 * Keys are read from the environment only, so they never land in shell history or process lists.
 */
import { loadConfig } from '../src/config';
import { fromRoot } from '../src/paths';
import { codecFor, parseKey } from '../src/store/cipher';
import type { KyselyStore } from '../src/store/kysely-store';
import { openPostgresStore } from '../src/store/postgres';
import { rotateKey } from '../src/store/rotate';
import { openSqliteStore } from '../src/store/sqlite';

async function main(): Promise<void> {
  const config = loadConfig();
  const next = config.env.ENCRYPTION_KEY;
  if (!next) {
    process.stderr.write(
      'ROTATE_USAGE: set ENCRYPTION_KEY to the new key (make one with: openssl rand -base64 32) and ENCRYPTION_KEY_OLD to the current one (unset if the data is not encrypted yet).\n',
    );
    process.exit(2);
  }
  const oldText = process.env.ENCRYPTION_KEY_OLD?.trim();
  const oldCodec = codecFor(oldText ? parseKey(oldText, 'ENCRYPTION_KEY_OLD') : undefined);
  const store: KyselyStore = config.env.DATABASE_URL
    ? await openPostgresStore(config.env.DATABASE_URL)
    : await openSqliteStore(fromRoot(config.env.DATA_DIR));
  try {
    await store.migrateSchema();
    const out = await rotateKey(store.db, oldCodec, codecFor(next), {
      skipUnreadable: process.argv.includes('--skip-unreadable'),
    });
    if (out.alreadyDone) {
      process.stdout.write('The database is already under the new key; nothing to do.\n');
      return;
    }
    await store.scrub(); // the old ciphertexts (or plaintext) leave the WAL too
    process.stdout.write(
      `Re-encrypted ${out.values} value(s) in ${out.rows} row(s) under key id ${codecFor(next).keyId}. Start the service with the new ENCRYPTION_KEY.\n`,
    );
    if (out.unreadable.length > 0)
      process.stdout.write(`Left unreadable and untouched: ${out.unreadable.join(', ')}\n`);
  } finally {
    await store.close();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
