/**
 * Turns for one practitioner, one at a time within this process. Across replicas the store's row
 * version (and the one-open-reflection index) catches the rare overlap, and the service retries;
 * serialising here first means a burst from one person (a double click, five first messages at once)
 * costs no retries at all. Different people run in parallel.
 */
export class KeyedSerial {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}

/** Full jitter on a doubling base: spreads retries from competing replicas so they stop colliding. */
export function jitterMs(attempt: number, baseMs = 10, capMs = 250, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}
