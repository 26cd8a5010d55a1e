/**
 * Lone-working check-ins in the app layer: load the practitioner's check-in, run the pure core
 * (src/core/checkin.ts), and commit records, timers, replies and audit in one transaction before
 * anything is said. Typed "urgent" never comes here: the urgent path goes first, always.
 */
import {
  type CheckinInput,
  type CheckinResult,
  handleCheckin,
  isForCheckin,
  parseCheckinCommand,
} from '../../core/checkin';
import { startForCase, wasHostile } from '../../core/checkin-start';
import { parseCommand } from '../../core/commands';
import type { EngineInput, Reply } from '../../core/types';
import type { Practitioner } from '../../config/org';
import { LOCAL_CHANNEL } from '../../channels/local/name';
import type { ThreadMessage, TimerRecord, TurnCommit } from '../../store/port';
import { outboxItem, shownCaseRef } from '../events';
import type { ReflectService, TurnRequest, TurnResponse } from '../service';

function toCheckinInput(input: EngineInput): CheckinInput | undefined {
  if (input.type === 'text') return { type: 'text', text: input.text };
  if (input.type === 'choice')
    return { type: 'press', value: input.value, questionId: input.questionId, token: input.token };
  return undefined;
}

/** The check-in's answer to this request, or undefined when the request is for the reflection. */
export async function handleCheckinTurn(
  service: ReflectService,
  req: TurnRequest,
  practitioner: Practitioner,
): Promise<TurnResponse | undefined> {
  const input = toCheckinInput(req.input);
  if (!input) return undefined;
  if (input.type === 'text' && parseCommand(input.text, false) === 'urgent') return undefined;
  const { store, catalog, org } = service.deps;
  const now = service.clock();
  const current = await store.getCheckin(practitioner.id);
  if (!isForCheckin(current, input, now)) return undefined;
  if (input.type === 'text' && current?.status === 'draft' && !parseCheckinCommand(input.text, false)) {
    // An unfinished check-in and a reflection both waiting: the one that asked last gets the answer.
    const open = await store.getOpenReflection(practitioner.id);
    const asking = open && open.state.status !== 'paused';
    if (asking && open.state.updatedAt >= current.updatedAt) return undefined;
  }
  if (req.eventId && (await store.hasProcessedEvent(req.eventId))) return { replies: [], duplicate: true };
  const recent = await store.listReflections(practitioner.id, 50);
  const result = handleCheckin(current, input, {
    catalog,
    contacts: service.contacts,
    now,
    newId: service.newId,
    practitionerId: practitioner.id,
    channel: req.channel,
    graceMinutes: org.loneWorking.graceMinutes,
    timeZone: org.loneWorking.timeZone,
    offerBeforeVisit: (caseRef) => {
      const last = recent.find((r) => r.caseRef === caseRef);
      return last !== undefined && wasHostile(last.state, catalog);
    },
  });
  let replies: Reply[] = result.replies;
  const commit: TurnCommit = {
    checkins: result.writes,
    cancelTimerRefs: result.cancelRefs,
    timers: result.timers.map((t): TimerRecord => ({ ...t, id: service.newId(), createdAt: now.toISOString() })),
    audit: result.audit.map((a) => ({ at: now.toISOString(), actor: practitioner.id, ...a })),
    processedEventId: req.eventId,
  };
  if (result.startReflection) {
    const open = await store.getOpenReflection(practitioner.id);
    if (open) replies = [...replies, { kind: 'info', text: service.text('checkinReflectionOpen') }];
    else {
      const { caseRef, beforeVisit } = result.startReflection;
      const started = startForCase(catalog, service.context(practitioner), req.channel, caseRef, beforeVisit);
      commit.reflection = { state: { ...started.state, version: 1 }, caseRef, expectedVersion: 0 };
      replies = [...replies, ...started.replies];
    }
  }
  if (result.resolvesOverdue)
    Object.assign(commit, await overdueResolved(service, practitioner, result.resolvesOverdue));
  const inbox = req.channel === LOCAL_CHANNEL ? service.inbox(practitioner.id, replies, now) : [];
  const written = await store.commitTurn({ ...commit, inbox });
  if (!written) return { replies: [], duplicate: true };
  if ((commit.outbox?.length ?? 0) > 0) service.deps.onQueued?.();
  service.deps.log.info({ channel: req.channel, checkin: result.writes[0]?.record.status }, 'checkin turn');
  return { replies: inbox.length ? replies.map((r, i) => ({ ...r, id: inbox[i]?.id })) : replies, duplicate: false };
}

/** "Alex checked out at 15:20" (or extended) in the overdue alert's thread. */
async function overdueResolved(
  service: ReflectService,
  practitioner: Practitioner,
  r: NonNullable<CheckinResult['resolvesOverdue']>,
): Promise<Pick<TurnCommit, 'threadMessages' | 'outbox'>> {
  const { store } = service.deps;
  const alert = await store.getThreadMessage(r.messageId);
  const thread = alert && (await store.getThread(alert.threadId));
  if (!alert || !thread) return {};
  const now = service.clock();
  const message: ThreadMessage = {
    id: service.newId(),
    threadId: thread.id,
    kind: 'alert',
    author: 'reflect',
    text: service.text(r.key, {
      practitioner: practitioner.name,
      caseRef: shownCaseRef(service.deps.org, thread.caseRef),
      time: r.time,
    }),
    data: { resolves: alert.id },
    flags: 0,
    acknowledged: false,
    onAgenda: false,
    createdAt: now.toISOString(),
  };
  const outbox =
    thread.channel === LOCAL_CHANNEL
      ? []
      : [
          outboxItem({ newId: service.newId, now }, 'thread.alert', thread.channel, {
            threadId: thread.id,
            messageId: message.id,
          }),
        ];
  return { threadMessages: [message], outbox };
}
