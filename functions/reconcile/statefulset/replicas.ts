/**
 * Scaling: each replica in ordinal order, then the condemned pods highest
 * first (`kruise@v1.7.4:pkg/controller/statefulset/stateful_set_control.go`
 * processReplica, processCondemned, runForAllWithBreak, runForAll).
 * OrderedReady (monotonic) stops at the first pod it acts on or waits for;
 * Parallel acts on all, and `scaleStrategy.maxUnavailable` bounds how many
 * created, terminating or unavailable pods it passes before it stops
 * scaling and goes on to the update. Parallel's creates are collected and
 * made in slow-start batches after the pass (kruise-fn's bounded fan-out:
 * OpenKruise v1.7.4 makes them one after another inside the pass), and its
 * condemned pods are deleted in slow-start batches, as runForAll does.
 */
import type { Pod } from '../../../shared/api/core/core-v1.js';
import { hasStaleClaim } from './claims.js';
import { ordinalOf } from './ordinals.js';
import {
  claimPolicyUpdates,
  claimsMatchPolicy,
  createMissingClaims,
  createPod,
  deletePod,
  updatePod,
} from './pod-control.js';
import { identityMatches, storageMatches } from './pod-identity.js';
import {
  isCreated,
  isFailed,
  isPending,
  isRunningAndReady,
  isSucceeded,
  isTerminating,
  runningAndAvailable,
} from './pod-state.js';
import { decreaseAndCheck, refreshInPlace, type SyncContext } from './sync-context.js';

export type Step = 'exit' | 'break' | 'next';

export function processReplica(
  ctx: SyncContext,
  pod: Pod | undefined,
  monotonic: boolean,
  budget: { n: number } | undefined,
): Step {
  if (pod === undefined) return 'next';
  if (isFailed(pod) || isSucceeded(pod)) {
    if (!isTerminating(pod)) deletePod(ctx, pod);
    return 'exit';
  }
  if (!isCreated(pod)) {
    if (ctx.gates.autoDeletePVC && hasStaleClaim(ctx.set, pod, ordinalOf(pod), ctx.claims))
      return 'exit';
    if (monotonic) {
      ctx.actions.push(...createPod(ctx, pod));
      return 'exit';
    }
    ctx.creates.push(createPod(ctx, pod));
    return decreaseAndCheck(budget) ? 'break' : 'next';
  }
  if (isPending(pod))
    ctx.actions.push(...createMissingClaims(ctx, pod), ...claimPolicyUpdates(ctx, pod));
  if (isTerminating(pod) && monotonic) return 'exit';
  if (isTerminating(pod) && decreaseAndCheck(budget)) return 'break';
  refreshInPlace(ctx, pod);
  if (monotonic || budget !== undefined) {
    const [available, wait] = runningAndAvailable(pod, ctx.minReadySeconds, ctx.now);
    if (!available && monotonic) {
      if (wait > 0) ctx.waits.push(wait);
      return 'exit';
    }
    if (!available && decreaseAndCheck(budget)) {
      if (wait > 0) ctx.waits.push(wait);
      return 'break';
    }
  }
  const retention = !ctx.gates.autoDeletePVC || claimsMatchPolicy(ctx, pod);
  if (identityMatches(ctx.set, pod) && storageMatches(ctx.set, pod) && retention) return 'next';
  ctx.actions.push(...updatePod(ctx, pod));
  return 'next';
}

/** processCondemned: true to stop (monotonic waits, or it acted). */
export function processCondemned(
  ctx: SyncContext,
  pod: Pod,
  firstUnhealthy: Pod | undefined,
  monotonic: boolean,
): boolean {
  if (isTerminating(pod)) return monotonic;
  if (!isRunningAndReady(pod) && monotonic && pod !== firstUnhealthy) return true;
  const [available, wait] = runningAndAvailable(pod, ctx.minReadySeconds, ctx.now);
  if (!available && monotonic && pod !== firstUnhealthy) {
    if (wait > 0) ctx.waits.push(wait);
    return true;
  }
  const [modified] = deletePod(ctx, pod);
  return monotonic && modified;
}

/** fixPodClaim over the condemned pods (gate StatefulSetAutoDeletePVC). */
export function fixCondemnedClaims(
  ctx: SyncContext,
  condemned: readonly Pod[],
  monotonic: boolean,
): void {
  runForCondemned(ctx, condemned, monotonic, (pod) => {
    ctx.actions.push(...claimPolicyUpdates(ctx, pod));
    return false;
  });
}

/**
 * runForAll over the condemned pods with `fn`: in order for OrderedReady
 * (true: stop), else each pod's writes as one group of a slow-start batch.
 */
export function runForCondemned(
  ctx: SyncContext,
  condemned: readonly Pod[],
  monotonic: boolean,
  fn: (pod: Pod) => boolean,
): boolean {
  if (monotonic) return condemned.some(fn);
  const groups = condemned.flatMap((pod) => {
    const before = ctx.actions.length;
    fn(pod);
    const group = ctx.actions.splice(before);
    return group.length > 0 ? [group] : [];
  });
  if (groups.length > 0) ctx.actions.push({ type: 'slowStart', groups });
  return false;
}

/** Parallel's creates of the pass, as one slow-start action. */
export function flushCreates(ctx: SyncContext): void {
  if (ctx.creates.length === 0) return;
  ctx.actions.push({ type: 'slowStart', groups: ctx.creates.splice(0) });
}
