/**
 * Key rotation (npm run rotate-key): every sealed column re-encrypted from the old key to the new one,
 * blind indexes recomputed, and the key check replaced, in ONE transaction, so an interruption leaves
 * the database wholly under the old key. Without an old key it encrypts a database written unencrypted.
 * Run it with the service stopped: a replica still on the old key would write values the new one cannot read.
 */
import { type Kysely, sql } from 'kysely';
import { type ColumnCodec, PLAIN_CODEC, type SealedColumn, UnreadableValueError } from './cipher';
import { StoreError } from './errors';
import { readKeyCheck, verifyKeyCheck, writeKeyCheck } from './key-check';
import type { Database } from './schema';

interface SealedTable {
  table: string;
  key: string;
  columns: string[];
  /** Has the lookup pair case_ref (blind index) / case_ref_text (sealed). */
  caseRef?: boolean;
}

/** Every table with sealed columns. A new content column joins this list and its mapper in rows.ts. */
export const SEALED_TABLES: readonly SealedTable[] = [
  { table: 'reflections', key: 'id', columns: ['state_json'], caseRef: true },
  { table: 'threads', key: 'id', columns: ['title'], caseRef: true },
  { table: 'thread_messages', key: 'id', columns: ['text', 'data_json'] },
  { table: 'inbox', key: 'id', columns: ['reply_json'] },
  { table: 'outbox', key: 'id', columns: ['payload_json'] },
  { table: 'channel_state', key: 'key', columns: ['value_json'] },
  { table: 'checkins', key: 'id', columns: ['payload'] },
  { table: 'timers', key: 'id', columns: ['payload'] },
];

export interface RotateResult {
  rows: number;
  values: number;
  /** Values the old key could not read (left untouched when `skipUnreadable`). */
  unreadable: string[];
  alreadyDone: boolean;
}

type Row = Record<string, string | null>;

function reseal(from: ColumnCodec, to: ColumnCodec, column: SealedColumn, stored: string): string {
  return to.seal(column, from.open(column, stored));
}

/** New values for one row; throws UnreadableValueError naming the column. */
function rotateRow(spec: SealedTable, row: Row, from: ColumnCodec, to: ColumnCodec): Row {
  const next: Row = {};
  for (const c of spec.columns) {
    const v = row[c];
    if (v !== null && v !== undefined) next[c] = reseal(from, to, `${spec.table}.${c}` as SealedColumn, v);
  }
  if (spec.caseRef) {
    const column = `${spec.table}.case_ref_text` as SealedColumn;
    // Rows from before 0003 have only the plain reference in case_ref.
    const plain =
      row.case_ref_text != null ? from.open(column, row.case_ref_text) : from.keyed ? null : (row.case_ref ?? null);
    if (plain !== null) {
      next.case_ref_text = to.seal(column, plain);
      next.case_ref = to.lookup(plain);
    }
  }
  return next;
}

export async function rotateKey(
  db: Kysely<Database>,
  oldCodec: ColumnCodec,
  newCodec: ColumnCodec,
  options: { skipUnreadable?: boolean } = {},
): Promise<RotateResult> {
  if (!newCodec.keyed) throw new StoreError('STORE_BAD_KEY', 'rotate-key needs the new key in ENCRYPTION_KEY.');
  return db.transaction().execute(async (trx) => {
    const check = await readKeyCheck(trx);
    let from = PLAIN_CODEC; // no check value: the data was written without a key
    if (check !== undefined) {
      try {
        verifyKeyCheck(check, newCodec);
        return { rows: 0, values: 0, unreadable: [], alreadyDone: true };
      } catch {
        verifyKeyCheck(check, oldCodec, 'ENCRYPTION_KEY_OLD');
        from = oldCodec;
      }
    }
    const result: RotateResult = { rows: 0, values: 0, unreadable: [], alreadyDone: false };
    for (const spec of SEALED_TABLES) {
      const cols = [spec.key, ...spec.columns, ...(spec.caseRef ? ['case_ref', 'case_ref_text'] : [])];
      const { rows } =
        await sql<Row>`select ${sql.join(cols.map((c) => sql.ref(c)))} from ${sql.table(spec.table)}`.execute(trx);
      for (const row of rows) {
        let next: Row;
        try {
          next = rotateRow(spec, row, from, newCodec);
        } catch (err) {
          if (!(err instanceof UnreadableValueError)) throw err;
          result.unreadable.push(`${err.column}:${row[spec.key]}`);
          continue;
        }
        const sets = Object.entries(next).map(([c, v]) => sql`${sql.ref(c)} = ${v}`);
        if (sets.length === 0) continue;
        await sql`update ${sql.table(spec.table)} set ${sql.join(sets)} where ${sql.ref(spec.key)} = ${row[spec.key]}`.execute(
          trx,
        );
        result.rows += 1;
        result.values += sets.length;
      }
    }
    if (result.unreadable.length > 0 && !options.skipUnreadable)
      throw new StoreError(
        'STORE_ROTATE_UNREADABLE',
        `${result.unreadable.length} value(s) could not be read with the old key (${result.unreadable.slice(0, 20).join(', ')}); nothing was changed. Check ENCRYPTION_KEY_OLD, or pass --skip-unreadable to rotate the rest and leave those rows as they are.`,
      );
    await writeKeyCheck(trx, newCodec, true);
    return result;
  });
}
