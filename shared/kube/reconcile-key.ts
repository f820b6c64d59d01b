/**
 * The one reconcile shell every controller runs on (knative/pkg's generated
 * reconciler and controller-runtime's Reconciler, as STYLE.md lays out):
 * observe the cluster for a key → `plan(observed)` (pure) → apply the
 * actions. Level-triggered: the key only names an object, the cluster is the
 * truth.
 *
 * - Observing nothing (the object is gone, a NotFound) means done.
 * - A 409 (a stale write, or a create that found the name taken) or an
 *   object that vanished under a write re-observes and re-plans, at most
 *   `maxAttempts` times; then the key fails and comes back.
 * - An empty plan writes nothing; an `updateStatus` whose status equals the
 *   observed one is dropped, so status is written only when it differs.
 * - The result says when to come back (`requeueAfterMs`), or that the
 *   failure is terminal (a TerminalError: logged once, never retried).
 * - With `exclusive`, the key is held for the whole reconcile (a Lease), and
 *   a key another invocation holds is deferred, not read.
 * It never throws: one key's failure is that key's result.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { TerminalError } from '../errors.js';
import { logV, reconcileLogger } from '../log/index.js';
import { AlreadyExistsError, ConflictError, KubeApiError, NotFoundError } from './api-error.js';
import { isUnchangedStatus } from './kube-write.js';
import type { ObjectKey } from './resource.js';

/** What a plan decided: writes to make, when to look again, what only a person can fix. */
export interface Plan<A> {
  readonly actions: readonly A[];
  /** Look again after this long even if nothing changes (OpenKruise's RequeueAfter). */
  readonly requeueAfterMs?: number;
  /** Conditions the controller cannot fix itself; logged as errors, and the key comes back. */
  readonly problems?: readonly string[];
}

export interface Controller<IO, O, A> {
  /** controller-runtime's `controller` field, e.g. `sidecarset`. */
  readonly name: string;
  /** The reconciled kind, `controllerKind`, e.g. `SidecarSet`. */
  readonly kind: string;
  /** The current state for `key`; undefined when the object is gone. */
  observe(io: IO, key: ObjectKey, log: Logger): Promise<O | undefined>;
  /** Pure: the writes that converge `observed`. */
  plan(observed: O): Plan<A>;
  /** Carries out one action. */
  apply(io: IO, action: A, log: Logger): Promise<void>;
  /** The message problems are logged with; default `Reconciler problem`. */
  readonly problemMessage?: string;
}

export type ReconcileResult<A> =
  | {
      /** Another invocation holds the key (options.exclusive): nothing was read or written. */
      readonly outcome: 'deferred';
      readonly applied: readonly A[];
      readonly problems: readonly string[];
      readonly requeueAfterMs: number;
      readonly attempts: 0;
    }
  | {
      /** `done`: converged (or planned); `gone`: nothing to reconcile. */
      readonly outcome: 'done' | 'gone';
      readonly applied: readonly A[];
      readonly problems: readonly string[];
      readonly requeueAfterMs?: number;
      readonly attempts: number;
    }
  | {
      /** `failed`: retry after requeueAfterMs; `terminal`: never retry. */
      readonly outcome: 'failed' | 'terminal';
      readonly error: Error;
      readonly applied: readonly A[];
      readonly problems: readonly string[];
      readonly requeueAfterMs?: number;
      readonly attempts: number;
    };

export interface ReconcileOptions {
  /** Observe → plan → apply rounds a key gets when writes conflict; default 5 (client-go's DefaultRetry). */
  readonly maxAttempts?: number;
  /** When a failed key comes back, unless the API said (Retry-After); default 1 s. */
  readonly errorRequeueMs?: number;
  /** When a key with problems comes back; default 30 s. */
  readonly problemRequeueMs?: number;
  readonly reconcileID?: string;
  /**
   * Hold the key for the whole reconcile (a Lease, shared/kube/lease.ts), for
   * controllers whose writes spend a budget (maxUnavailable): a key someone
   * else holds is deferred until their term may end.
   */
  readonly exclusive?: (
    reconcileID: string,
  ) => Promise<
    | { readonly held: true; release(): Promise<void> }
    | { readonly held: false; readonly retryAfterMs: number }
  >;
}

const DEFAULTS = { maxAttempts: 5, errorRequeueMs: 1000, problemRequeueMs: 30_000 };

/** Failures that a fresh look at the cluster resolves: the object changed, vanished or appeared. */
const isStale = (err: unknown): boolean =>
  err instanceof ConflictError || err instanceof NotFoundError || err instanceof AlreadyExistsError;

/** The observed state; undefined when the object (or what it is read through) is gone. */
async function observeOrGone<IO, O, A>(
  controller: Controller<IO, O, A>,
  io: IO,
  key: ObjectKey,
  log: Logger,
): Promise<O | undefined> {
  try {
    return await controller.observe(io, key, log);
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
}

export async function reconcileKey<IO, O, A>(
  key: ObjectKey,
  controller: Controller<IO, O, A>,
  io: IO,
  root: Logger,
  options: ReconcileOptions = {},
): Promise<ReconcileResult<A>> {
  const reconcileID = options.reconcileID ?? randomUUID();
  const log = reconcileLogger(
    root,
    { kind: controller.kind, controller: controller.name, ...key },
    reconcileID,
  );
  if (options.exclusive === undefined) return converge(key, controller, io, log, options);
  let lease;
  try {
    lease = await options.exclusive(reconcileID);
  } catch (err) {
    return failed(err, log, [], [], 0, options);
  }
  if (!lease.held) {
    logV(log, 4).info({ retryAfterMs: lease.retryAfterMs }, 'Key held by another reconcile');
    const { retryAfterMs } = lease;
    return {
      outcome: 'deferred',
      applied: [],
      problems: [],
      requeueAfterMs: retryAfterMs,
      attempts: 0,
    };
  }
  try {
    return await converge(key, controller, io, log, options);
  } finally {
    await lease.release().catch((err: unknown) => log.error({ err }, 'Could not release the key'));
  }
}

async function converge<IO, O, A>(
  key: ObjectKey,
  controller: Controller<IO, O, A>,
  io: IO,
  log: Logger,
  options: ReconcileOptions,
): Promise<ReconcileResult<A>> {
  const maxAttempts = options.maxAttempts ?? DEFAULTS.maxAttempts;
  const applied: A[] = [];
  let problems: readonly string[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      const observed = await observeOrGone(controller, io, key, log);
      if (observed === undefined) return { outcome: 'gone', applied, problems, attempts: attempt };
      const plan = controller.plan(observed);
      problems = plan.problems ?? [];
      for (const action of plan.actions) {
        if (isUnchangedStatus(action)) continue;
        await controller.apply(io, action, log);
        applied.push(action);
      }
      for (const problem of problems) {
        log.error({ problem }, controller.problemMessage ?? 'Reconciler problem');
      }
      const requeueAfterMs =
        problems.length > 0
          ? Math.min(
              plan.requeueAfterMs ?? Infinity,
              options.problemRequeueMs ?? DEFAULTS.problemRequeueMs,
            )
          : plan.requeueAfterMs;
      return {
        outcome: 'done',
        applied,
        problems,
        ...(requeueAfterMs !== undefined && { requeueAfterMs }),
        attempts: attempt,
      };
    } catch (err) {
      if (isStale(err) && attempt < maxAttempts) {
        log.info(
          { attempt, reason: (err as KubeApiError).failure },
          'Object changed, observing again',
        );
        continue;
      }
      return failed(err, log, applied, problems, attempt, options);
    }
  }
}

function failed<A>(
  err: unknown,
  log: Logger,
  applied: readonly A[],
  problems: readonly string[],
  attempts: number,
  options: ReconcileOptions,
): ReconcileResult<A> {
  const error = err instanceof Error ? err : new Error(String(err));
  const terminal = err instanceof TerminalError;
  log.error({ err: error, ...(terminal && { terminal }) }, 'Reconciler error');
  if (terminal) return { outcome: 'terminal', error, applied, problems, attempts };
  const retryAfter = err instanceof KubeApiError ? err.retryAfterMs : undefined;
  return {
    outcome: 'failed',
    error,
    applied,
    problems,
    requeueAfterMs: retryAfter ?? options.errorRequeueMs ?? DEFAULTS.errorRequeueMs,
    attempts,
  };
}
