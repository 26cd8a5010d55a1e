import { Kysely, SqliteDialect } from 'kysely';
import Database from 'better-sqlite3';
export const db = new Kysely<Record<string, never>>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
