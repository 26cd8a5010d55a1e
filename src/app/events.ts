/**
 * Turning engine events into store writes: the supervisor's thread, its messages, the outbox
 * items that mirror them into Slack or Teams, and audit entries. All of it joins the turn's commit.
 */
import type { Catalog } from '../core/catalog';
import { clear, clearTemplate, staffName } from '../core/gate';
import { shareableCaseRef } from '../core/redact';
import { headlineText } from '../core/summary-text';
import { buildSummaryView, catalogWording } from '../core/summary-view';
import { fill } from '../core/text';
import type { EngineEvent } from '../core/types';
import { LOCAL_CHANNEL } from '../channels/local/name';
import type { OrgConfig } from '../config/org';
import type {
  AuditEntry,
  InboxMessage,
  OutboxItem,
  ThreadMessage,
  ThreadRecord,
  TimerRecord,
  TurnCommit,
} from '../store/port';
import { directToPerson, realertTimer } from './scheduling/alerts';

export interface EventDeps {
  catalog: Catalog;
  org: OrgConfig;
  newId: () => string;
  now: Date;
  contacts: Record<string, string>;
  findThread: (supervisorId: string, caseRef: string, channel: string) => Promise<ThreadRecord | undefined>;
}

/**
 * Where a supervisor reads threads: the practitioner's channel if the supervisor has an identity
 * there (the org file's `<channel>:` entry), else the local view.
 */
export function threadChannel(org: OrgConfig, supervisorId: string, channel: string): string {
  const sup: Record<string, unknown> | undefined = org.supervisors.find((s) => s.id === supervisorId);
  return channel !== LOCAL_CHANNEL && sup?.[channel] !== undefined ? channel : LOCAL_CHANNEL;
}

/**
 * A thread is keyed by the case reference as typed (sealed and blind-indexed in the store), so two
 * references that are both withheld stay two threads; what the supervisor sees is this form.
 */
export function shownCaseRef(org: OrgConfig, caseRef: string): string {
  return shareableCaseRef(caseRef, org.caseRefPattern);
}

export function personName(org: OrgConfig, id: string): string {
  return [...org.supervisors, ...org.practitioners].find((p) => p.id === id)?.name ?? id;
}

export function outboxItem(
  deps: Pick<EventDeps, 'newId' | 'now'>,
  kind: string,
  channel: string,
  payload: unknown,
): OutboxItem {
  const at = deps.now.toISOString();
  return { id: deps.newId(), kind, channel, payload, status: 'pending', attempts: 0, nextAttemptAt: at, createdAt: at };
}

/** `channel` is where the practitioner is talking to us; the supervisor's thread follows it when mapped there. */
export async function commitForEvents(
  deps: EventDeps,
  events: EngineEvent[],
  actor: string,
  practitionerChannel: string,
): Promise<Omit<TurnCommit, 'reflection'>> {
  const threads = new Map<string, ThreadRecord>();
  const threadMessages: ThreadMessage[] = [];
  const outbox: OutboxItem[] = [];
  const audit: AuditEntry[] = [];
  const inbox: InboxMessage[] = [];
  const timers: TimerRecord[] = [];
  const at = deps.now.toISOString();
  for (const event of events) {
    if (event.type === 'audit') {
      audit.push({ at, actor, action: event.action, target: event.target });
      continue;
    }
    if (event.type !== 'summary.shared' && event.caseRef === undefined) {
      // No case reference yet: the alert (or note) goes to the supervisor directly. A thread is only
      // ever opened for a case; the alert is repeated into the case's thread once the reference comes.
      const direct = directToPerson(deps, event.supervisorId, practitionerChannel, directText(deps, event));
      inbox.push(...direct.inbox);
      outbox.push(...direct.outbox);
      audit.push({ at, actor, action: 'alert.direct.queued', target: event.reflectionId });
      continue;
    }
    const caseRef = event.caseKey ?? event.caseRef ?? '';
    const channel = threadChannel(deps.org, event.supervisorId, practitionerChannel);
    const key = `${event.supervisorId}|${caseRef}|${channel}`;
    const existing = threads.get(key) ?? (await deps.findThread(event.supervisorId, caseRef, channel));
    const thread: ThreadRecord =
      existing ?? newThread(deps, event.supervisorId, event.practitionerId, caseRef, channel);
    const message =
      event.type === 'summary.shared'
        ? summaryMessage(deps, thread, event)
        : event.type === 'alert.note'
          ? noteMessage(deps, thread, event)
          : alertMessage(deps, thread, event);
    thread.updatedAt = at; // its counts are recounted by the store in the same transaction
    threads.set(key, thread);
    threadMessages.push(message);
    if (event.type === 'alert.urgent') timers.push(realertTimer(deps, message.id, 1));
    if (channel !== LOCAL_CHANNEL)
      outbox.push(
        outboxItem(deps, event.type === 'summary.shared' ? 'thread.summary' : 'thread.alert', channel, {
          threadId: thread.id,
          messageId: message.id,
        }),
      );
    audit.push({
      at,
      actor,
      action: event.type === 'summary.shared' ? 'thread.summary.queued' : 'thread.alert.queued',
      target: message.id,
    });
  }
  return { threadUpserts: [...threads.values()], threadMessages, outbox, audit, inbox, timers };
}

/** An alert message in a case's thread (an overdue check-in), found or opened for the case (`caseRef` as typed): for timers. */
export async function caseAlert(
  deps: EventDeps,
  p: { supervisorId: string; practitionerId: string; caseRef: string; channel: string; text: string; data: unknown },
): Promise<Pick<TurnCommit, 'threadUpserts' | 'threadMessages' | 'outbox' | 'timers'> & { messageId: string }> {
  const channel = threadChannel(deps.org, p.supervisorId, p.channel);
  const existing = await deps.findThread(p.supervisorId, p.caseRef, channel);
  const thread = existing ?? newThread(deps, p.supervisorId, p.practitionerId, p.caseRef, channel);
  thread.updatedAt = deps.now.toISOString();
  const message: ThreadMessage = {
    id: deps.newId(),
    threadId: thread.id,
    kind: 'alert',
    author: 'reflect',
    text: p.text,
    data: p.data,
    flags: 1,
    acknowledged: false,
    onAgenda: false,
    createdAt: deps.now.toISOString(),
  };
  const outbox =
    channel === LOCAL_CHANNEL
      ? []
      : [outboxItem(deps, 'thread.alert', channel, { threadId: thread.id, messageId: message.id })];
  return {
    threadUpserts: [thread],
    threadMessages: [message],
    outbox,
    timers: [realertTimer(deps, message.id, 1)],
    messageId: message.id,
  };
}

function directText(deps: EventDeps, event: Extract<EngineEvent, { type: 'alert.urgent' | 'alert.note' }>): string {
  const vars = {
    practitioner: personName(deps.org, event.practitionerId),
    caseRef: deps.catalog.messages.caseRefNotGiven ?? '',
  };
  if (event.type === 'alert.note')
    return fill(deps.catalog.messages.alertNote ?? '{note}', { ...vars, note: event.note }, deps.contacts);
  return fill(
    deps.catalog.messages.alertTextNoCase ?? 'URGENT: {flag}',
    { ...vars, flag: event.flagTitle },
    deps.contacts,
  );
}

function newThread(
  deps: EventDeps,
  supervisorId: string,
  practitionerId: string,
  caseRef: string,
  channel: string,
): ThreadRecord {
  const at = deps.now.toISOString();
  // One thread per case and supervisor, whoever reflects on it: the title names the case, not a practitioner.
  const shown = shownCaseRef(deps.org, caseRef);
  const title = clear(fill(deps.catalog.messages.threadTitle ?? 'Case {caseRef}', { caseRef: shown }, deps.contacts));
  return {
    id: deps.newId(),
    supervisorId,
    practitionerId,
    caseRef,
    channel,
    title,
    reflections: 0,
    openFlags: 0,
    createdAt: at,
    updatedAt: at,
  };
}

function summaryMessage(
  deps: EventDeps,
  thread: ThreadRecord,
  event: Extract<EngineEvent, { type: 'summary.shared' }>,
): ThreadMessage {
  const open = event.summary.flags.filter((f) => f.severity !== 'info').length;
  const view = buildSummaryView(event.summary, catalogWording(deps.catalog, deps.contacts));
  return {
    id: deps.newId(),
    threadId: thread.id,
    kind: 'summary',
    reflectionId: event.reflectionId,
    author: event.practitionerId,
    text: headlineText(view), // the headline; the full reflection is data.view.details
    data: { view, summary: event.summary }, // both cleared: the view to render, the structure for counts and tests
    flags: open,
    acknowledged: false,
    onAgenda: false,
    createdAt: deps.now.toISOString(),
  };
}

function noteMessage(
  deps: EventDeps,
  thread: ThreadRecord,
  event: Extract<EngineEvent, { type: 'alert.note' }>,
): ThreadMessage {
  const vars = { practitioner: personName(deps.org, event.practitionerId), caseRef: event.caseRef, note: event.note };
  return {
    id: deps.newId(),
    threadId: thread.id,
    kind: 'alert',
    reflectionId: event.reflectionId,
    author: event.practitionerId,
    text: fill(deps.catalog.messages.alertNote ?? '{note}', vars, deps.contacts), // the note arrives redacted
    data: { note: true },
    flags: 0, // it goes with the alert; the alert itself carries the open flag
    acknowledged: false,
    onAgenda: false,
    createdAt: deps.now.toISOString(),
  };
}

function alertMessage(
  deps: EventDeps,
  thread: ThreadRecord,
  event: Extract<EngineEvent, { type: 'alert.urgent' }>,
): ThreadMessage {
  const vars = {
    practitioner: staffName({ id: event.practitionerId, name: personName(deps.org, event.practitionerId) }),
    caseRef: clear(event.caseRef ?? ''),
    flag: clear(event.flagTitle),
  };
  // Contacts first (organisation wording), then the gate, then the cleared values.
  const template = fill(
    (event.caseGivenLate ? deps.catalog.messages.alertTextCaseGiven : undefined) ??
      deps.catalog.messages.alertText ??
      'URGENT: {flag}',
    {},
    deps.contacts,
  );
  return {
    id: deps.newId(),
    threadId: thread.id,
    kind: 'alert',
    reflectionId: event.reflectionId,
    author: 'reflect',
    text: clearTemplate(template, vars),
    data: {
      flagId: event.flagId,
      flagTitle: event.flagTitle,
      caseRef: event.caseRef === undefined ? undefined : clear(event.caseRef),
      severity: event.severity,
      practitionerId: event.practitionerId, // whose alert it is: "picked up" goes back to them
    },
    flags: 1,
    acknowledged: false,
    onAgenda: false,
    createdAt: deps.now.toISOString(),
  };
}
