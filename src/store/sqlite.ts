/** SQLite adapter: one better-sqlite3 connection in WAL mode, for single-instance deployments and development. */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely';
import { errorMessage, StoreError } from './errors';
import { KyselyStore, type KyselyStoreOptions } from './kysely-store';
import type { Database as Tables } from './schema';

export const SQLITE_FILE = 'reflect.sqlite';

/**
 * Opens (creating if needed) `${dataDir}/reflect.sqlite`, or a private in-memory database for ':memory:'.
 * Does not migrate; call `migrate()` (openStore does). Open one store per file per process: better-sqlite3
 * is synchronous, so a second connection waiting on the first one's open transaction would block the
 * very thread that has to finish it.
 */
export async function openSqliteStore(
  dataDir: string,
  options: Pick<KyselyStoreOptions, 'codec' | 'onUnreadable'> = {},
): Promise<KyselyStore> {
  const file = dataDir === ':memory:' ? ':memory:' : join(prepareDir(dataDir), SQLITE_FILE);
  if (file !== ':memory:') ownerOnly(file);
  const database = openFile(file);
  // WAL lets readers proceed during a write; FULL makes each commit durable across power loss, which
  // matters because a commit is the promise that an answer and its delivery were saved.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  // Another process (a CLI, a backup) may hold the write lock briefly; wait rather than fail.
  database.pragma('busy_timeout = 5000');
  // Deleted content is overwritten with zeros, in the file and its free pages: erased means gone.
  database.pragma('secure_delete = ON');
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  return new KyselyStore({ kind: 'sqlite', db, ...options });
}

/**
 * The database and its WAL and shared-memory files are readable by the service's user only (600),
 * with or without ENCRYPTION_KEY. SQLite gives the -wal and -shm files the database file's mode, so
 * the file is created with mode 600 before SQLite opens it; existing files are tightened too.
 */
function ownerOnly(file: string): void {
  try {
    if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
    for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
  } catch (err) {
    throw new StoreError(
      'STORE_DATA_DIR',
      `cannot make ${file} private to this user (${errorMessage(err)}); run Reflect as the owner of DATA_DIR.`,
      { cause: err },
    );
  }
}

/**
 * Kysely's SQLite driver prepares every query afresh; the store runs the same few dozen statements
 * on every turn, so caching them saves a parse and plan each time (about 8% of a turn's CPU).
 * better-sqlite3 statements are reusable, and the driver never iterates two at once.
 */
export function withStatementCache(database: Database.Database, limit = 256): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (!statement) {
        statement = database.prepare(sql);
        if (cache.size >= limit) cache.delete(cache.keys().next().value ?? '');
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}

function prepareDir(dataDir: string): string {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    restrictDir(dataDir);
    return dataDir;
  } catch (err) {
    throw new StoreError(
      'STORE_DATA_DIR',
      `cannot create the data directory ${dataDir} (${errorMessage(err)}); set DATA_DIR to a writable directory.`,
      { cause: err },
    );
  }
}

/**
 * Only the service's user may list the data directory. A directory it does not own (a volume mounted
 * with a group id, as Kubernetes' fsGroup does) cannot be changed: that is left as it is, since the
 * database files themselves are still mode 600.
 */
function restrictDir(dataDir: string): void {
  try {
    chmodSync(dataDir, 0o700);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') throw err;
  }
}

function openFile(file: string): Database.Database {
  try {
    return new Database(file);
  } catch (err) {
    throw new StoreError(
      'STORE_DATA_DIR',
      `cannot open ${file} (${errorMessage(err)}); check the file is a Reflect database and DATA_DIR is writable.`,
      { cause: err },
    );
  }
}
