/**
 * Encryption at rest and complete erasure (see ../cipher.ts and ../purge.ts):
 * - store_meta holds the key check value, so a wrong ENCRYPTION_KEY is refused before anything changes;
 * - case_ref_text keeps the readable (sealed) case reference, while case_ref becomes the lookup column
 *   (a blind index when a key is set), which keeps the threads' unique constraint working unchanged;
 * - inbox, outbox and processed-event rows record the reflection and thread they were written for,
 *   so erasing a case reaches them without reading content.
 */
import type { ReflectMigration } from './migration';

const ADDED: Array<[table: string, column: string]> = [
  ['reflections', 'case_ref_text'],
  ['threads', 'case_ref_text'],
  ['inbox', 'reflection_id'],
  ['inbox', 'thread_id'],
  ['outbox', 'reflection_id'],
  ['outbox', 'thread_id'],
  ['processed_events', 'reflection_id'],
  ['processed_events', 'thread_id'],
];

export const encryption: ReflectMigration = {
  name: '0003-encryption',
  async up(db) {
    await db.schema
      .createTable('store_meta')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
    // SQLite takes one ADD COLUMN per statement.
    for (const [table, column] of ADDED) await db.schema.alterTable(table).addColumn(column, 'text').execute();
    for (const table of ['inbox', 'outbox', 'processed_events'])
      await db.schema.createIndex(`${table}_reflection`).on(table).column('reflection_id').execute();
  },
  async down(db) {
    for (const table of ['inbox', 'outbox', 'processed_events'])
      await db.schema.dropIndex(`${table}_reflection`).ifExists().execute();
    for (const [table, column] of ADDED) await db.schema.alterTable(table).dropColumn(column).execute();
    await db.schema.dropTable('store_meta').ifExists().execute();
  },
};
