/**
 * Listener work after the ack. One person's turns run one after another (so replies arrive in
 * order and a double click cannot interleave with itself); different people run in parallel.
 * close() waits for work in flight, so a shutdown never cuts a turn off between commit and reply.
 */
import type { Logger } from '../../log';
import { errName } from '../../delivery/outbox';

/**
 * Store calls on SQLite are synchronous, so a backlog of turns could hold the event loop between
 * network reads; yielding once per turn lets waiting requests from Slack be acked in between.
 */
function yieldToIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class Work {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly inflight = new Set<Promise<void>>();

  constructor(private readonly log: Logger) {}

  run(key: string, what: string, fn: () => Promise<void>): Promise<void> {
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous.then(yieldToIo).then(fn).catch((err: unknown) => {
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

  async drain(timeoutMs = 10_000): Promise<void> {
    const timer = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
    await Promise.race([Promise.allSettled([...this.inflight]).then(() => undefined), timer]);
  }
}
