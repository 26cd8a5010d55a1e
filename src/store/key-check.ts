/**
 * The key check value: a known text sealed under the database's key, kept in store_meta. Checked
 * before migrations run, so a wrong or missing ENCRYPTION_KEY stops start-up before anything changes.
 */
import { type Kysely, sql } from 'kysely';
import { type ColumnCodec, sealedKeyId, UnreadableValueError } from './cipher';
import { StoreError } from './errors';
import type { Database } from './schema';

const CHECK_NAME = 'key_check';
const CHECK_TEXT = 'reflect-key-check-v1';

/** The stored check value; undefined when there is none, or no store_meta table yet. */
export async function readKeyCheck(db: Kysely<Database>): Promise<string | undefined> {
  try {
    const row = await db.selectFrom('store_meta').select('value').where('name', '=', CHECK_NAME).executeTakeFirst();
    return row?.value;
  } catch {
    return undefined; // before migration 0003: nothing was ever encrypted
  }
}

/** Throws when `codec` is not the key the check value was sealed with (or no key is set for an encrypted database). */
export function verifyKeyCheck(check: string, codec: ColumnCodec, variable = 'ENCRYPTION_KEY'): void {
  const stored = sealedKeyId(check) ?? 'unknown';
  if (!codec.keyed)
    throw new StoreError(
      'STORE_KEY_REQUIRED',
      `this database is encrypted (key id ${stored}) and ${variable} is not set. Set ${variable} to the key it was written with.`,
    );
  try {
    if (codec.open('store_meta.value', check) === CHECK_TEXT) return;
  } catch (err) {
    if (!(err instanceof UnreadableValueError)) throw err;
  }
  throw new StoreError(
    'STORE_KEY_MISMATCH',
    `${variable} (key id ${codec.keyId}) is not the key this database was encrypted with (key id ${stored}); nothing was changed. Set the key it was written with, or change keys with npm run rotate-key (see README, "Encryption at rest").`,
  );
}

/** True when any content table holds a row. */
async function hasContent(db: Kysely<Database>): Promise<boolean> {
  for (const table of ['reflections', 'threads', 'outbox', 'inbox', 'channel_state'] as const) {
    const { rows } = await sql<{ one: number }>`select 1 as one from ${sql.table(table)} limit 1`.execute(db);
    if (rows.length > 0) return true;
  }
  return false;
}

/** Before migrating: refuse a wrong or missing key for an encrypted database. Reads only. */
export async function checkKeyBeforeMigrate(db: Kysely<Database>, codec: ColumnCodec): Promise<void> {
  const check = await readKeyCheck(db);
  if (check !== undefined) verifyKeyCheck(check, codec);
}

/**
 * After migrating: a key on a fresh database records its check value (replicas starting together
 * agree through ON CONFLICT DO NOTHING and re-check). A key on a database that already holds
 * unencrypted data is refused: rotate-key encrypts it first.
 */
export async function establishKey(db: Kysely<Database>, codec: ColumnCodec): Promise<void> {
  if (!codec.keyed) return;
  if ((await readKeyCheck(db)) === undefined) {
    if (await hasContent(db))
      throw new StoreError(
        'STORE_UNENCRYPTED_DATA',
        'ENCRYPTION_KEY is set but this database holds data written without a key. Encrypt it once with npm run rotate-key (ENCRYPTION_KEY set, ENCRYPTION_KEY_OLD unset), then start again.',
      );
    await writeKeyCheck(db, codec, false);
  }
  const check = await readKeyCheck(db);
  if (check === undefined) throw new StoreError('STORE_KEY_MISMATCH', 'the key check value could not be stored.');
  verifyKeyCheck(check, codec);
}

/** Stores the check value for `codec`'s key; `replace` overwrites an existing one (rotation only). */
export async function writeKeyCheck(db: Kysely<Database>, codec: ColumnCodec, replace: boolean): Promise<void> {
  const value = codec.seal('store_meta.value', CHECK_TEXT);
  await db
    .insertInto('store_meta')
    .values({ name: CHECK_NAME, value })
    .onConflict((oc) => (replace ? oc.column('name').doUpdateSet({ value }) : oc.column('name').doNothing()))
    .execute();
}
