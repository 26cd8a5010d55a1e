/**
 * Listener work after the ack. One person's turns run one after another (so replies arrive in
 * order and a double click cannot interleave with itself); different people run in parallel.
 * close() waits for work in flight, so a shutdown never cuts a turn off between commit and reply.
 */
import type { Logger } from '../../log';
import { errName } from '../../delivery/outbox';

/**
 * How many turns commit at once. SQLite store calls are synchronous, so a large backlog of turns
 * interleaving would hold the event loop for long stretches and delay the acks Slack waits for; a
 * few at a time keep acks prompt at the same throughput (the store serialises writes anyway).
 * Only the commit is limited: posting to Slack (network waits) runs freely.
 */
const CONCURRENT_COMMITS = 4;

export class Work {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly inflight = new Set<Promise<void>>();
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly log: Logger) {}

  run(key: string, what: string, fn: () => Promise<void>): Promise<void> {
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous.then(fn).catch((err: unknown) => {
      this.log.error({ code: 'SLACK_LISTENER_FAILED', listener: what, err: errName(err) }, 'slack listener failed');
    });
    this.chains.set(key, next);
    this.inflight.add(next);
    void next.finally(() => {
      this.inflight.delete(next);
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
    return next;
  }

  /** Runs a commit when a slot is free, yielding to I/O first so requests waiting to be acked go ahead. */
  async commit<T>(fn: () => Promise<T>): Promise<T> {
    await new Promise((resolve) => setImmediate(resolve));
    if (this.running >= CONCURRENT_COMMITS) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await fn();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  async drain(timeoutMs = 10_000): Promise<void> {
    const timer = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
    await Promise.race([Promise.allSettled([...this.inflight]).then(() => undefined), timer]);
  }
}
