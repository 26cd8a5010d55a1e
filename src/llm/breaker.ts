/**
 * Circuit breaker: after `threshold` consecutive provider failures it opens for `openMs`, and while
 * open no request is made at all, so a provider that is down costs the bot nothing. Then one trial
 * call is let through (half-open): success closes it, failure opens it again.
 */
export interface BreakerOptions {
  threshold: number;
  openMs: number;
  now?: () => number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;
  private trialInFlight = false;
  private readonly now: () => number;

  constructor(private readonly opts: BreakerOptions) {
    this.now = opts.now ?? Date.now;
  }

  get state(): BreakerState {
    if (this.openedAt === undefined) return 'closed';
    return this.now() - this.openedAt >= this.opts.openMs ? 'half-open' : 'open';
  }

  /** Whether a call may go out now. In half-open, only one trial at a time. */
  tryPass(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  success(): void {
    this.failures = 0;
    this.openedAt = undefined;
    this.trialInFlight = false;
  }

  /** The call ended in a way that says nothing about the provider's health: free the trial slot only. */
  release(): void {
    this.trialInFlight = false;
  }

  failure(): void {
    this.failures += 1;
    const trialFailed = this.trialInFlight;
    this.trialInFlight = false;
    if (trialFailed || this.failures >= this.opts.threshold) this.openedAt = this.now();
  }
}
