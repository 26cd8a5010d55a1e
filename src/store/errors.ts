import { CodedError, type CodedErrorOptions } from '../errors';

/** Store errors other than StoreConflictError (which lives in the port). Messages never contain content. */
export type StoreErrorCode =
  | 'STORE_DATA_DIR' // the SQLite data directory cannot be created or opened
  | 'STORE_BAD_SCHEMA' // an invalid Postgres schema name was configured
  | 'STORE_UNREACHABLE' // the database did not answer
  | 'STORE_MIGRATION_FAILED'
  | 'STORE_DUPLICATE_ID' // a commit reused an id that is already stored
  | 'STORE_NOT_FOUND' // an update named a row that does not exist
  | 'STORE_BAD_KEY' // ENCRYPTION_KEY (or a rotation key) is not 32 bytes of base64
  | 'STORE_KEY_REQUIRED' // the database is encrypted and no key is configured
  | 'STORE_KEY_MISMATCH' // the configured key is not the one the database was encrypted with
  | 'STORE_UNENCRYPTED_DATA' // a key is configured but the database holds data written without one
  | 'STORE_ROTATE_UNREADABLE'; // key rotation met values the old key cannot read

export class StoreError extends CodedError {
  declare readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string, options?: CodedErrorOptions) {
    super(code, message, options);
  }
}

/** Unique/primary-key violations as reported by better-sqlite3, pg and PGlite. */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null || !('code' in err)) return false;
  const code = err.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** The error's message without anything that could be content (SQL parameters are never part of it). */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// Only plain identifiers, so a schema name can go into search_path and CREATE SCHEMA without quoting rules.
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function checkSchemaName(schema: string | undefined): void {
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new StoreError(
      'STORE_BAD_SCHEMA',
      `schema name "${schema}" is not a plain lower-case identifier; use letters, digits and underscores.`,
    );
  }
}
