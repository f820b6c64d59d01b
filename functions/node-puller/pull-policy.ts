/**
 * One tag's pull attempts as OpenKruise v1.7.4's daemon runs them
 * (pkg/daemon/imagepuller/imagepuller_worker.go `pullWorker.Run`):
 * `backoffLimit + 1` attempts (3 + 1 when unset or negative), each bounded by
 * `timeoutSeconds` (600 s) and by the time left until
 * `activeDeadlineSeconds` counted from the worker's start; 1 s, 2 s, 4 s …
 * at most 30 s between attempts. Pure: times are passed in.
 */
import type { ImageTagSpec } from '../../shared/api/nodeimage.js';

export const DEFAULT_TIMEOUT_SECONDS = 600;
export const DEFAULT_BACKOFF_LIMIT = 3;
const FIRST_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;

export const DEADLINE_EXCEEDED_MESSAGE = 'pulling exceeds the activeDeadlineSeconds';

export interface PullPlan {
  readonly attempts: number;
  readonly timeoutMs: number;
  /** Epoch ms after which no attempt starts and a running one is cut. */
  readonly deadlineAt?: number;
}

export function pullPlanOf(tag: ImageTagSpec, startedAt: number): PullPlan {
  const policy = tag.pullPolicy;
  const timeoutMs = (policy?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  const limit = policy?.backoffLimit ?? DEFAULT_BACKOFF_LIMIT;
  const attempts = (limit < 0 ? DEFAULT_BACKOFF_LIMIT : limit) + 1;
  const deadline = policy?.activeDeadlineSeconds;
  return {
    attempts,
    timeoutMs,
    ...(deadline !== undefined && { deadlineAt: startedAt + deadline * 1000 }),
  };
}

/** How long the next attempt may take, or `exceeded` once the deadline has passed. */
export function attemptTimeout(
  plan: PullPlan,
  now: number,
): { readonly timeoutMs: number } | { readonly exceeded: true } {
  if (plan.deadlineAt === undefined) return { timeoutMs: plan.timeoutMs };
  const left = plan.deadlineAt - now;
  if (left <= 0) return { exceeded: true };
  return { timeoutMs: Math.min(plan.timeoutMs, left) };
}

/** The wait after the `failures`-th failed attempt (1-based). */
export const backoffAfter = (failures: number): number =>
  Math.min(FIRST_BACKOFF_MS * 2 ** Math.max(0, failures - 1), MAX_BACKOFF_MS);
