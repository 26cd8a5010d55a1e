/** Builders for store records. Times are fixed ISO strings so ordering and retention are deterministic. */
import type { ReflectionState, ReflectionStatus } from '../../src/core/types';
import type { InboxMessage, OutboxItem, ThreadMessage, ThreadRecord } from '../../src/store/port';

/** Minute `m` after a fixed epoch, as an ISO string. */
export function at(m: number): string {
  return new Date(Date.UTC(2030, 0, 1) + m * 60_000).toISOString();
}

export function reflection(id: string, extra: Partial<ReflectionState> = {}): ReflectionState {
  return {
    id,
    practitionerId: 'alex',
    supervisorId: 'sam',
    channel: 'local',
    status: 'active',
    version: 1,
    startedAt: at(0),
    updatedAt: at(0),
    queue: ['q1', 'q2'],
    position: 0,
    answers: { q1: { choice: 'yes', note: 'a note in my own words', at: at(0) } },
    skipped: [],
    labelChecked: [],
    alertsSent: [],
    ...extra,
  };
}

export function withStatus(
  id: string,
  status: ReflectionStatus,
  updatedMinute: number,
  practitionerId = 'alex',
): ReflectionState {
  return reflection(id, { status, updatedAt: at(updatedMinute), practitionerId });
}

export function outboxItem(id: string, extra: Partial<OutboxItem> = {}): OutboxItem {
  return {
    id,
    kind: 'thread.summary',
    channel: 'slack',
    payload: { threadId: 't1', n: 1 },
    status: 'pending',
    attempts: 0,
    nextAttemptAt: at(0),
    createdAt: at(0),
    ...extra,
  };
}

export function thread(id: string, extra: Partial<ThreadRecord> = {}): ThreadRecord {
  return {
    id,
    supervisorId: 'sam',
    practitionerId: 'alex',
    caseRef: 'CR-1',
    channel: 'slack',
    title: 'CR-1',
    reflections: 0,
    openFlags: 0,
    createdAt: at(0),
    updatedAt: at(0),
    ...extra,
  };
}

export function threadMessage(id: string, threadId: string, extra: Partial<ThreadMessage> = {}): ThreadMessage {
  return {
    id,
    threadId,
    kind: 'summary',
    author: 'reflect',
    text: 'summary text',
    flags: 0,
    acknowledged: false,
    onAgenda: false,
    createdAt: at(0),
    ...extra,
  };
}

export function inboxMessage(id: string, extra: Partial<InboxMessage> = {}): InboxMessage {
  return {
    id,
    userId: 'alex',
    channel: 'local',
    reply: { kind: 'info', text: `reply ${id}` },
    createdAt: at(0),
    ...extra,
  };
}
