/**
 * Runs assistance after a turn has committed and replied, never before: the afterTurn hook only
 * queues work, so no model call sits on the acknowledgement path and no reply waits for a model.
 * Results arrive later as pushed messages (inbox for local, outbox for Slack and Teams), or not
 * at all. Jobs for one reflection run one at a time, in order; different reflections run freely.
 */
import { assistOf, patchAssist } from '../core/assist-state';
import type { Catalog } from '../core/catalog';
import { OPEN_STATUSES, type Reply } from '../core/types';
import type { Logger } from '../log';
import type { CommittedTurn, ReflectService } from '../app/service';
import { StoreConflictError } from '../store/port';
import { runJob, type JobResult } from './jobs';
import { planJobs, type Job } from './plan';
import type { Assistant } from './port';

export interface AssistanceDeps {
  assistant: Assistant;
  catalog: Catalog;
  log: Logger;
  /** LLM_TOKEN_BUDGET: input and output tokens one reflection may spend. */
  budget: number;
}

const COMMIT_ATTEMPTS = 4;
const NARRATIVE_SHARE = 0.4;
const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

export class Assistance {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly running = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private closed = false;

  constructor(private readonly deps: AssistanceDeps) {}

  get provider(): Assistant['provider'] {
    return this.deps.assistant.provider;
  }

  /** The ReflectService afterTurn hook. Synchronous and cheap; it never throws. */
  afterTurn(service: ReflectService, turn: CommittedTurn): void {
    if (this.provider === 'off' || this.closed) return;
    try {
      for (const job of planJobs(turn, this.deps.catalog)) this.enqueue(service, turn, job);
    } catch (err) {
      this.deps.log.error(
        { code: 'LLM_PLAN_FAILED', error: err instanceof Error ? err.constructor.name : 'unknown' },
        'assistance skipped',
      );
    }
  }

  /** Resolves once no assistance work is queued or running (tests, benchmarks, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** Stops new work, abandons calls in flight (their requests are aborted) and waits for the rest. */
  async close(): Promise<void> {
    this.closed = true;
    this.abort.abort();
    await this.idle();
  }

  private enqueue(service: ReflectService, turn: CommittedTurn, job: Job): void {
    const id = turn.state.id;
    const run = (this.chains.get(id) ?? Promise.resolve())
      .then(nextTick) // let the turn's own reply go out first
      .then(() => this.run(service, turn, job))
      .catch((err: unknown) =>
        this.deps.log.error(
          {
            code: 'LLM_JOB_FAILED',
            job: job.kind,
            reflectionId: id,
            error: err instanceof Error ? err.constructor.name : 'unknown',
          },
          'assistance job failed',
        ),
      );
    this.chains.set(id, run);
    this.running.add(run);
    void run.finally(() => {
      this.running.delete(run);
      if (this.chains.get(id) === run) this.chains.delete(id);
    });
  }

  private async run(service: ReflectService, turn: CommittedTurn, job: Job): Promise<void> {
    if (this.closed) return;
    const row = await service.deps.store.getReflection(turn.state.id);
    if (!row || !OPEN_STATUSES.includes(row.state.status)) return;
    // Follow-ups may not eat the share kept for the narrative, which comes last and matters most.
    const reserve = job.kind === 'polish' ? 0 : Math.floor(this.deps.budget * NARRATIVE_SHARE);
    const remaining = this.deps.budget - assistOf(row.state).tokensUsed - reserve;
    if (remaining <= 0) return; // budget spent: assistance stops quietly for this reflection
    const ctx = {
      assistant: this.deps.assistant,
      catalog: this.deps.catalog,
      text: (key: string, vars?: Record<string, string | number | undefined>) => service.text(key, vars),
    };
    const result = await runJob(ctx, job, row.state, { budget: remaining, signal: this.abort.signal });
    if (result && !this.closed) await this.commit(service, turn, result);
  }

  /** Applies a result to the reflection as it is now, with the messages it pushes, in one commit. */
  private async commit(service: ReflectService, turn: CommittedTurn, result: JobResult): Promise<void> {
    const store = service.deps.store;
    for (let attempt = 0; attempt < COMMIT_ATTEMPTS; attempt++) {
      const row = await store.getReflection(turn.state.id);
      // A reflection closed meanwhile keeps nothing from assistance (cancelling removed its pseudonym map).
      if (!row || !OPEN_STATUSES.includes(row.state.status)) return;
      const fresh = row.state;
      const llm = assistOf(fresh);
      const applied = result.apply(fresh);
      const note: Reply[] =
        result.unavailable && !llm.unavailableNoted ? [{ kind: 'info', text: service.text('assistUnavailable') }] : [];
      const state = patchAssist(fresh, {
        ...applied.patch,
        tokensUsed: llm.tokensUsed + result.tokens,
        pseudonyms: result.pseudonyms,
        unavailableNoted: llm.unavailableNoted || note.length > 0 || undefined,
      });
      const push = service.pushCommit(turn.practitionerId, turn.channel, [...applied.replies, ...note]);
      try {
        await store.commitTurn({
          reflection: {
            state: { ...state, version: fresh.version + 1 },
            caseRef: row.caseRef,
            expectedVersion: fresh.version,
          },
          ...push,
        });
        if ((push.outbox?.length ?? 0) > 0) service.deps.onQueued?.();
        return;
      } catch (err) {
        if (!(err instanceof StoreConflictError)) throw err;
      }
    }
    this.deps.log.warn(
      { code: 'LLM_COMMIT_CONFLICT', reflectionId: turn.state.id },
      'assistance result dropped after repeated conflicts',
    );
  }
}
