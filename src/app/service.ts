/**
 * The application service: the one place that loads a reflection, runs the engine, and commits
 * the result (state, thread, outbox, inbox, audit) in one transaction BEFORE any reply is sent.
 * Every channel calls it; no channel holds flow logic of its own.
 */
import { randomUUID } from 'node:crypto';
import type { Catalog } from '../core/catalog';
import { handleTurn } from '../core/engine';
import { situationsOf } from '../core/flow';
import { type PastReflection, pastReflection } from '../core/rotation';
import { prepareRedaction } from '../core/redact';
import { contactsFor, message } from '../core/text';
import type { EngineContext, EngineInput, ReflectionState, Reply } from '../core/types';
import type { OrgConfig, Practitioner } from '../config/org';
import type { Logger } from '../log';
import { StoreConflictError, type InboxMessage, type Store, type TurnCommit } from '../store/port';
import { commitForEvents, outboxItem } from './events';
import { LOCAL_CHANNEL } from '../channels/local/name';

/** Earlier reflections on a case read for rotation: enough to cover several five-reflection windows. */
const CASE_HISTORY_LIMIT = 20;

export interface ServiceDeps {
  store: Store;
  catalog: Catalog;
  org: OrgConfig;
  log: Logger;
  clock?: () => Date;
  newId?: () => string;
  /** Called after a commit that queued deliveries, so urgent alerts go out at once. */
  onQueued?: () => void;
  /** Called after each committed practitioner turn (optional assistance hooks in here). */
  afterTurn?: (turn: CommittedTurn) => void;
}

export interface TurnRequest {
  channel: string;
  practitionerId: string;
  input: EngineInput;
  /** The channel's event id; a repeat is recognised and does nothing. */
  eventId?: string;
}

export interface TurnResponse {
  replies: Reply[];
  duplicate: boolean;
  state?: ReflectionState;
}

export interface CommittedTurn {
  channel: string;
  practitionerId: string;
  input: EngineInput;
  before: ReflectionState | undefined;
  state: ReflectionState;
  replies: Reply[];
}

export class ReflectService {
  readonly clock: () => Date;
  readonly newId: () => string;
  readonly contacts: Record<string, string>;

  constructor(readonly deps: ServiceDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.newId = deps.newId ?? randomUUID;
    this.contacts = contactsFor(deps.catalog, deps.org.contacts);
  }

  get catalog(): Catalog {
    return this.deps.catalog;
  }

  practitioner(id: string): Practitioner | undefined {
    return this.deps.org.practitioners.find((p) => p.id === id);
  }

  /** Polite refusal for people not in the organisation file. Nothing is stored for them. */
  unknownUserReply(): Reply {
    return {
      kind: 'error',
      text: message(this.deps.catalog, 'unknownUser', { organisation: this.deps.org.organisation }, this.contacts),
    };
  }

  text(key: string, vars: Record<string, string | number | undefined> = {}): string {
    return message(this.deps.catalog, key, vars, this.contacts);
  }

  context(practitioner: Practitioner): EngineContext {
    const sup = this.deps.org.supervisors.find((s) => s.id === practitioner.supervisor);
    return {
      now: this.clock(),
      newId: this.newId,
      practitioner: { id: practitioner.id, name: practitioner.name },
      supervisor: { id: sup?.id ?? practitioner.supervisor, name: sup?.name ?? practitioner.supervisor },
      organisation: this.deps.org.organisation,
      retentionDays: this.deps.org.retentionDays,
      contacts: this.contacts,
      caseRefPattern: this.deps.org.caseRefPattern,
    };
  }

  /** One practitioner turn. Retries once on a concurrent write to the same reflection. */
  async handle(req: TurnRequest): Promise<TurnResponse> {
    const practitioner = this.practitioner(req.practitionerId);
    if (!practitioner) return { replies: [this.unknownUserReply()], duplicate: false };
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.tryHandle(req, practitioner);
      } catch (err) {
        if (!(err instanceof StoreConflictError) || attempt >= 2) throw err;
      }
    }
  }

  private async tryHandle(req: TurnRequest, practitioner: Practitioner): Promise<TurnResponse> {
    const { store, catalog } = this.deps;
    if (req.eventId && (await store.hasProcessedEvent(req.eventId))) return { replies: [], duplicate: true };
    const row = await store.getOpenReflection(practitioner.id);
    const before = row?.state;
    const ctx = { ...this.context(practitioner), history: await this.caseHistory(before) };
    const result = handleTurn(catalog, before ?? null, req.input, ctx, req.channel);
    const state = { ...result.state, version: (before?.version ?? 0) + 1 };
    const extra = await commitForEvents(this.eventDeps(ctx.now), result.events, practitioner.id, req.channel);
    const inbox = req.channel === LOCAL_CHANNEL ? this.inbox(practitioner.id, result.replies, ctx.now) : [];
    const commit: TurnCommit = {
      ...extra,
      reflection: { state, caseRef: caseRefOf(state, catalog), expectedVersion: before?.version },
      processedEventId: req.eventId,
      inbox,
    };
    if (result.previous) {
      // "Start again": close the old reflection first; the new one is then a fresh insert.
      await store.commitTurn({
        reflection: { state: { ...result.previous, version: state.version }, expectedVersion: before?.version },
      });
      commit.reflection = { state: { ...state, version: 1 }, caseRef: undefined };
    }
    const written = await store.commitTurn(commit);
    if (!written) return { replies: [], duplicate: true };
    if ((extra.outbox?.length ?? 0) > 0) this.deps.onQueued?.();
    this.deps.log.info(
      {
        reflectionId: state.id,
        channel: req.channel,
        input: req.input.type,
        status: state.status,
        position: state.position,
      },
      'turn',
    );
    this.deps.afterTurn?.({
      channel: req.channel,
      practitionerId: practitioner.id,
      input: req.input,
      before,
      state,
      replies: result.replies,
    });
    warmRedaction(before, state);
    const replies = inbox.length ? result.replies.map((r, i) => ({ ...r, id: inbox[i]?.id })) : result.replies;
    return { replies, duplicate: false, state };
  }

  /**
   * Earlier reflections on this case, read only while the core may be composed (context questions
   * still open), so ordinary turns cost no extra read.
   */
  private async caseHistory(before: ReflectionState | undefined): Promise<PastReflection[]> {
    const { catalog, store } = this.deps;
    if (!before || before.queue.length > catalog.contextQuestions.length) return [];
    const pending = before.pending?.kind === 'opening-confirm' ? Object.values(before.pending.answers) : [];
    const caseRef = caseRefOf(before, catalog) ?? pending[0];
    if (!caseRef) return [];
    const rows = await store.listCaseReflections(caseRef, CASE_HISTORY_LIMIT);
    return rows
      .filter((r) => r.state.id !== before.id && r.status !== 'cancelled')
      .map((r) => pastReflection(r.state, catalog, situationsOf(r.state, catalog)));
  }

  eventDeps(now: Date) {
    return {
      catalog: this.deps.catalog,
      org: this.deps.org,
      newId: this.newId,
      now,
      contacts: this.contacts,
      findThread: (s: string, c: string, ch: string) => this.deps.store.findThread(s, c, ch),
    };
  }

  inbox(userId: string, replies: Reply[], now: Date): InboxMessage[] {
    return replies.map((reply) => {
      const id = this.newId();
      return { id, userId, channel: LOCAL_CHANNEL, reply: { ...reply, id }, createdAt: now.toISOString() };
    });
  }

  /**
   * A bot message that arrives outside a turn (supervisor replies, acknowledgements, assistance).
   * Local: straight into the inbox. Slack/Teams: through the outbox, so it survives restarts.
   */
  pushCommit(practitionerId: string, channel: string, replies: Reply[]): Pick<TurnCommit, 'inbox' | 'outbox'> {
    const now = this.clock();
    if (channel === LOCAL_CHANNEL) return { inbox: this.inbox(practitionerId, replies, now), outbox: [] };
    return {
      inbox: [],
      outbox: replies.map((reply) =>
        outboxItem({ newId: this.newId, now }, 'practitioner.reply', channel, { practitionerId, reply }),
      ),
    };
  }

  async push(practitionerId: string, channel: string, replies: Reply[], eventId?: string): Promise<boolean> {
    const written = await this.deps.store.commitTurn({
      ...this.pushCommit(practitionerId, channel, replies),
      processedEventId: eventId,
    });
    if (written && channel !== LOCAL_CHANNEL) this.deps.onQueued?.();
    return written;
  }

  /** The practitioner's reflections (for Slack's App Home and the playground). */
  async recent(practitionerId: string, limit = 10): Promise<ReflectionState[]> {
    return (await this.deps.store.listReflections(practitionerId, limit)).map((r) => r.state);
  }
}

/**
 * Name detection is the slow part of redaction (a few ms a note). Doing it for a new note after the
 * reply has gone keeps it off every practitioner's wait, and the preview then finds it memoised.
 */
function warmRedaction(before: ReflectionState | undefined, after: ReflectionState): void {
  const fresh = Object.entries(after.answers)
    .filter(([id, a]) => a.note && a.note !== before?.answers[id]?.note)
    .map(([, a]) => a.note as string);
  if (fresh.length > 0) setImmediate(() => prepareRedaction(fresh));
}

function caseRefOf(state: ReflectionState, catalog: Catalog): string | undefined {
  const q = catalog.contextQuestions.map((id) => catalog.questions.get(id)).find((x) => x?.contextKey === 'caseRef');
  return q ? state.answers[q.id]?.note : undefined;
}
