/**
 * The supervisor's side: threads, "picked up", "add to agenda", and replies relayed to the
 * practitioner. Only the practitioner's mapped supervisor may act on a thread.
 *
 * A thread is one case under one supervisor, and more than one practitioner may reflect on a case.
 * Every notice and reply goes to the practitioner whose reflection it answers: the author of the
 * summary (or the practitioner an alert was raised for), never simply the thread's first author.
 */
import { CodedError } from '../errors';
import { clear } from '../core/gate';
import type { OutboxItem, Store, ThreadMessage, ThreadRecord, TurnCommit } from '../store/port';
import { outboxItem, shownCaseRef } from './events';
import { bounded, LIMITS } from './limits';
import type { ReflectService } from './service';
import { LOCAL_CHANNEL } from '../channels/local/name';

export type ThreadAction = 'acknowledge' | 'agenda';

type SupervisionCode = 'THREAD_NOT_FOUND' | 'NOT_YOUR_THREAD' | 'MESSAGE_NOT_FOUND' | 'REPLY_AMBIGUOUS';

export class SupervisionError extends CodedError {
  declare readonly code: SupervisionCode;
  constructor(
    code: SupervisionCode,
    readonly detail: string,
  ) {
    super(code, detail);
  }
}

/** The original alert a message belongs to (itself, unless it is a re-alert). */
function alertChain(m: ThreadMessage): string {
  const data = m.data as { realertOf?: unknown } | undefined;
  return typeof data?.realertOf === 'string' ? data.realertOf : m.id;
}

export class SupervisionService {
  constructor(private readonly service: ReflectService) {}

  private get store(): Store {
    return this.service.deps.store;
  }

  async threadsFor(
    supervisorId: string,
    channel?: string,
  ): Promise<Array<ThreadRecord & { messages: ThreadMessage[] }>> {
    // Only threads this supervisor may read today: a practitioner who moved away takes theirs along.
    const dir = this.service.directory;
    const threads = (await this.store.listThreads(supervisorId, channel)).filter((t) => dir.mayActOn(supervisorId, t));
    return Promise.all(threads.map(async (t) => ({ ...t, messages: await this.store.listThreadMessages(t.id) })));
  }

  async authorise(threadId: string, supervisorId: string): Promise<ThreadRecord> {
    const thread = await this.store.getThread(threadId);
    if (!thread)
      throw new SupervisionError(
        'THREAD_NOT_FOUND',
        `no thread ${threadId}; list threads with GET /local/threads?supervisor=<id>`,
      );
    if (!this.service.directory.mayActOn(supervisorId, thread))
      throw new SupervisionError('NOT_YOUR_THREAD', "only the practitioner's own supervisor can act on this thread");
    return thread;
  }

  /** "Picked up" or "Add to agenda", on one summary or (without messageId) every open summary in the thread. */
  async act(input: {
    threadId: string;
    supervisorId: string;
    action: ThreadAction;
    messageId?: string;
    eventId?: string;
  }): Promise<{ duplicate: boolean; thread: ThreadRecord }> {
    const thread = await this.authorise(input.threadId, input.supervisorId);
    const all = await this.store.listThreadMessages(thread.id);
    const picked = all.filter((m) =>
      input.messageId ? m.id === input.messageId : m.kind !== 'reply' && m.kind !== 'status',
    );
    // A message id from another thread acknowledges nothing here, so nobody is told it was.
    if (input.messageId && picked.length === 0)
      throw new SupervisionError('THREAD_NOT_FOUND', `message ${input.messageId} is not in thread ${thread.id}`);
    // Acknowledging an alert or any of its re-alerts acknowledges the whole chain and stops it at once.
    const chains = new Set(picked.map(alertChain));
    const messages =
      input.action === 'acknowledge' ? all.filter((m) => picked.includes(m) || chains.has(alertChain(m))) : picked;
    const now = this.service.clock();
    const key = input.action === 'acknowledge' ? 'acknowledged' : 'addedToAgenda';
    const text = this.service.text(key, {
      supervisor: this.service.directory.name(thread.supervisorId),
      caseRef: shownCaseRef(this.service.deps.org, thread.caseRef),
    });
    const notices = this.notify(thread, practitionersOf(thread, messages), text);
    // The change, the practitioner's notice, the thread refresh and the event id: one transaction.
    const written = await this.store.commitTurn({
      threadMessageUpdates: messages.map((m) =>
        input.action === 'acknowledge' ? { id: m.id, acknowledged: true } : { id: m.id, onAgenda: true },
      ),
      inbox: notices.inbox,
      outbox: [...notices.outbox, ...this.threadUpdate(thread)],
      cancelTimerRefs: input.action === 'acknowledge' ? [...chains] : undefined,
      audit: [
        { at: now.toISOString(), actor: input.supervisorId, action: `thread.${input.action}`, target: thread.id },
      ],
      processedEventId: input.eventId,
    });
    if (written) this.service.deps.onQueued?.();
    return { duplicate: !written, thread: (await this.store.getThread(thread.id)) ?? thread };
  }

  /**
   * A supervisor's reply in the thread: kept in the thread and relayed, through the redaction gate,
   * to the practitioner whose reflection it answers. `messageId` names that reflection's summary;
   * without it the thread must have one practitioner only, else nothing is sent (REPLY_AMBIGUOUS).
   */
  async reply(raw: {
    threadId: string;
    supervisorId: string;
    text: string;
    messageId?: string;
    eventId?: string;
    externalRef?: string;
  }): Promise<{ duplicate: boolean; practitionerId: string }> {
    const input = { ...raw, text: bounded(raw.text, LIMITS.supervisorReply).text };
    const thread = await this.authorise(input.threadId, input.supervisorId);
    const practitionerId = await this.replyTarget(thread, input.messageId);
    const now = this.service.clock().toISOString();
    const relay = this.service.text('supervisorRelay', {
      supervisor: this.service.directory.name(thread.supervisorId),
      caseRef: shownCaseRef(this.service.deps.org, thread.caseRef),
      text: clear(input.text),
    });
    const message: ThreadMessage = {
      id: this.service.newId(),
      threadId: thread.id,
      kind: 'reply',
      author: input.supervisorId,
      text: input.text,
      data: { to: practitionerId },
      flags: 0,
      acknowledged: true,
      onAgenda: false,
      externalRef: input.externalRef,
      createdAt: now,
    };
    const commit: TurnCommit = {
      ...this.service.pushCommit(practitionerId, thread.channel, [{ kind: 'info', text: relay }]),
      threadMessages: [message],
      audit: [{ at: now, actor: input.supervisorId, action: 'thread.reply.relayed', target: thread.id }],
      processedEventId: input.eventId,
    };
    const written = await this.store.commitTurn(commit);
    if (written) this.service.deps.onQueued?.();
    return { duplicate: !written, practitionerId };
  }

  /** Whose reflection a reply answers: the named summary's author, or the thread's only practitioner. */
  private async replyTarget(thread: ThreadRecord, messageId: string | undefined): Promise<string> {
    const messages = await this.store.listThreadMessages(thread.id);
    if (messageId) {
      const named = messages.filter((m) => m.id === messageId && m.kind !== 'reply' && m.kind !== 'status');
      const [who] = practitionersOf(thread, named);
      if (!who) throw new SupervisionError('MESSAGE_NOT_FOUND', `no reflection ${messageId} in thread ${thread.id}`);
      return who;
    }
    const all = threadPractitioners(thread, messages);
    if (all.length === 1 && all[0]) return all[0];
    const names = all.map((id) => this.service.directory.name(id)).join(', ');
    throw new SupervisionError('REPLY_AMBIGUOUS', this.service.text('replyAmbiguous', { practitioners: names }));
  }

  /** The same notice to each practitioner, in their own channel's inbox or outbox. */
  private notify(
    thread: ThreadRecord,
    practitionerIds: string[],
    text: string,
  ): { inbox: NonNullable<TurnCommit['inbox']>; outbox: OutboxItem[] } {
    const inbox: NonNullable<TurnCommit['inbox']> = [];
    const outbox: OutboxItem[] = [];
    for (const id of practitionerIds) {
      const push = this.service.pushCommit(id, thread.channel, [{ kind: 'info', text }]);
      inbox.push(...(push.inbox ?? []));
      outbox.push(...(push.outbox ?? []));
    }
    return { inbox, outbox };
  }

  private threadUpdate(thread: ThreadRecord): OutboxItem[] {
    if (thread.channel === LOCAL_CHANNEL) return [];
    return [
      outboxItem({ newId: this.service.newId, now: this.service.clock() }, 'thread.update', thread.channel, {
        threadId: thread.id,
      }),
    ];
  }
}

/** The practitioner a summary or alert belongs to: a summary's author, or the one an alert was raised for. */
function ownerOf(message: ThreadMessage): string | undefined {
  if (message.kind === 'summary') return message.author;
  const data = message.data as { practitionerId?: unknown } | undefined;
  if (message.kind === 'alert' && typeof data?.practitionerId === 'string') return data.practitionerId;
  return undefined;
}

/** Distinct practitioners whose summaries or alerts these are; an older alert without an owner is the thread's. */
export function practitionersOf(thread: ThreadRecord, messages: ThreadMessage[]): string[] {
  const ids = messages
    .filter((m) => m.kind === 'summary' || m.kind === 'alert')
    .map((m) => ownerOf(m) ?? thread.practitionerId);
  return [...new Set(ids)];
}

/** Everyone who has shared into this thread (at least the practitioner who opened it). */
export function threadPractitioners(thread: ThreadRecord, messages: ThreadMessage[]): string[] {
  const found = practitionersOf(thread, messages);
  return found.length ? found : [thread.practitionerId];
}
