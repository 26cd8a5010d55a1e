/**
 * The application service: the one place that loads a reflection, runs the engine, and commits
 * the result (state, thread, outbox, inbox, audit) in one transaction BEFORE any reply is sent.
 * Every channel calls it; no channel holds flow logic of its own.
 */
import { randomUUID } from 'node:crypto';
import type { Catalog } from '../core/catalog';
import { handleTurn } from '../core/engine';
import { idleReplyKey } from '../core/idle';
import { situationsOf } from '../core/flow';
import { type PastReflection, pastReflection } from '../core/rotation';
import { prepareRedaction } from '../core/redact';
import { contactsFor, message } from '../core/text';
import type { EngineContext, EngineInput, ReflectionState, Reply } from '../core/types';
import type { OrgConfig, Practitioner } from '../config/org';
import type { Logger } from '../log';
import { StoreConflictError, type InboxMessage, type Store, type TurnCommit } from '../store/port';
import { Directory } from './directory';
import { commitForEvents, outboxItem } from './events';
import { LOCAL_CHANNEL } from '../channels/local/name';
import { ASSIST_PREFIX } from '../core/assist-state';
import { boundState, cleanInput, LIMITS } from './limits';
import { jitterMs, KeyedSerial } from './serial';

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
  /**
   * Runs before the reflection engine; a response means the request was handled there (lone-working
   * check-ins, src/app/scheduling/checkins.ts). Wired in main.ts, so the service does not depend on it.
   */
  intercept?: (req: TurnRequest, practitioner: Practitioner) => Promise<TurnResponse | undefined>;
  /** The organisation as it is now; defaults to a directory over `org`. */
  directory?: Directory;
  /** How many times a turn is tried against concurrent writes before asking to resend (default 8). */
  conflictAttempts?: number;
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

/** With jitter up to 250 ms each, eight tries span about a second: far beyond any realistic overlap. */
const CONFLICT_ATTEMPTS = 8;

export class ReflectService {
  private readonly serial = new KeyedSerial();
  readonly directory: Directory;
  readonly clock: () => Date;
  readonly newId: () => string;
  readonly contacts: Record<string, string>;

  constructor(readonly deps: ServiceDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.newId = deps.newId ?? randomUUID;
    this.directory = deps.directory ?? new Directory(deps.org);
    this.contacts = contactsFor(deps.catalog, deps.org.contacts);
  }

  get catalog(): Catalog {
    return this.deps.catalog;
  }

  practitioner(id: string): Practitioner | undefined {
    return this.directory.practitioner(id);
  }

  /** Polite refusal for people not in the organisation file. Nothing is stored for them. */
  unknownUserReply(): Reply {
    return {
      kind: 'error',
      text: message(this.deps.catalog, 'unknownUser', { organisation: this.directory.org.organisation }, this.contacts),
    };
  }

  text(key: string, vars: Record<string, string | number | undefined> = {}): string {
    return message(this.deps.catalog, key, vars, this.contacts);
  }

  context(practitioner: Practitioner): EngineContext {
    const sup = this.directory.supervisor(practitioner.supervisor);
    const org = this.directory.org;
    return {
      now: this.clock(),
      newId: this.newId,
      practitioner: { id: practitioner.id, name: practitioner.name },
      supervisor: { id: sup?.id ?? practitioner.supervisor, name: sup?.name ?? practitioner.supervisor },
      organisation: org.organisation,
      retentionDays: org.retentionDays,
      contacts: this.contacts,
      caseRefPattern: this.deps.org.caseRefPattern,
    };
  }

  /**
   * One practitioner turn: serialised per practitioner in this process; a concurrent write from
   * another replica is retried with jitter, and if it still cannot land the practitioner is asked to
   * resend (nothing of the turn was written). A conflict is never an error response.
   */
  async handle(req: TurnRequest): Promise<TurnResponse> {
    const practitioner = this.practitioner(req.practitionerId);
    if (!practitioner) return { replies: [this.unknownUserReply()], duplicate: false };
    return this.serial.run(practitioner.id, () => this.withRetries(req, practitioner));
  }

  private async withRetries(req: TurnRequest, practitioner: Practitioner): Promise<TurnResponse> {
    const attempts = this.deps.conflictAttempts ?? CONFLICT_ATTEMPTS;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.tryHandle(req, practitioner);
      } catch (err) {
        if (!(err instanceof StoreConflictError)) throw err;
        if (attempt >= attempts) {
          this.deps.log.warn({ code: 'TURN_CONFLICT_RESEND', attempts, channel: req.channel }, 'turn not saved');
          return { replies: [{ kind: 'error', text: this.text('pleaseResend') }], duplicate: false };
        }
        await new Promise((resolve) => setTimeout(resolve, jitterMs(attempt)));
      }
    }
  }

  private async tryHandle(req: TurnRequest, practitioner: Practitioner): Promise<TurnResponse> {
    const { store, catalog } = this.deps;
    if (req.eventId && (await store.hasProcessedEvent(req.eventId))) return { replies: [], duplicate: true };
    const intercepted = await this.deps.intercept?.(req, practitioner);
    if (intercepted) return intercepted;
    const row = await store.getOpenReflection(practitioner.id);
    const before = row?.state;
    // A press with no reflection open belongs to one that has ended: it changes nothing, and starts nothing.
    if (!before && req.input.type === 'choice' && !req.input.value.startsWith(ASSIST_PREFIX))
      return { replies: [{ kind: 'info', text: this.text('lateClickNothingOpen') }], duplicate: false };
    const ctx = { ...this.context(practitioner), history: await this.caseHistory(before) };
    const clean = cleanInput(req.input);
    const idle = before ? undefined : idleReplyKey(clean.input);
    if (idle) return this.replyIdle(req, practitioner, this.text(idle), ctx.now);
    const result = handleTurn(catalog, before ?? null, clean.input, ctx, req.channel);
    const bounds = boundState(before, result.state, catalog);
    if (bounds.refuse)
      return {
        replies: [{ kind: 'error', text: this.text(bounds.refuse, { limit: LIMITS.caseRef }) }],
        duplicate: false,
      };
    const notices = [...(clean.cut ? [{ key: 'tooLongNote', limit: clean.cut }] : []), ...bounds.notices];
    const seen = new Set<string>();
    for (const n of notices) {
      if (seen.has(n.key)) continue;
      seen.add(n.key);
      result.replies.unshift({ kind: 'info', text: this.text(n.key, { limit: n.limit.toLocaleString('en-GB') }) });
    }
    const state = { ...bounds.state, version: (before?.version ?? 0) + 1 };
    const extra = await commitForEvents(this.eventDeps(ctx.now), result.events, practitioner.id, req.channel);
    const inbox = req.channel === LOCAL_CHANNEL ? this.inbox(practitioner.id, result.replies, ctx.now) : [];
    const commit: TurnCommit = {
      ...extra,
      reflection: { state, caseRef: caseRefOf(state, catalog), expectedVersion: before?.version },
      processedEventId: req.eventId,
      inbox: [...inbox, ...(extra.inbox ?? [])], // the practitioner's replies first: their ids are mapped below
    };
    if (result.previous) {
      // "Start again": close the old reflection and open the new one in one transaction.
      commit.closing = { state: { ...result.previous, version: state.version }, expectedVersion: before?.version };
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

  /** A reply with no reflection open and none opened ("status", "thanks"): kept in the inbox, de-duplicated. */
  private async replyIdle(
    req: TurnRequest,
    practitioner: Practitioner,
    text: string,
    now: Date,
  ): Promise<TurnResponse> {
    const replies: Reply[] = [{ kind: 'info', text }];
    const inbox = req.channel === LOCAL_CHANNEL ? this.inbox(practitioner.id, replies, now) : [];
    const written = await this.deps.store.commitTurn({ processedEventId: req.eventId, inbox });
    if (!written) return { replies: [], duplicate: true };
    return { replies: inbox.length ? replies.map((r, i) => ({ ...r, id: inbox[i]?.id })) : replies, duplicate: false };
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
      org: this.directory.org,
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
 * reply has gone keeps it off every practitioner's wait. Only what is NEW is looked at: a note that
 * grew by a line costs that line, not the whole note again on every turn (which once let one
 * person's long note stall everyone). The whole note is redacted once, at the preview, and is
 * bounded by the note limit (src/app/limits.ts).
 */
export function newText(before: string | undefined, after: string): string {
  return before && after.startsWith(before) ? after.slice(before.length).trim() : after;
}

function warmRedaction(before: ReflectionState | undefined, after: ReflectionState): void {
  const fresh = Object.entries(after.answers)
    .filter(([id, a]) => a.note && a.note !== before?.answers[id]?.note)
    .map(([id, a]) => newText(before?.answers[id]?.note, a.note as string))
    .filter((t) => t !== '');
  if (fresh.length > 0) setImmediate(() => prepareRedaction(fresh));
}

function caseRefOf(state: ReflectionState, catalog: Catalog): string | undefined {
  const q = catalog.contextQuestions.map((id) => catalog.questions.get(id)).find((x) => x?.contextKey === 'caseRef');
  return q ? state.answers[q.id]?.note : undefined;
}
