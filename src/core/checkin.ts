/**
 * Lone-working check-in and check-out (Pan-Bedfordshire §13: make sure someone knows where you are
 * and when you will be back). Pure: (check-in, input, clock as a value) -> records, timers, replies.
 * The app layer commits what this returns in one transaction and fires the timers it schedules.
 */
import type { Catalog } from './catalog';
import { isCurrentPress, PROMPT } from './press';
import { formatTime, parseCheckinCommand, parseDuration } from './checkin-parse';
import { message, normalise, type Vars } from './text';
import type { Reply } from './types';

export interface CheckinData {
  caseRef?: string;
  startedAt?: string;
  dueAt?: string;
  /** What the next message answers: the case reference, the visit length, or "close the old one?". */
  step?: 'case' | 'duration' | 'replace' | 'before-visit';
  asked?: { questionId: string; token: string };
  /** While "close the open check-in?" is asked: the new check-in's case reference, if given inline. */
  next?: { caseRef?: string };
  /** Set when the overdue alert went out: a later check-out or extension tells the supervisor and stops its re-alerts. */
  overdueMessageId?: string;
}

/** A check-in as stored (src/store/port.ts calls it CheckinRecord). */
export interface Checkin {
  id: string;
  practitionerId: string;
  status: 'draft' | 'open' | 'closed';
  channel: string;
  data: CheckinData;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface CheckinTimer {
  kind: 'checkin.prompt' | 'checkin.overdue';
  ref: string;
  dueAt: string;
  payload: Record<string, string | number>;
}

export interface CheckinContext {
  catalog: Catalog;
  contacts: Record<string, string>;
  now: Date;
  newId: () => string;
  practitionerId: string;
  channel: string;
  graceMinutes: number;
  timeZone: string;
  /** Cases whose last reflection was hostile or has an open practitioner-fear flag: the before-visit offer. */
  offerBeforeVisit: (caseRef: string) => boolean;
}

export type CheckinInput =
  | { type: 'text'; text: string }
  | { type: 'press'; value: string; questionId?: string; token?: string };

export interface CheckinResult {
  writes: Array<{ record: Checkin; expectedVersion: number }>; // expectedVersion 0: a new record
  timers: CheckinTimer[];
  cancelRefs: string[];
  replies: Reply[];
  audit: Array<{ action: string; target: string }>;
  /** The practitioner is back in touch after an overdue alert: the supervisor is told in the alert's thread. */
  resolvesOverdue?: { messageId: string; key: 'overdueCheckedOut' | 'overdueExtended'; time: string };
  /** Set when the practitioner asked to reflect now (after check-out) or to go through the before-visit questions. */
  startReflection?: { caseRef: string; beforeVisit: boolean };
}

const CHECKIN_PROMPTS = new Set<string>([PROMPT.checkinReplace, PROMPT.beforeVisit, PROMPT.checkout]);
export { formatTime, parseCheckinCommand, parseDuration };

const MAX_MINUTES = 12 * 60;
const DRAFT_MINUTES = 30; // an unfinished check-in stops catching messages after this

/** Whether this input is for the check-in (a command, an answer it is waiting for, or a press on its buttons). */
export function isForCheckin(current: Checkin | undefined, input: CheckinInput, now: Date): boolean {
  if (input.type === 'press') return CHECKIN_PROMPTS.has(input.questionId ?? '');
  if (parseCheckinCommand(input.text, current?.status === 'open')) return true;
  const step = current?.data.step;
  if (!current || !step || step === 'before-visit' || step === 'replace') return false;
  return now.getTime() - Date.parse(current.updatedAt) < DRAFT_MINUTES * 60_000;
}

class CheckinTurn {
  readonly result: CheckinResult = { writes: [], timers: [], cancelRefs: [], replies: [], audit: [] };
  constructor(readonly ctx: CheckinContext) {}

  get now(): string {
    return this.ctx.now.toISOString();
  }

  msg(key: string, vars: Vars = {}): string {
    return message(this.ctx.catalog, key, vars, this.ctx.contacts);
  }

  say(key: string, vars: Vars = {}): void {
    this.result.replies.push({ kind: 'info', text: this.msg(key, vars) });
  }

  time(iso: string | undefined): string {
    return iso ? formatTime(iso, this.ctx.timeZone) : '';
  }

  write(record: Checkin, before: Checkin | undefined): Checkin {
    const next = { ...record, updatedAt: this.now };
    this.result.writes.push({ record: next, expectedVersion: before ? before.version : 0 });
    return next;
  }

  prompt(record: Checkin, questionId: string, text: string, choices: Array<{ id: string; label: string }>): Checkin {
    const token = this.ctx.newId();
    this.result.replies.push({ kind: 'question', text, choices, meta: { questionId, token } });
    return { ...record, data: { ...record.data, asked: { questionId, token } } };
  }
}

export function handleCheckin(current: Checkin | undefined, input: CheckinInput, ctx: CheckinContext): CheckinResult {
  const turn = new CheckinTurn(ctx);
  if (input.type === 'press') press(turn, current, input);
  else typed(turn, current, input.text);
  return turn.result;
}

function typed(turn: CheckinTurn, current: Checkin | undefined, text: string): void {
  const open = current?.status === 'open' ? current : undefined;
  const command = parseCheckinCommand(text, open !== undefined);
  if (command?.kind === 'checkin') return checkin(turn, current, command.caseRef);
  if (command?.kind === 'checkout') return checkout(turn, open);
  if (command?.kind === 'extend') return extend(turn, open, command.amount);
  if (current?.status === 'draft' && normalise(text) === 'cancel') {
    turn.write({ ...current, status: 'closed', data: {} }, current);
    return turn.say('checkinCancelled');
  }
  if (current?.data.step === 'case') return takeCase(turn, current, text, current);
  if (current?.data.step === 'duration') return takeDuration(turn, current, text);
}

function checkin(turn: CheckinTurn, current: Checkin | undefined, caseRef: string | undefined): void {
  if (current?.status === 'open') {
    const asking = { ...current, data: { ...current.data, step: 'replace' as const, next: { caseRef } } };
    const text = turn.msg('checkinReplace', { caseRef: current.data.caseRef, time: turn.time(current.data.dueAt) });
    const yesNo = [
      { id: 'yes', label: turn.msg('checkinReplaceYes') },
      { id: 'no', label: turn.msg('checkinReplaceNo') },
    ];
    turn.write(turn.prompt(asking, PROMPT.checkinReplace, text, yesNo), current);
    return;
  }
  const reuse = current?.status === 'draft' ? current : undefined; // a closed record stays closed
  const fresh: Checkin = {
    id: reuse?.id ?? turn.ctx.newId(),
    practitionerId: turn.ctx.practitionerId,
    status: 'draft',
    channel: turn.ctx.channel,
    data: {},
    version: reuse?.version ?? 1,
    createdAt: reuse?.createdAt ?? turn.now,
    updatedAt: turn.now,
  };
  if (caseRef) return takeCase(turn, fresh, caseRef, reuse);
  turn.write({ ...fresh, data: { step: 'case' } }, reuse);
  turn.say('checkinAskCase');
}

function takeCase(turn: CheckinTurn, draft: Checkin, text: string, before: Checkin | undefined): void {
  const caseRef = text.trim().slice(0, 100);
  if (!caseRef) return turn.say('checkinAskCase');
  turn.write({ ...draft, data: { caseRef, step: 'duration' } }, before);
  turn.say('checkinAskDuration', { caseRef });
}

/** Bad input gets an example and changes nothing. */
function readMinutes(turn: CheckinTurn, text: string): number | undefined {
  const minutes = parseDuration(text);
  if (minutes === undefined) turn.say('checkinBadDuration');
  else if (minutes < 1 || minutes > MAX_MINUTES) turn.say('checkinDurationRange');
  else return minutes;
  return undefined;
}

function takeDuration(turn: CheckinTurn, draft: Checkin, text: string): void {
  const minutes = readMinutes(turn, text);
  if (minutes === undefined) return;
  const caseRef = draft.data.caseRef ?? '';
  const dueAt = new Date(turn.ctx.now.getTime() + minutes * 60_000).toISOString();
  let open: Checkin = { ...draft, status: 'open', data: { caseRef, startedAt: turn.now, dueAt } };
  schedule(turn, open);
  turn.result.audit.push({ action: 'checkin.opened', target: draft.id });
  turn.say('checkinConfirmed', { caseRef, time: turn.time(dueAt) });
  if (turn.ctx.offerBeforeVisit(caseRef)) {
    open = { ...open, data: { ...open.data, step: 'before-visit' } };
    open = turn.prompt(open, PROMPT.beforeVisit, turn.msg('checkinBeforeVisitOffer'), [
      { id: 'yes', label: turn.msg('checkinBeforeVisitYes') },
      { id: 'no', label: turn.msg('checkinBeforeVisitNo') },
    ]);
  }
  turn.write(open, draft);
}

function schedule(turn: CheckinTurn, open: Checkin): void {
  const dueAt = open.data.dueAt ?? turn.now;
  const overdueAt = new Date(Date.parse(dueAt) + turn.ctx.graceMinutes * 60_000).toISOString();
  turn.result.timers.push(
    { kind: 'checkin.prompt', ref: open.id, dueAt, payload: { checkinId: open.id, dueAt } },
    { kind: 'checkin.overdue', ref: open.id, dueAt: overdueAt, payload: { checkinId: open.id, dueAt } },
  );
}

function checkout(turn: CheckinTurn, open: Checkin | undefined): void {
  if (!open) return turn.say('checkoutNothingOpen');
  turn.result.cancelRefs.push(open.id);
  turn.result.audit.push({ action: 'checkin.closed', target: open.id });
  resolveOverdue(turn, open, 'overdueCheckedOut', turn.now);
  const closed: Checkin = { ...open, status: 'closed', data: { ...open.data, step: undefined } };
  const text = turn.msg('checkedOut', { caseRef: open.data.caseRef, time: turn.time(turn.now) });
  const offer = [
    { id: 'reflect', label: turn.msg('checkoutReflect') },
    { id: 'no', label: turn.msg('checkoutNotNow') },
  ];
  // The offer's token lives on the closed record, so a press on it can be told from an older one.
  turn.write(turn.prompt(closed, PROMPT.checkout, text, offer), open);
}

function resolveOverdue(
  turn: CheckinTurn,
  open: Checkin,
  key: 'overdueCheckedOut' | 'overdueExtended',
  at: string,
): void {
  const messageId = open.data.overdueMessageId;
  if (!messageId) return;
  turn.result.cancelRefs.push(messageId); // the overdue alert's re-alerts stop: they are in touch
  turn.result.resolvesOverdue = { messageId, key, time: turn.time(at) };
}

function extend(turn: CheckinTurn, open: Checkin | undefined, amount: string | undefined): void {
  if (!open) return turn.say('checkoutNothingOpen');
  if (!amount) return turn.say('extendNeedsNumber');
  const minutes = readMinutes(turn, amount);
  if (minutes === undefined) return;
  const from = Math.max(Date.parse(open.data.dueAt ?? turn.now), turn.ctx.now.getTime());
  const dueAt = new Date(from + minutes * 60_000).toISOString();
  const next = { ...open, data: { ...open.data, dueAt, overdueMessageId: undefined } };
  turn.result.cancelRefs.push(open.id); // the old deadline's timers stop in the same commit
  resolveOverdue(turn, open, 'overdueExtended', dueAt);
  schedule(turn, next);
  turn.write(next, open);
  turn.result.audit.push({ action: 'checkin.extended', target: open.id });
  turn.say('checkinExtended', { caseRef: open.data.caseRef, time: turn.time(dueAt) });
}

function press(turn: CheckinTurn, current: Checkin | undefined, input: Extract<CheckinInput, { type: 'press' }>): void {
  if (!current || !isCurrentPress(current.data.asked, input)) return turn.say('lateClickCheckin');
  const cleared = { ...current, data: { ...current.data, step: undefined, asked: undefined, next: undefined } };
  const yes = input.value === 'yes' || input.value === 'reflect';
  switch (input.questionId) {
    case PROMPT.checkinReplace: {
      if (!yes) {
        turn.write(cleared, current);
        return turn.say('checkinKept', { caseRef: current.data.caseRef, time: turn.time(current.data.dueAt) });
      }
      turn.write({ ...cleared, status: 'closed' }, current);
      turn.result.cancelRefs.push(current.id);
      turn.result.audit.push({ action: 'checkin.closed', target: current.id });
      turn.say('checkinOldClosed', { caseRef: current.data.caseRef });
      return checkin(turn, undefined, current.data.next?.caseRef);
    }
    case PROMPT.beforeVisit:
    case PROMPT.checkout: {
      turn.write(cleared, current);
      const caseRef = current.data.caseRef ?? '';
      if (yes) turn.result.startReflection = { caseRef, beforeVisit: input.questionId === PROMPT.beforeVisit };
      else turn.say(input.questionId === PROMPT.beforeVisit ? 'checkinBeforeVisitDeclined' : 'checkoutNoReflection');
      return;
    }
  }
  turn.say('lateClickCheckin');
}
