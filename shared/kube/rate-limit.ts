/**
 * Client-side rate limit of API calls, as client-go's token bucket
 * (`flowcontrol.NewTokenBucketRateLimiter(qps, burst)`): up to `burst` calls
 * at once, refilled at `qps` per second; a call beyond that waits for its
 * token, in arrival order. kruise-manager runs with QPS 30 and burst 50
 * (its `--rest-config-qps` / `--rest-config-burst` defaults).
 */
import { KruiseFnError } from '../errors.js';

export interface RateLimitOptions {
  /** Sustained calls per second; 0 or less means no limit. */
  readonly qps: number;
  readonly burst: number;
}

export const KRUISE_MANAGER_RATE: RateLimitOptions = { qps: 30, burst: 50 };

export interface RateLimiter {
  /** Resolves when the call may go. */
  acquire(): Promise<void>;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Reads QPS/burst from `KUBE_API_QPS` / `KUBE_API_BURST`, else kruise-manager's. */
export function rateLimitFromEnv(env: Readonly<Record<string, string | undefined>>) {
  const number = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n))
      throw new KruiseFnError(`${name}: ${JSON.stringify(raw)} is not a number`);
    return n;
  };
  return {
    qps: number('KUBE_API_QPS', KRUISE_MANAGER_RATE.qps),
    burst: Math.max(1, Math.floor(number('KUBE_API_BURST', KRUISE_MANAGER_RATE.burst))),
  };
}

export function tokenBucket(options: RateLimitOptions, clock: Clock = realClock): RateLimiter {
  if (options.qps <= 0) return { acquire: () => Promise.resolve() };
  const burst = Math.max(1, options.burst);
  const msPerToken = 1000 / options.qps;
  let tokens = burst;
  let last = clock.now();
  // Every caller reserves its token in order, so waits never overtake each other.
  return {
    acquire() {
      const now = clock.now();
      tokens = Math.min(burst, tokens + (now - last) / msPerToken);
      last = now;
      tokens -= 1;
      if (tokens >= 0) return Promise.resolve();
      return clock.sleep(-tokens * msPerToken);
    },
  };
}
