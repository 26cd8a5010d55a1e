/**
 * Kysely table types. Only portable column types are used so one set of queries runs on SQLite and
 * Postgres: ids and ISO-8601 timestamps are text (ISO strings sort chronologically), JSON is text
 * parsed on read, booleans are integer 0/1.
 */
import type { Generated } from 'kysely';
import type { ReflectionStatus } from '../core/types';
import type { OutboxItem, ThreadMessage } from './port';

export interface ReflectionsTable {
  id: string;
  practitioner_id: string;
  channel: string;
  status: ReflectionStatus;
  /** Lookup column: the case reference's blind index when ENCRYPTION_KEY is set, else the reference itself. */
  case_ref: string | null;
  /** The readable case reference, sealed (0003; NULL in rows written before it). */
  case_ref_text: string | null;
  state_json: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface OutboxTable {
  id: string;
  kind: string;
  channel: string;
  payload_json: string;
  /** The reflection and thread the item was queued for, when the commit named one (0003): for erasure. */
  reflection_id: string | null;
  thread_id: string | null;
  status: OutboxItem['status'];
  attempts: number;
  next_attempt_at: string;
  lease_until: string | null;
  created_at: string;
  delivered_at: string | null;
  last_error: string | null;
  external_ref: string | null;
}

export interface ThreadsTable {
  id: string;
  supervisor_id: string;
  practitioner_id: string;
  /** Lookup column (unique per supervisor and channel): blind index with a key, else the reference. */
  case_ref: string;
  case_ref_text: string | null;
  channel: string;
  title: string;
  reflections: number;
  open_flags: number;
  external_ref: string | null;
  created_at: string;
  updated_at: string;
}

export interface ThreadMessagesTable {
  id: string;
  thread_id: string;
  kind: ThreadMessage['kind'];
  reflection_id: string | null;
  author: string;
  text: string;
  data_json: string | null;
  flags: number;
  acknowledged: number;
  on_agenda: number;
  external_ref: string | null;
  created_at: string;
}

export interface InboxTable {
  id: string;
  /** Taken from the `inbox` counter inside the writing transaction, so it follows commit order. */
  seq: number;
  user_id: string;
  channel: string;
  reply_json: string;
  reflection_id: string | null;
  thread_id: string | null;
  created_at: string;
}

export interface ProcessedEventsTable {
  id: string;
  reflection_id: string | null;
  thread_id: string | null;
  created_at: string;
}

/** Store-wide settings (0003): the encryption key check value. */
export interface StoreMetaTable {
  name: string;
  value: string;
}

export interface ChannelStateTable {
  key: string;
  value_json: string;
  updated_at: string;
}

/** Deliberately no content columns: who did what to which id, and when. */
export interface AuditTable {
  seq: Generated<number>;
  at: string;
  actor: string;
  action: string;
  target: string;
}

/** Named counters (one row per counter); see InboxTable.seq. */
export interface CountersTable {
  name: string;
  value: number;
}

export interface TimersTable {
  id: string;
  kind: string;
  ref: string;
  due_at: string;
  lease_until: string | null;
  done_at: string | null;
  payload: string;
  created_at: string;
}

export interface CheckinsTable {
  id: string;
  practitioner_id: string;
  status: 'draft' | 'open' | 'closed';
  channel: string;
  payload: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface Database {
  timers: TimersTable;
  checkins: CheckinsTable;
  reflections: ReflectionsTable;
  outbox: OutboxTable;
  threads: ThreadsTable;
  thread_messages: ThreadMessagesTable;
  inbox: InboxTable;
  processed_events: ProcessedEventsTable;
  channel_state: ChannelStateTable;
  audit: AuditTable;
  counters: CountersTable;
  store_meta: StoreMetaTable;
}

/** Which SQL family a store speaks; PGlite is Postgres. */
export type SqlFamily = 'sqlite' | 'postgres';

export type TableName = keyof Database;
