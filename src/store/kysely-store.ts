/**
 * The one Store implementation. It only speaks Kysely, so SQLite, Postgres and PGlite share every
 * query; the adapters (sqlite.ts, postgres.ts, pglite.ts) only build the Kysely instance.
 */
import { sql, type Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { OPEN_STATUSES } from '../core/types';
import { type ColumnCodec, PLAIN_CODEC, UnreadableValueError } from './cipher';
import { commitTurn } from './commit';
import { errorMessage, StoreError } from './errors';
import { StaticMigrationProvider } from './migrations';
import { checkKeyBeforeMigrate, establishKey } from './key-check';
import { claimDue, markDelivered, markFailed, requeueDead } from './outbox';
import * as safety from './safety';
import type {
  AuditEntry,
  CheckinRecord,
  TimerRecord,
  EraseCounts,
  InboxMessage,
  OutboxItem,
  ReflectionRow,
  Store,
  ThreadMessage,
  ThreadRecord,
  TurnCommit,
  UnreadableReport,
} from './port';
import { purgeBefore, eraseCase } from './purge';
import { openJson, sealJson, toInboxMessage, toOutboxItem, toReflectionRow, toThread, toThreadMessage } from './rows';
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
  /** Encrypts content columns (cipher.ts); the plain codec (no key) by default. */
  codec?: ColumnCodec;
  /** Told about each stored value that cannot be read (corrupt, or under another key); the row is skipped. */
  onUnreadable?: (report: UnreadableReport) => void;
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
  readonly codec: ColumnCodec;
  private readonly onUnreadable: (report: UnreadableReport) => void;

  constructor(options: KyselyStoreOptions) {
    this.kind = options.kind;
    this.db = options.db;
    this.family = options.kind === 'sqlite' ? 'sqlite' : 'postgres';
    this.closeFn = options.close ?? (() => options.db.destroy());
    this.clock = options.clock ?? (() => new Date());
    this.migrationSchema = options.migrationSchema;
    this.codec = options.codec ?? PLAIN_CODEC;
    this.onUnreadable = options.onUnreadable ?? (() => undefined);
  }

  /** Checks the key first (a wrong key changes nothing), migrates, then records the key on a fresh database. */
  async migrate(): Promise<void> {
    await checkKeyBeforeMigrate(this.db, this.codec);
    await this.migrateSchema();
    await establishKey(this.db, this.codec);
  }

  /** Migrations alone, without the key check: for rotate-key, which checks both keys itself. */
  async migrateSchema(): Promise<void> {
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
    return commitTurn(this.db, this.codec, commit, this.clock().toISOString());
  }

  /**
   * Maps rows, skipping (and reporting by id) any whose content cannot be read, so one corrupt value
   * never takes a list, or the service, down with it. Nothing is written back.
   */
  private readable<R, T>(rows: R[], map: (codec: ColumnCodec, row: R) => T): T[] {
    const out: T[] = [];
    for (const row of rows) {
      try {
        out.push(map(this.codec, row));
      } catch (err) {
        if (!(err instanceof UnreadableValueError)) throw err;
        this.report(err);
      }
    }
    return out;
  }

  private report(err: UnreadableValueError): void {
    this.onUnreadable({ column: err.column, rowId: err.rowId, reason: err.reason });
  }

  private one<R, T>(row: R | undefined, map: (codec: ColumnCodec, row: R) => T): T | undefined {
    return row === undefined ? undefined : this.readable([row], map)[0];
  }

  async hasProcessedEvent(id: string): Promise<boolean> {
    const row = await this.db.selectFrom('processed_events').select('id').where('id', '=', id).executeTakeFirst();
    return row !== undefined;
  }

  async getReflection(id: string): Promise<ReflectionRow | undefined> {
    const row = await this.db.selectFrom('reflections').selectAll().where('id', '=', id).executeTakeFirst();
    return this.one(row, toReflectionRow);
  }

  /** An unreadable open reflection is skipped (and reported): the practitioner can still start afresh. */
  async getOpenReflection(practitionerId: string): Promise<ReflectionRow | undefined> {
    const rows = await this.db
      .selectFrom('reflections')
      .selectAll()
      .where('practitioner_id', '=', practitionerId)
      .where('status', 'in', OPEN_STATUSES)
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(5)
      .execute();
    for (const row of rows) {
      const found = this.one(row, toReflectionRow);
      if (found) return found;
    }
    return undefined;
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
    return this.readable(rows, toReflectionRow);
  }

  async listCaseReflections(caseRef: string, limit: number): Promise<ReflectionRow[]> {
    const rows = await this.db
      .selectFrom('reflections')
      .selectAll()
      .where('case_ref', '=', this.codec.lookup(caseRef)) // the blind index when encrypted
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return this.readable(rows, toReflectionRow);
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
    return this.readable(rows, toReflectionRow);
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
    return this.one(row, toThread);
  }

  async findThread(supervisorId: string, caseRef: string, channel: string): Promise<ThreadRecord | undefined> {
    const row = await this.db
      .selectFrom('threads')
      .selectAll()
      .where('supervisor_id', '=', supervisorId)
      .where('case_ref', '=', this.codec.lookup(caseRef))
      .where('channel', '=', channel)
      .executeTakeFirst();
    return this.one(row, toThread);
  }

  async findThreadByExternalRef(channel: string, externalRef: string): Promise<ThreadRecord | undefined> {
    const row = await this.db
      .selectFrom('threads')
      .selectAll()
      .where('channel', '=', channel)
      .where('external_ref', '=', externalRef)
      .executeTakeFirst();
    return this.one(row, toThread);
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
    return this.readable(rows, toThread);
  }

  async listThreadMessages(threadId: string): Promise<ThreadMessage[]> {
    const rows = await this.db
      .selectFrom('thread_messages')
      .selectAll()
      .where('thread_id', '=', threadId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return this.readable(rows, toThreadMessage);
  }

  async getThreadMessage(id: string): Promise<ThreadMessage | undefined> {
    const row = await this.db.selectFrom('thread_messages').selectAll().where('id', '=', id).executeTakeFirst();
    return this.one(row, toThreadMessage);
  }

  /** Only the keys present (and not undefined) change; an empty patch is a no-op. */
  async updateThread(id: string, patch: ThreadPatch): Promise<void> {
    const changes = definedOnly({
      external_ref: patch.externalRef,
      title: patch.title === undefined ? undefined : this.codec.seal('threads.title', patch.title),
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
    return this.readable(rows, toInboxMessage);
  }

  /** An item whose payload cannot be read is reported and set aside as dead (payload untouched; outbox:retry requeues it). */
  async claimOutbox(now: string, leaseUntil: string, limit: number): Promise<OutboxItem[]> {
    const rows = await claimDue(this.db, this.family, now, leaseUntil, limit);
    const items: OutboxItem[] = [];
    for (const row of rows) {
      const item = this.one(row, toOutboxItem);
      if (item) items.push(item);
      else await markFailed(this.db, row.id, row.next_attempt_at, 'STORE_UNREADABLE_VALUE', true);
    }
    // RETURNING has no defined order; callers deliver oldest first.
    return items.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
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
    return safety.claimTimers(this.db, this.codec, this.family, now, leaseUntil, limit);
  }

  listPendingTimers(ref?: string): Promise<TimerRecord[]> {
    return safety.listPendingTimers(this.db, this.codec, ref);
  }

  getCheckin(practitionerId: string): Promise<CheckinRecord | undefined> {
    return safety.getCheckin(this.db, this.codec, practitionerId);
  }

  getCheckinById(id: string): Promise<CheckinRecord | undefined> {
    return safety.getCheckinById(this.db, this.codec, id);
  }

  async getOutboxItem(id: string): Promise<OutboxItem | undefined> {
    const row = await this.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
    return this.one(row, toOutboxItem);
  }

  async listOutbox(status?: OutboxItem['status']): Promise<OutboxItem[]> {
    let query = this.db.selectFrom('outbox').selectAll();
    if (status !== undefined) query = query.where('status', '=', status);
    const rows = await query.orderBy('created_at').orderBy('id').execute();
    return this.readable(rows, toOutboxItem);
  }

  async putChannelState(key: string, value: unknown, at: string): Promise<void> {
    const row = { key, value_json: sealJson(this.codec, 'channel_state.value_json', value), updated_at: at };
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
    if (row === undefined) return undefined;
    try {
      return openJson<unknown>(this.codec, 'channel_state.value_json', row.value_json, key);
    } catch (err) {
      if (!(err instanceof UnreadableValueError)) throw err;
      this.report(err);
      return undefined;
    }
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

  async eraseCase(caseRefs: string[]): Promise<EraseCounts> {
    const counts = await eraseCase(this.db, this.codec, caseRefs);
    for (const report of counts.unreadable) this.onUnreadable(report);
    await this.scrub();
    return counts;
  }

  async purgeExpired(before: string): Promise<number> {
    const removed = await purgeBefore(this.db, before);
    await this.scrub();
    return removed;
  }

  /**
   * SQLite: deleted rows are zeroed in the file (secure_delete, set by the adapter), but their
   * earlier versions can still sit in the WAL. A TRUNCATE checkpoint copies the WAL back and empties
   * it. Returns false when a reader elsewhere kept it from finishing (it completes at a later checkpoint).
   */
  async scrub(): Promise<boolean> {
    if (this.family !== 'sqlite') return true;
    const { rows } = await sql<{ busy: number }>`pragma wal_checkpoint(TRUNCATE)`.execute(this.db);
    return rows[0]?.busy === 0;
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
