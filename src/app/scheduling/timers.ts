/**
 * The timer worker: fires store-backed timers (re-alerts, the check-in prompt, the overdue alert).
 * Each due timer is leased (so replicas do not work on one together) and fired in ONE commit that
 * also records `timer:<id>` as processed, marks it done and queues what it sends through the outbox:
 * so a crash before the commit fires it later, and a second replica can never fire it again.
 * The clock is the service's, a value, so tests move time without waiting.
 */
import { formatTime } from '../../core/checkin';
import { shareableCaseRef } from '../../core/redact';
import type { Logger } from '../../log';
import { LOCAL_CHANNEL } from '../../channels/local/name';
import type { TimerRecord, TurnCommit } from '../../store/port';
import { caseAlert, personName, shownCaseRef } from '../events';
import type { ReflectService } from '../service';
import { ESCALATE_FROM, escalationName, escalationTarget, MAX_REALERTS, realertTimer, sendTo } from './alerts';

const LEASE_MS = 60_000;
const BATCH = 20;

type Firing = Omit<TurnCommit, 'processedEventId' | 'timersDone'>;

export interface TimerWorkerOptions {
  pollMs?: number;
  /** Channels that are running, for escalations to a Slack or Teams contact. */
  channels: string[];
}

export class TimerWorker {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  readonly channels: string[];

  constructor(
    private readonly service: ReflectService,
    private readonly log: Logger,
    private readonly options: TimerWorkerOptions,
  ) {
    this.channels = [...options.channels];
  }

  start(): void {
    this.timer = setInterval(() => this.kick(), this.options.pollMs ?? 5000);
    this.timer.unref();
    this.kick();
  }

  kick(): void {
    if (this.running !== undefined) return; // one run at a time; the next poll picks up the rest
    this.running = this.runDue()
      .catch((err: Error) => {
        this.log.error({ code: 'TIMERS_FAILED', err: err.name }, 'timers failed; retrying at the next poll');
        return 0;
      })
      .finally(() => {
        this.running = undefined;
      });
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Fires every due timer; returns how many fired here. */
  async runDue(): Promise<number> {
    const { store } = this.service.deps;
    const now = this.service.clock();
    const claimed = await store.claimTimers(now.toISOString(), new Date(now.getTime() + LEASE_MS).toISOString(), BATCH);
    let fired = 0;
    for (const timer of claimed) {
      try {
        if (await this.fire(timer)) fired++;
      } catch (err) {
        // Left leased: it is tried again when the lease runs out; the others still fire now.
        this.log.warn({ code: 'TIMER_FIRE_FAILED', err: (err as Error).name, timer: timer.kind }, 'timer not fired');
      }
    }
    if (fired > 0) this.service.deps.onQueued?.();
    return fired;
  }

  private async fire(timer: TimerRecord): Promise<boolean> {
    const firing = await this.firing(timer);
    const written = await this.service.deps.store.commitTurn({
      ...firing,
      timersDone: [timer.id],
      processedEventId: `timer:${timer.id}`,
    });
    if (written) this.log.info({ timer: timer.kind, ref: timer.ref }, 'timer fired');
    return written;
  }

  private firing(timer: TimerRecord): Promise<Firing> {
    if (timer.kind === 'realert') return this.realert(timer);
    return this.checkinTimer(timer);
  }

  /** An unacknowledged alert, again; from the second re-alert on, to the escalation contact too. */
  private async realert(timer: TimerRecord): Promise<Firing> {
    const { store, org } = this.service.deps;
    const now = this.service.clock();
    const message = await store.getThreadMessage(String(timer.payload.messageId));
    const thread = message && (await store.getThread(message.threadId));
    if (!message || !thread || message.acknowledged) return {}; // picked up (or purged): the chain ends
    const n = Number(timer.payload.n);
    const waited = Math.max(0, Math.round((now.getTime() - Date.parse(message.createdAt)) / 60_000));
    const vars = { waited, n, max: MAX_REALERTS, text: message.text };
    const id = this.service.newId();
    const firing: Firing = {
      threadUpserts: [{ ...thread, updatedAt: now.toISOString() }],
      threadMessages: [
        {
          id,
          threadId: thread.id,
          kind: 'alert',
          author: 'reflect',
          text: this.service.text('realertText', vars),
          data: { realertOf: message.id, n, waitedMinutes: waited },
          flags: 0, // the original alert carries the open flag
          acknowledged: false,
          onAgenda: false,
          createdAt: now.toISOString(),
        },
      ],
      outbox: [],
      inbox: [],
      timers: n < MAX_REALERTS ? [realertTimer({ org, newId: this.service.newId, now }, message.id, n + 1)] : [],
      audit: [{ at: now.toISOString(), actor: 'system', action: 'alert.realerted', target: message.id }],
    };
    if (thread.channel !== LOCAL_CHANNEL)
      firing.outbox?.push(this.outboxItem('thread.alert', thread.channel, { threadId: thread.id, messageId: id }));
    const target = n >= ESCALATE_FROM ? escalationTarget(org, thread.supervisorId) : undefined;
    if (target) {
      const text = this.service.text('escalationText', {
        ...vars,
        supervisor: personName(org, thread.supervisorId),
        caseRef: shownCaseRef(org, thread.caseRef),
      });
      const sent = sendTo({ org, newId: this.service.newId, now }, target, this.channels, text);
      firing.inbox?.push(...sent.inbox);
      firing.outbox?.push(...sent.outbox);
      firing.audit?.push({ at: now.toISOString(), actor: 'system', action: 'alert.escalated', target: message.id });
    }
    return firing;
  }

  private outboxItem(kind: string, channel: string, payload: unknown) {
    const at = this.service.clock().toISOString();
    return {
      id: this.service.newId(),
      kind,
      channel,
      payload,
      status: 'pending' as const,
      attempts: 0,
      nextAttemptAt: at,
      createdAt: at,
    };
  }

  /** The "are you OK?" prompt at the expected time, and the overdue alert after the grace period. */
  private async checkinTimer(timer: TimerRecord): Promise<Firing> {
    const { store, org, catalog, contacts } = { ...this.service.deps, contacts: this.service.contacts };
    const checkin = await store.getCheckinById(String(timer.payload.checkinId));
    // Checked out, or extended since (the new deadline has its own timers): nothing to do.
    if (checkin?.status !== 'open' || checkin.data.dueAt !== timer.payload.dueAt) return {};
    const now = this.service.clock();
    const p = this.service.practitioner(checkin.practitionerId);
    if (!p) return {};
    if (timer.kind === 'checkin.prompt') {
      const text = this.service.text('checkinAreYouOk', { caseRef: checkin.data.caseRef });
      return this.service.pushCommit(p.id, checkin.channel, [{ kind: 'question', text }]);
    }
    const tz = org.loneWorking.timeZone;
    const text = this.service.text('overdueText', {
      practitioner: p.name,
      caseRef: shareableCaseRef(checkin.data.caseRef ?? '', org.caseRefPattern),
      start: formatTime(checkin.data.startedAt ?? now.toISOString(), tz),
      end: formatTime(checkin.data.dueAt ?? now.toISOString(), tz),
      grace: org.loneWorking.graceMinutes,
      escalation: escalationName(org, p.supervisor) ?? this.service.text('overdueNoEscalation'),
    });
    const deps = { ...this.service.eventDeps(now), catalog, contacts };
    const alert = await caseAlert(deps, {
      supervisorId: p.supervisor,
      practitionerId: p.id,
      caseRef: checkin.data.caseRef?.trim() ?? '', // the key, as an urgent alert's: the same case thread
      channel: checkin.channel,
      text, // never notes: the case, the times and who to escalate to
      data: { kind: 'overdue', checkinId: checkin.id, startedAt: checkin.data.startedAt, dueAt: checkin.data.dueAt },
    });
    const { messageId, ...rest } = alert;
    const marked = { ...checkin, data: { ...checkin.data, overdueMessageId: messageId }, updatedAt: now.toISOString() };
    return {
      ...rest,
      checkins: [{ record: marked, expectedVersion: checkin.version }], // a concurrent check-out wins; this retries
      audit: [{ at: now.toISOString(), actor: 'system', action: 'checkin.overdue', target: messageId }],
    };
  }
}
