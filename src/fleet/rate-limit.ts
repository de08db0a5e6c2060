/**
 * Token buckets that pace calls per account+region. The pure `reserve` decides how long a caller
 * must wait; `RateLimiter` only sleeps. Reservations may drive the balance negative so that
 * concurrent callers queue up in order instead of all waking at the same instant.
 */

export interface BucketState {
  /** Tokens available; negative when callers have reserved future tokens. */
  tokens: number;
  /** Time (ms) of the last refill. */
  last: number;
}

export interface BucketSpec {
  /** Tokens per second. */
  rate: number;
  /** Largest burst. */
  capacity: number;
}

/** Takes one token at `now`; returns the new state and how many ms to wait before the call may go. */
export function reserve(state: BucketState, spec: BucketSpec, now: number): { state: BucketState; waitMs: number } {
  const elapsed = Math.max(0, now - state.last);
  const refilled = Math.min(spec.capacity, state.tokens + (elapsed * spec.rate) / 1000);
  const tokens = refilled - 1;
  const waitMs = tokens >= 0 ? 0 : Math.ceil((-tokens * 1000) / spec.rate);
  return { state: { tokens, last: Math.max(now, state.last) }, waitMs };
}

export type CallClass = 'getFunction' | 'other';

export interface RateLimits {
  getFunctionPerSecond: number;
  callsPerSecond: number;
}

type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    if (ms <= 0) return resolve();
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** One bucket per (scope, call class); scope is `account/region`. */
export class RateLimiter {
  private readonly buckets = new Map<string, BucketState>();
  constructor(
    private readonly limits: RateLimits,
    private readonly clock: () => number = Date.now,
    private readonly wait: Sleep = sleep,
  ) {}

  spec(cls: CallClass): BucketSpec {
    const rate = cls === 'getFunction' ? this.limits.getFunctionPerSecond : this.limits.callsPerSecond;
    // A burst of a fraction of a second's worth keeps the average rate without a long initial queue.
    return { rate, capacity: Math.max(1, Math.ceil(rate / 2)) };
  }

  async take(scope: string, cls: CallClass, signal?: AbortSignal): Promise<void> {
    const key = `${scope}\u0000${cls}`;
    const spec = this.spec(cls);
    const now = this.clock();
    const current = this.buckets.get(key) ?? { tokens: spec.capacity, last: now };
    const { state, waitMs } = reserve(current, spec, now);
    this.buckets.set(key, state);
    if (waitMs > 0) await this.wait(waitMs, signal);
  }
}
