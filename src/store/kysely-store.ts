/**
 * The one Store implementation. It only speaks Kysely, so SQLite, Postgres and PGlite share every
 * query; the adapters (sqlite.ts, postgres.ts, pglite.ts) only build the Kysely instance.
 */
import { sql, type Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { OPEN_STATUSES } from '../core/types';
import { commitTurn } from './commit';
import { errorMessage, StoreError } from './errors';
import { StaticMigrationProvider } from './migrations';
import { claimDue, markDelivered, markFailed, requeueDead } from './outbox';
import * as safety from './safety';
import type {
  AuditEntry,
  CheckinRecord,
  TimerRecord,
  InboxMessage,
  OutboxItem,
  ReflectionRow,
  Store,
  ThreadMessage,
  ThreadRecord,
  TurnCommit,
} from './port';
import { purgeBefore, eraseCase } from './purge';
import { parseJson, toInboxMessage, toOutboxItem, toReflectionRow, toThread, toThreadMessage } from './rows';
import type { Database, SqlFamily, TableName } from './schema';

export interface KyselyStoreOptions {
  kind: Store['kind'];
  db: Kysely<Database>;
  /** Releases what the adapter opened; defaults to destroying the Kysely instance (which closes the driver). */
  close?: () => Promise<void>;
  /** Stamps processed-event ids; injectable so retention tests need no waiting. */
  clock?: () => Date;
  /**
   * Postgres schema holding Kysely's migration tables. Without it the migrator's existence check
   * can see another schema's lock table (a second deployment, or a test) and then fail to find its own.
   */
  migrationSchema?: string;
}

type ThreadPatch = Parameters<Store['updateThread']>[1];
type MessagePatch = Parameters<Store['updateThreadMessage']>[1];

export class KyselyStore implements Store {
  readonly kind: Store['kind'];
  /** Exposed for adapters' tests (pragmas, introspection); application code uses the Store port only. */
  readonly db: Kysely<Database>;
  private readonly family: SqlFamily;
  private readonly closeFn: () => Promise<void>;
  private readonly clock: () => Date;

  private readonly migrationSchema?: string;

  constructor(options: KyselyStoreOptions) {
    this.kind = options.kind;
    this.db = options.db;
    this.family = options.kind === 'sqlite' ? 'sqlite' : 'postgres';
    this.closeFn = options.close ?? (() => options.db.destroy());
    this.clock = options.clock ?? (() => new Date());
    this.migrationSchema = options.migrationSchema;
  }

  async migrate(): Promise<void> {
    const migrator = new Migrator({
      db: this.db,
      provider: new StaticMigrationProvider(this.family),
      migrationTableSchema: this.migrationSchema,
      // Migration numbers are handed out ahead of time and land in any order (0005 may ship before
      // 0002), so a database that already ran a later one must still take an earlier newcomer.
      allowUnorderedMigrations: true,
    });
    const { error, results } = await migrator.migrateToLatest();
    if (error === undefined) return;
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '(before any migration ran)';
    throw new StoreError(
      'STORE_MIGRATION_FAILED',
      `migration ${failed} failed on ${this.kind}: ${errorMessage(error)}. Earlier migrations stay applied. Check that the database is reachable (DATABASE_URL) or DATA_DIR is writable, that the user may create tables, and that nobody edited the schema by hand; then restart.`,
      { cause: error },
    );
  }

  close(): Promise<void> {
    return this.closeFn();
  }

  commitTurn(commit: TurnCommit): Promise<boolean> {
    return commitTurn(this.db, commit, this.clock().toISOString());
  }

  async hasProcessedEvent(id: string): Promise<boolean> {
    const row = await this.db.selectFrom('processed_events').select('id').where('id', '=', id).executeTakeFirst();
    return row !== undefined;
  }

  async getReflection(id: string): Promise<ReflectionRow | undefined> {
    const row = await this.db.selectFrom('reflections').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toReflectionRow(row);
  }

  async getOpenReflection(practitionerId: string): Promise<ReflectionRow | undefined> {
    const row = await this.db
      .selectFrom('reflections')
      .selectAll()
      .where('practitioner_id', '=', practitionerId)
      .where('status', 'in', OPEN_STATUSES)
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return row && toReflectionRow(row);
  }

  async listReflections(practitionerId: string, limit: number): Promise<ReflectionRow[]> {
    const rows = await this.db
      .selectFrom('reflections')
      .selectAll()
      .where('practitioner_id', '=', practitionerId)
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toReflectionRow);
  }

  async listCaseReflections(caseRef: string, limit: number): Promise<ReflectionRow[]> {
    const rows = await this.db
      .selectFrom('reflections')
      .selectAll()
      .where('case_ref', '=', caseRef)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toReflectionRow);
  }

  async listIdleReflections(before: string, limit: number): Promise<ReflectionRow[]> {
    const rows = await this.db
      .selectFrom('reflections')
      .selectAll()
      .where('status', 'in', OPEN_STATUSES)
      .where('updated_at', '<', before)
      .orderBy('updated_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toReflectionRow);
  }

  async countReflections(): Promise<number> {
    const { n } = await this.db
      .selectFrom('reflections')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    // Postgres returns count(*) as a bigint string.
    return Number(n);
  }

  async getThread(id: string): Promise<ThreadRecord | undefined> {
    const row = await this.db.selectFrom('threads').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toThread(row);
  }

  async findThread(supervisorId: string, caseRef: string, channel: string): Promise<ThreadRecord | undefined> {
    const row = await this.db
      .selectFrom('threads')
      .selectAll()
      .where('supervisor_id', '=', supervisorId)
      .where('case_ref', '=', caseRef)
      .where('channel', '=', channel)
      .executeTakeFirst();
    return row && toThread(row);
  }

  async findThreadByExternalRef(channel: string, externalRef: string): Promise<ThreadRecord | undefined> {
    const row = await this.db
      .selectFrom('threads')
      .selectAll()
      .where('channel', '=', channel)
      .where('external_ref', '=', externalRef)
      .executeTakeFirst();
    return row && toThread(row);
  }

  async reassignThreads(practitionerId: string, supervisorId: string, at: string): Promise<number> {
    // A thread whose key (supervisor, case, channel) already exists for the new supervisor stays where
    // it is; authorisation (src/app/directory.ts) still keeps the old supervisor out of it.
    const res = await this.db
      .updateTable('threads')
      .set({ supervisor_id: supervisorId, external_ref: null, updated_at: at })
      .where('practitioner_id', '=', practitionerId)
      .where('supervisor_id', '<>', supervisorId)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('threads as taken')
              .select('taken.id')
              .where('taken.supervisor_id', '=', supervisorId)
              .whereRef('taken.case_ref', '=', 'threads.case_ref')
              .whereRef('taken.channel', '=', 'threads.channel'),
          ),
        ),
      )
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  }

  async listThreads(supervisorId: string, channel?: string): Promise<ThreadRecord[]> {
    let query = this.db.selectFrom('threads').selectAll().where('supervisor_id', '=', supervisorId);
    if (channel !== undefined) query = query.where('channel', '=', channel);
    const rows = await query.orderBy('updated_at', 'desc').orderBy('id', 'desc').execute();
    return rows.map(toThread);
  }

  async listThreadMessages(threadId: string): Promise<ThreadMessage[]> {
    const rows = await this.db
      .selectFrom('thread_messages')
      .selectAll()
      .where('thread_id', '=', threadId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toThreadMessage);
  }

  async getThreadMessage(id: string): Promise<ThreadMessage | undefined> {
    const row = await this.db.selectFrom('thread_messages').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toThreadMessage(row);
  }

  /** Only the keys present (and not undefined) change; an empty patch is a no-op. */
  async updateThread(id: string, patch: ThreadPatch): Promise<void> {
    const changes = definedOnly({
      external_ref: patch.externalRef,
      title: patch.title,
      updated_at: patch.updatedAt,
    });
    if (Object.keys(changes).length === 0) return;
    const res = await this.db.updateTable('threads').set(changes).where('id', '=', id).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw notFound('thread', id);
  }

  async updateThreadMessage(id: string, patch: MessagePatch): Promise<void> {
    const changes = definedOnly({
      acknowledged: bitOf(patch.acknowledged),
      on_agenda: bitOf(patch.onAgenda),
      external_ref: patch.externalRef,
      flags: patch.flags,
    });
    if (Object.keys(changes).length === 0) return;
    const res = await this.db.updateTable('thread_messages').set(changes).where('id', '=', id).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw notFound('thread message', id);
  }

  /** Oldest first. An unknown `afterId` (e.g. already purged) returns everything, as all that is left is newer. */
  async listInbox(userId: string, channel: string, afterId?: string): Promise<InboxMessage[]> {
    const after =
      afterId === undefined
        ? undefined
        : await this.db.selectFrom('inbox').select('seq').where('id', '=', afterId).executeTakeFirst();
    const rows = await this.db
      .selectFrom('inbox')
      .selectAll()
      .where('user_id', '=', userId)
      .where('channel', '=', channel)
      .where('seq', '>', after?.seq ?? 0)
      .orderBy('seq')
      .execute();
    return rows.map(toInboxMessage);
  }

  claimOutbox(now: string, leaseUntil: string, limit: number): Promise<OutboxItem[]> {
    return claimDue(this.db, this.family, now, leaseUntil, limit);
  }

  markDelivered(id: string, at: string, externalRef?: string): Promise<void> {
    return markDelivered(this.db, id, at, externalRef);
  }

  requeueDead(now: string): Promise<number> {
    return requeueDead(this.db, now);
  }

  markFailed(id: string, nextAttemptAt: string, errorCode: string, dead: boolean): Promise<void> {
    return markFailed(this.db, id, nextAttemptAt, errorCode, dead);
  }

  claimTimers(now: string, leaseUntil: string, limit: number): Promise<TimerRecord[]> {
    return safety.claimTimers(this.db, this.family, now, leaseUntil, limit);
  }

  listPendingTimers(ref?: string): Promise<TimerRecord[]> {
    return safety.listPendingTimers(this.db, ref);
  }

  getCheckin(practitionerId: string): Promise<CheckinRecord | undefined> {
    return safety.getCheckin(this.db, practitionerId);
  }

  getCheckinById(id: string): Promise<CheckinRecord | undefined> {
    return safety.getCheckinById(this.db, id);
  }

  async getOutboxItem(id: string): Promise<OutboxItem | undefined> {
    const row = await this.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toOutboxItem(row);
  }

  async listOutbox(status?: OutboxItem['status']): Promise<OutboxItem[]> {
    let query = this.db.selectFrom('outbox').selectAll();
    if (status !== undefined) query = query.where('status', '=', status);
    const rows = await query.orderBy('created_at').orderBy('id').execute();
    return rows.map(toOutboxItem);
  }

  async putChannelState(key: string, value: unknown, at: string): Promise<void> {
    const row = { key, value_json: JSON.stringify(value ?? null), updated_at: at };
    await this.db
      .insertInto('channel_state')
      .values(row)
      .onConflict((oc) => oc.column('key').doUpdateSet({ value_json: row.value_json, updated_at: at }))
      .execute();
  }

  /** undefined when the key was never written. */
  async getChannelState(key: string): Promise<unknown> {
    const row = await this.db
      .selectFrom('channel_state')
      .select('value_json')
      .where('key', '=', key)
      .executeTakeFirst();
    return row === undefined ? undefined : parseJson<unknown>(row.value_json);
  }

  /** Newest first. */
  async listAudit(limit: number): Promise<AuditEntry[]> {
    return this.db
      .selectFrom('audit')
      .select(['at', 'actor', 'action', 'target'])
      .orderBy('seq', 'desc')
      .limit(limit)
      .execute();
  }

  async audit(entry: AuditEntry): Promise<void> {
    const { at, actor, action, target } = entry;
    await this.db.insertInto('audit').values({ at, actor, action, target }).execute();
  }

  eraseCase(caseRef: string): Promise<{ reflections: number; threads: number; threadMessages: number }> {
    return eraseCase(this.db, caseRef);
  }

  purgeExpired(before: string): Promise<number> {
    return purgeBefore(this.db, before);
  }

  /** Column names of one of our tables, as the database reports them (used to prove the audit table holds no content). */
  async columnsOf(table: TableName): Promise<string[]> {
    const query =
      this.family === 'sqlite'
        ? sql<{ name: string }>`select name from pragma_table_info(${table}) order by cid`
        : sql<{
            name: string;
          }>`select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = ${table} order by ordinal_position`;
    const { rows } = await query.execute(this.db);
    return rows.map((r) => r.name);
  }
}

function definedOnly<T extends Record<string, unknown>>(row: T): Partial<T> {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const bitOf = (b: boolean | undefined): number | undefined => (b === undefined ? undefined : b ? 1 : 0);

const notFound = (what: string, id: string): StoreError =>
  new StoreError(
    'STORE_NOT_FOUND',
    `${what} ${id} does not exist; it may have been removed by retention. Reload it before updating.`,
  );
