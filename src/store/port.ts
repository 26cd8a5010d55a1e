/**
 * The Store port. One contract, two adapters (better-sqlite3 and Postgres, both through Kysely),
 * one contract test suite (test/store/contract.ts) run against each.
 *
 * The unit of work is `commitTurn`: state change, outbox items, thread changes, inbox messages,
 * audit entries and the processed-event id land in ONE transaction, so a crash can never leave
 * an answer saved without its delivery, or a delivery queued twice.
 */
import type { Checkin } from '../core/checkin';
import { CodedError } from '../errors';
import type { ReflectionState, ReflectionStatus } from '../core/types';

export interface OutboxItem {
  id: string;
  kind: string; // 'thread.summary' | 'thread.alert' | 'practitioner.message' | 'thread.update' | ...
  channel: string; // a channel's name in the registry (src/channels/registry.ts)
  payload: unknown; // JSON; never logged
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  nextAttemptAt: string; // ISO
  createdAt: string;
  deliveredAt?: string;
  lastError?: string; // an error code, never content
  externalRef?: string;
}

/**
 * A thread's `reflections` and `openFlags` are derived: commitTurn recounts them from the thread's
 * messages inside the transaction, so concurrent shares on one case can never lose an increment.
 */
export interface ThreadRecord {
  id: string;
  supervisorId: string;
  practitionerId: string;
  caseRef: string;
  channel: string;
  title: string;
  reflections: number;
  openFlags: number;
  externalRef?: string; // e.g. Slack "C123:1712345.000100", Teams "conversationId;messageid=…"
  createdAt: string;
  updatedAt: string;
}

export interface ThreadMessage {
  id: string;
  threadId: string;
  kind: 'summary' | 'alert' | 'reply' | 'status';
  reflectionId?: string;
  author: string; // person id or 'reflect'
  text: string; // rendered, redacted, practitioner-approved text (or the supervisor's reply)
  data?: unknown; // structured summary for rich rendering
  flags: number; // open flags this message carries
  acknowledged: boolean;
  onAgenda: boolean;
  externalRef?: string;
  createdAt: string;
}

export interface InboxMessage {
  id: string;
  userId: string; // person id
  channel: string;
  reply: unknown; // a serialised Reply
  createdAt: string;
}

export interface AuditEntry {
  at: string;
  actor: string; // person id or 'system'
  action: string; // e.g. 'reflection.shared'
  target: string; // an id, never content
}

/** A scheduled job (re-alert, check-in prompt, overdue alert). Its payload holds ids and counters only. */
export interface TimerRecord {
  id: string;
  kind: 'realert' | 'checkin.prompt' | 'checkin.overdue';
  ref: string; // the alert's thread message id, or the check-in id: cancelling by ref stops the chain
  dueAt: string;
  payload: Record<string, string | number>;
  createdAt: string;
}

/** A lone-working check-in: draft while its details are being asked, open until check-out (the core's own shape). */
export type CheckinRecord = Checkin;

export interface TurnCommit {
  /** Check-ins written (expectedVersion as for reflections: 0 = must be new, n = must still be at n). */
  checkins?: Array<{ record: CheckinRecord; expectedVersion?: number }>;
  timers?: TimerRecord[];
  /** Refs whose unfired timers stop now (an acknowledged alert, a check-out, an extension). */
  cancelTimerRefs?: string[];
  /** Timers fired in this commit. */
  timersDone?: string[];
  /** Upserted. When `expectedVersion` is given the write fails with StoreConflictError if the stored version differs. */
  reflection?: { state: ReflectionState; caseRef?: string; expectedVersion?: number };
  /** Written before `reflection`, in the same transaction: the reflection "start again" closes. */
  closing?: { state: ReflectionState; expectedVersion?: number };
  outbox?: OutboxItem[];
  threadUpserts?: ThreadRecord[];
  threadMessages?: ThreadMessage[];
  /** "Picked up" / "Add to agenda" on existing thread messages, in the same transaction as their notifications. */
  threadMessageUpdates?: Array<{ id: string; acknowledged?: boolean; onAgenda?: boolean }>;
  inbox?: InboxMessage[];
  audit?: AuditEntry[];
  /** De-duplication: if this id was already processed the whole commit is skipped and `false` returned. */
  processedEventId?: string;
}

export class StoreConflictError extends CodedError {
  declare readonly code: 'STORE_CONFLICT';
  constructor(id: string, options: { cause?: unknown } = {}) {
    super('STORE_CONFLICT', `reflection ${id} was changed by another request; reload and retry the turn.`, {
      fix: 'retry the turn; the service does this itself with jitter',
      cause: options.cause,
    });
  }
}

export interface ReflectionRow {
  state: ReflectionState;
  caseRef?: string;
  status: ReflectionStatus;
  updatedAt: string;
}

/** A stored value that could not be read (corrupt, or under another key): ids only, never content. */
export interface UnreadableReport {
  column: string; // table.column
  rowId?: string;
  reason: string;
}

export interface EraseCounts {
  reflections: number;
  threads: number;
  threadMessages: number;
  inbox: number;
  outbox: number;
  channelState: number;
  processedEvents: number;
  /** Rows that could not be read while looking for copies: reported, left as they are. */
  unreadable: UnreadableReport[];
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres' | 'pglite';
  migrate(): Promise<void>;
  close(): Promise<void>;

  /** Returns false (and writes nothing) when processedEventId was already recorded. */
  commitTurn(commit: TurnCommit): Promise<boolean>;
  hasProcessedEvent(id: string): Promise<boolean>;

  getReflection(id: string): Promise<ReflectionRow | undefined>;
  /** The practitioner's open (active, paused or preview) reflection, newest first. */
  getOpenReflection(practitionerId: string): Promise<ReflectionRow | undefined>;
  listReflections(practitionerId: string, limit: number): Promise<ReflectionRow[]>;
  /** Reflections on one case (any practitioner), newest first: the history the core rotates on. */
  listCaseReflections(caseRef: string, limit: number): Promise<ReflectionRow[]>;
  /** Open (active, paused, preview) reflections last changed before `before`, oldest first: for reminders. */
  listIdleReflections(before: string, limit: number): Promise<ReflectionRow[]>;
  countReflections(): Promise<number>;

  getThread(id: string): Promise<ThreadRecord | undefined>;
  findThread(supervisorId: string, caseRef: string, channel: string): Promise<ThreadRecord | undefined>;
  findThreadByExternalRef(channel: string, externalRef: string): Promise<ThreadRecord | undefined>;
  listThreads(supervisorId: string, channel?: string): Promise<ThreadRecord[]>;
  /**
   * A practitioner moved supervisor: their threads move to the new one and forget the old channel
   * thread (externalRef cleared), so the next post reopens them in the new supervisor's place.
   */
  reassignThreads(practitionerId: string, supervisorId: string, at: string): Promise<number>;
  listThreadMessages(threadId: string): Promise<ThreadMessage[]>;
  getThreadMessage(id: string): Promise<ThreadMessage | undefined>;
  updateThread(id: string, patch: Partial<Pick<ThreadRecord, 'externalRef' | 'title' | 'updatedAt'>>): Promise<void>;
  updateThreadMessage(
    id: string,
    patch: Partial<Pick<ThreadMessage, 'acknowledged' | 'onAgenda' | 'externalRef' | 'flags'>>,
  ): Promise<void>;

  listInbox(userId: string, channel: string, afterId?: string): Promise<InboxMessage[]>;

  /** Claims up to `limit` due pending items, leasing them until `leaseUntil` so two replicas never deliver the same item at once. */
  claimOutbox(now: string, leaseUntil: string, limit: number): Promise<OutboxItem[]>;
  markDelivered(id: string, at: string, externalRef?: string): Promise<void>;
  markFailed(id: string, nextAttemptAt: string, errorCode: string, dead: boolean): Promise<void>;
  /** Puts every dead item back in the queue, due now, with a fresh run of attempts. Returns how many. */
  requeueDead(now: string): Promise<number>;
  getOutboxItem(id: string): Promise<OutboxItem | undefined>;
  listOutbox(status?: OutboxItem['status']): Promise<OutboxItem[]>;

  /** Leases up to `limit` due, unfired timers until `leaseUntil` (SKIP LOCKED on Postgres), oldest first. */
  claimTimers(now: string, leaseUntil: string, limit: number): Promise<TimerRecord[]>;
  /** Unfired timers, for a ref or all: for views and tests. */
  listPendingTimers(ref?: string): Promise<TimerRecord[]>;
  /** The practitioner's latest check-in record (draft, open or closed), if any; at most one is ever open. */
  getCheckin(practitionerId: string): Promise<CheckinRecord | undefined>;
  getCheckinById(id: string): Promise<CheckinRecord | undefined>;

  /** Small key/value area for channel state (e.g. Teams conversation references). */
  putChannelState(key: string, value: unknown, at: string): Promise<void>;
  getChannelState(key: string): Promise<unknown>;

  listAudit(limit: number): Promise<AuditEntry[]>;
  audit(entry: AuditEntry): Promise<void>;

  /**
   * Erasure of one case, in one transaction: every copy (reflections, threads, thread messages, inbox,
   * outbox, channel state, processed-event ids) matching any of `caseRefs` (the raw reference and its
   * redacted form). Audit rows, which hold no content, stay. See purge.ts.
   */
  eraseCase(caseRefs: string[]): Promise<EraseCounts>;
  /** Deletes content last touched before `before` (see purge.ts). Returns how many reflections went. */
  purgeExpired(before: string): Promise<number>;
}
