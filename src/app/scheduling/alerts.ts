/**
 * Who an alert goes to outside a case thread, and the re-alert timers. A direct alert reaches a
 * person through the outbox (Slack or Teams) and, always, the local inbox under their id, which is
 * what the local API and playground read. Escalation goes to the organisation's `escalation`
 * contact, else the supervisor's own manager where one is configured.
 */
import { LOCAL_CHANNEL } from '../../channels/local/name';
import type { OrgConfig } from '../../config/org';
import type { InboxMessage, OutboxItem, TimerRecord } from '../../store/port';

export const MAX_REALERTS = 3;
/** From the second re-alert on, the escalation contact is alerted too. */
export const ESCALATE_FROM = 2;

interface Deps {
  org: OrgConfig;
  newId: () => string;
  now: Date;
}

export interface Target {
  name: string;
  personId?: string; // a person in the org file: their local inbox gets a copy
  /** The person's or contact's record: its entry under a channel's name (a user or channel id) says where to send there. */
  on: Record<string, unknown>;
}

export function realertTimer(deps: Deps, messageId: string, n: number): TimerRecord {
  const at = deps.now.toISOString();
  return {
    id: deps.newId(),
    kind: 'realert',
    ref: messageId,
    dueAt: new Date(deps.now.getTime() + deps.org.urgentRealertMinutes * 60_000).toISOString(),
    payload: { messageId, n },
    createdAt: at,
  };
}

export function supervisorTarget(org: OrgConfig, supervisorId: string): Target | undefined {
  const s = org.supervisors.find((x) => x.id === supervisorId);
  return s ? { name: s.name, personId: s.id, on: s } : undefined;
}

/** The escalation contact for a supervisor's alerts: `escalation`, else their manager, else none. */
export function escalationTarget(org: OrgConfig, supervisorId: string): Target | undefined {
  if (org.escalation) return { name: org.escalation.name, on: org.escalation };
  const manager = org.supervisors.find((x) => x.id === supervisorId)?.manager;
  return manager ? supervisorTarget(org, manager) : undefined;
}

/** How an overdue alert names the escalation contact. */
export function escalationName(org: OrgConfig, supervisorId: string): string | undefined {
  return escalationTarget(org, supervisorId)?.name;
}

function item(deps: Deps, channel: string, payload: unknown): OutboxItem {
  const at = deps.now.toISOString();
  return {
    id: deps.newId(),
    kind: 'person.alert',
    channel,
    payload,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: at,
    createdAt: at,
  };
}

/**
 * A message to a target. `channels` are the channels it may go out on: for a supervisor, the one
 * the practitioner uses (as for threads); for escalation, every running channel the target is on.
 */
export function sendTo(
  deps: Deps,
  target: Target,
  channels: string[],
  text: string,
): { inbox: InboxMessage[]; outbox: OutboxItem[] } {
  const at = deps.now.toISOString();
  const inbox: InboxMessage[] = [];
  if (target.personId) {
    const id = deps.newId();
    const reply = { id, kind: 'urgent', text };
    inbox.push({ id, userId: target.personId, channel: LOCAL_CHANNEL, reply, createdAt: at });
  }
  const outbox: OutboxItem[] = [];
  for (const channel of channels) {
    const to = channel === LOCAL_CHANNEL ? undefined : target.on[channel];
    if (typeof to === 'object' && to !== null) outbox.push(item(deps, channel, { to, text })); // the channel's deliverer reads it
  }
  return { inbox, outbox };
}

/** A direct alert to the practitioner's supervisor, on the channel the practitioner is using. */
export function directToPerson(
  deps: Deps,
  supervisorId: string,
  practitionerChannel: string,
  text: string,
): { inbox: InboxMessage[]; outbox: OutboxItem[] } {
  const target = supervisorTarget(deps.org, supervisorId) ?? { name: supervisorId, personId: supervisorId, on: {} };
  return sendTo(deps, target, [practitionerChannel], text);
}
