/** The initial schema. Types are kept portable (text, integer); see ../schema.ts. */
import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { SqlFamily } from '../schema';
import type { ReflectMigration } from './migration';

type Column = (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
const required: Column = (c) => c.notNull();
const key: Column = (c) => c.primaryKey();

/** SQLite and Postgres spell "auto-increment primary key" differently; nothing else branches. */
function autoIncrementKey(family: SqlFamily): Column {
  return family === 'sqlite'
    ? (c) => c.primaryKey().autoIncrement()
    : (c) => c.primaryKey().generatedByDefaultAsIdentity();
}

async function createReflections(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('reflections')
    .addColumn('id', 'text', key)
    .addColumn('practitioner_id', 'text', required)
    .addColumn('channel', 'text', required)
    .addColumn('status', 'text', required)
    .addColumn('case_ref', 'text')
    .addColumn('state_json', 'text', required)
    .addColumn('version', 'integer', required)
    .addColumn('created_at', 'text', required)
    .addColumn('updated_at', 'text', required)
    .execute();
  await db.schema
    .createIndex('reflections_practitioner_status_updated')
    .on('reflections')
    .columns(['practitioner_id', 'status', 'updated_at'])
    .execute();
  // Retention sweeps by age across all practitioners.
  await db.schema.createIndex('reflections_updated').on('reflections').column('updated_at').execute();
}

async function createOutbox(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'text', key)
    .addColumn('kind', 'text', required)
    .addColumn('channel', 'text', required)
    .addColumn('payload_json', 'text', required)
    .addColumn('status', 'text', required)
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', required)
    .addColumn('lease_until', 'text')
    .addColumn('created_at', 'text', required)
    .addColumn('delivered_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('external_ref', 'text')
    .execute();
  await db.schema
    .createIndex('outbox_status_next_attempt')
    .on('outbox')
    .columns(['status', 'next_attempt_at'])
    .execute();
}

async function createThreads(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('threads')
    .addColumn('id', 'text', key)
    .addColumn('supervisor_id', 'text', required)
    .addColumn('practitioner_id', 'text', required)
    .addColumn('case_ref', 'text', required)
    .addColumn('channel', 'text', required)
    .addColumn('title', 'text', required)
    .addColumn('reflections', 'integer', required)
    .addColumn('open_flags', 'integer', required)
    .addColumn('external_ref', 'text')
    .addColumn('created_at', 'text', required)
    .addColumn('updated_at', 'text', required)
    // One conversation per supervisor, case and channel: the summary of every reflection on a case lands in it.
    .addUniqueConstraint('threads_supervisor_case_channel', ['supervisor_id', 'case_ref', 'channel'])
    .execute();
  // Replies arrive carrying the channel's own reference (Slack ts, Teams conversation id).
  await db.schema
    .createIndex('threads_channel_external_ref')
    .on('threads')
    .columns(['channel', 'external_ref'])
    .execute();
}

async function createThreadMessages(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('thread_messages')
    .addColumn('id', 'text', key)
    .addColumn('thread_id', 'text', (c) => c.notNull().references('threads.id').onDelete('cascade'))
    .addColumn('kind', 'text', required)
    .addColumn('reflection_id', 'text')
    .addColumn('author', 'text', required)
    .addColumn('text', 'text', required)
    .addColumn('data_json', 'text')
    .addColumn('flags', 'integer', required)
    .addColumn('acknowledged', 'integer', required)
    .addColumn('on_agenda', 'integer', required)
    .addColumn('external_ref', 'text')
    .addColumn('created_at', 'text', required)
    .execute();
  await db.schema
    .createIndex('thread_messages_thread')
    .on('thread_messages')
    .columns(['thread_id', 'created_at'])
    .execute();
  await db.schema.createIndex('thread_messages_reflection').on('thread_messages').column('reflection_id').execute();
}

async function createInbox(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('inbox')
    .addColumn('id', 'text', key)
    .addColumn('seq', 'integer', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', required)
    .addColumn('channel', 'text', required)
    .addColumn('reply_json', 'text', required)
    .addColumn('created_at', 'text', required)
    .execute();
  await db.schema.createIndex('inbox_user_channel_seq').on('inbox').columns(['user_id', 'channel', 'seq']).execute();
  await db.schema
    .createTable('counters')
    .addColumn('name', 'text', key)
    .addColumn('value', 'integer', required)
    .execute();
  await sql`insert into counters (name, value) values ('inbox', 0)`.execute(db);
}

async function createSmallTables(db: Kysely<unknown>, family: SqlFamily): Promise<void> {
  await db.schema
    .createTable('processed_events')
    .addColumn('id', 'text', key)
    .addColumn('created_at', 'text', required)
    .execute();
  await db.schema
    .createTable('channel_state')
    .addColumn('key', 'text', key)
    .addColumn('value_json', 'text', required)
    .addColumn('updated_at', 'text', required)
    .execute();
  // No content columns, ever: the audit trail must be safe to keep after retention removes the content.
  await db.schema
    .createTable('audit')
    .addColumn('seq', 'integer', autoIncrementKey(family))
    .addColumn('at', 'text', required)
    .addColumn('actor', 'text', required)
    .addColumn('action', 'text', required)
    .addColumn('target', 'text', required)
    .execute();
}

const TABLES = [
  'audit',
  'channel_state',
  'processed_events',
  'counters',
  'inbox',
  'thread_messages',
  'threads',
  'outbox',
  'reflections',
];

export const initial: ReflectMigration = {
  name: '0001-initial',
  async up(db, family) {
    await createReflections(db);
    await createOutbox(db);
    await createThreads(db);
    await createThreadMessages(db);
    await createInbox(db);
    await createSmallTables(db, family);
  },
  async down(db) {
    for (const table of TABLES) await db.schema.dropTable(table).ifExists().execute();
  },
};
