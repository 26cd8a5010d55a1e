/** Postgres adapter: a pg Pool behind Kysely, for multi-replica deployments. */
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
import { checkSchemaName, errorMessage, StoreError } from './errors';
import { KyselyStore, type KyselyStoreOptions } from './kysely-store';
import type { Database } from './schema';

export interface PostgresStoreOptions extends Pick<KyselyStoreOptions, 'codec' | 'onUnreadable'> {
  /** Use (and create) this schema instead of the server's default search_path; tests isolate themselves this way. */
  schema?: string;
  /** Pool size; pg's default is 10. */
  max?: number;
  /** Idle pooled connections can fail (server restart); pg would crash the process on an unhandled 'error' event. */
  onPoolError?: (err: Error) => void;
}

/** Connects lazily, except that a `schema` is created (if missing) before this resolves. Does not migrate. */
export async function openPostgresStore(databaseUrl: string, options: PostgresStoreOptions = {}): Promise<KyselyStore> {
  const { schema } = options;
  checkSchemaName(schema);
  const pool = new Pool({
    connectionString: databaseUrl,
    max: options.max,
    // Every pooled connection starts in the schema, so unqualified table names (and Kysely's migration tables) land there.
    options: schema === undefined ? undefined : `-c search_path=${schema}`,
  });
  // A no-op default keeps a dropped idle connection from taking the process down; the pool replaces it.
  pool.on('error', options.onPoolError ?? (() => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  if (schema !== undefined) await createSchema(db, schema);
  // Name the schema the migration tables live in (see KyselyStore): the one asked for, else the
  // connection's own current schema, which honours a search_path set in DATABASE_URL.
  const migrationSchema = schema ?? (await currentSchema(db));
  return new KyselyStore({
    kind: 'postgres',
    db,
    migrationSchema,
    codec: options.codec,
    onUnreadable: options.onUnreadable,
  });
}

async function createSchema(db: Kysely<Database>, schema: string): Promise<void> {
  try {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  } catch (err) {
    await db.destroy();
    throw new StoreError(
      'STORE_UNREACHABLE',
      `cannot create schema ${schema} (${errorMessage(err)}); check DATABASE_URL, that Postgres is running, and that the user may create schemas.`,
      { cause: err },
    );
  }
}

async function currentSchema(db: Kysely<Database>): Promise<string> {
  try {
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    return rows[0]?.schema ?? 'public';
  } catch (err) {
    await db.destroy();
    throw new StoreError(
      'STORE_UNREACHABLE',
      `cannot reach Postgres (${errorMessage(err)}); check DATABASE_URL and that the server is running.`,
      { cause: err },
    );
  }
}
