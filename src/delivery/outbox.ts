/**
 * The outbox worker. State changes and their deliveries are committed together (Store.commitTurn);
 * this worker then delivers each item at least once, and the channel deliverers make the effect
 * exactly-once (they look for an earlier post of the same item before posting again).
 */
import { CodedError, describeError } from '../errors';
import type { Logger } from '../log';
import type { OutboxItem, Store } from '../store/port';

export interface Deliverer {
  deliver(item: OutboxItem): Promise<{ externalRef?: string }>;
}

/** A failed delivery. `retryAfterMs` honours a server's Retry-After; `permanent` stops retrying. */
export class DeliveryError extends CodedError {
  constructor(
    code: string,
    readonly options: { retryAfterMs?: number; permanent?: boolean } = {},
  ) {
    super(code, code);
  }
}

export interface OutboxOptions {
  pollMs: number;
  leaseMs?: number;
  maxAttempts?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  batch?: number;
}

export function backoffMs(attempts: number, base: number, max: number, random = Math.random): number {
  const exp = Math.min(max, base * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp / 2 + random() * (exp / 2)); // "equal jitter": spread retries from several replicas
}

export class OutboxWorker {
  private readonly deliverers = new Map<string, Deliverer>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = true;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    private readonly options: OutboxOptions,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  register(channel: string, deliverer: Deliverer): void {
    this.deliverers.set(channel, deliverer);
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Deliver now (after a commit that queued something urgent) rather than at the next poll. */
  kick(): void {
    if (this.stopped) return;
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.running) return;
    this.running = this.runOnce().then(
      () => undefined,
      (err: unknown) => this.log.error({ code: 'OUTBOX_TICK_FAILED', err: errName(err) }, 'outbox tick failed'),
    );
    await this.running;
    this.running = undefined;
    const next = this.again ? 0 : this.options.pollMs;
    this.again = false;
    if (!this.stopped) this.schedule(next);
  }

  /** One pass: claim due items and deliver them. Returns how many were delivered. */
  async runOnce(): Promise<number> {
    const now = this.clock();
    const lease = new Date(now.getTime() + (this.options.leaseMs ?? 30_000)).toISOString();
    const items = await this.store.claimOutbox(now.toISOString(), lease, this.options.batch ?? 20);
    let delivered = 0;
    for (const item of items) if (await this.deliverOne(item)) delivered++;
    return delivered;
  }

  private async deliverOne(item: OutboxItem): Promise<boolean> {
    const deliverer = this.deliverers.get(item.channel);
    if (!deliverer) {
      await this.fail(item, new DeliveryError('OUTBOX_NO_DELIVERER', { retryAfterMs: 60_000 }));
      return false;
    }
    try {
      const { externalRef } = await deliverer.deliver(item);
      await this.store.markDelivered(item.id, this.clock().toISOString(), externalRef);
      this.log.info(
        { outboxId: item.id, kind: item.kind, channel: item.channel, attempts: item.attempts + 1 },
        'delivered',
      );
      return true;
    } catch (err) {
      await this.fail(item, err);
      return false;
    }
  }

  private async fail(item: OutboxItem, err: unknown): Promise<void> {
    const attempts = item.attempts + 1;
    const e = err instanceof DeliveryError ? err : new DeliveryError(errName(err));
    const dead = e.options.permanent === true || attempts >= (this.options.maxAttempts ?? 25);
    const wait =
      e.options.retryAfterMs ??
      backoffMs(attempts, this.options.baseBackoffMs ?? 1000, this.options.maxBackoffMs ?? 300_000);
    const next = new Date(this.clock().getTime() + wait).toISOString();
    await this.store.markFailed(item.id, next, e.code, dead);
    const level = dead ? 'error' : 'warn';
    this.log[level](
      {
        outboxId: item.id,
        kind: item.kind,
        channel: item.channel,
        attempts,
        code: e.code,
        retryInMs: dead ? undefined : wait,
      },
      dead ? 'delivery abandoned' : 'delivery failed; will retry',
    );
  }
}

/** Only an error's name or code is logged: messages from SDKs can echo request bodies. */
export function errName(err: unknown): string {
  const { code, cause } = describeError(err);
  return cause ? `${code} (cause: ${cause})` : code;
}
