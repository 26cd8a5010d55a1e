/**
 * Safety scheduling (issue 11): store-backed timers for re-alerts and lone-working check-ins, and the
 * check-ins themselves. Timers are claimed with a lease and fired in a commit that records `timer:<id>`
 * as a processed event, so a restart never loses one and two replicas never fire one twice.
 * Text columns are few and named: `payload` is the only one holding anything a person typed (the
 * check-in's case reference), so encryption at rest has one column per table to cover.
 */
import type { Kysely } from 'kysely';
import type { ReflectMigration } from './migration';

export const safety: ReflectMigration = {
  name: '0004-safety',
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('timers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('ref', 'text', (c) => c.notNull()) // the alert message or check-in it is about
      .addColumn('due_at', 'text', (c) => c.notNull())
      .addColumn('lease_until', 'text')
      .addColumn('done_at', 'text')
      .addColumn('payload', 'text', (c) => c.notNull()) // ids and counters only
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('timers_done_due').on('timers').columns(['done_at', 'due_at']).execute();
    await db.schema.createIndex('timers_ref').on('timers').column('ref').execute();
    await db.schema
      .createTable('checkins')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practitioner_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull()) // draft | open | closed
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull()) // JSON: case reference, times, what is being asked
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('checkins_practitioner_status')
      .on('checkins')
      .columns(['practitioner_id', 'status'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('checkins').execute();
    await db.schema.dropTable('timers').execute();
  },
};
