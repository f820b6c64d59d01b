/**
 * The rolling update (`kruise@v1.7.4:pkg/controller/statefulset/stateful_set_control.go`
 * rollingUpdateStatefulsetPods, handleSpecifiedDeletedPods, refreshPodState,
 * inPlaceUpdatePod; `stateful_update_utils.go` sortPodsToUpdate):
 * - lifecycle states of in-place updated pods move on first (a round that
 *   moves one does nothing else); `paused` stops here;
 * - maxUnavailable: floor of a percent of replicas, at least 1; a pod is
 *   unavailable when unhealthy, in-place updating, or not yet available for
 *   minReadySeconds;
 * - pods labelled `apps.kruise.io/specified-delete` go first, within the
 *   budget and regardless of partition;
 * - then slice indexes from the last down to `partition` (unorderedUpdate:
 *   updated and terminating first, then the old pods in
 *   `priorityStrategy` order, at most replicas − partition), stopping at
 *   the first available old pod once the budget is spent;
 * - each is updated in place when podUpdatePolicy allows and the revisions
 *   differ only in images and metadata (InPlaceOnly refuses otherwise), else
 *   deleted to be recreated.
 */
import type { Pod } from '../../../shared/api/core/core-v1.js';
import { pods as podsResource } from '../../../shared/kube/core-resources.js';
import { keyOf } from '../../../shared/kube/resource.js';
import { prioritySort } from '../../../shared/updatesort/priority-sort.js';
import { recordEvent } from '../../../shared/kube/events.js';
import { hasReadinessGate, inPlaceSpec, updateNotCompleted } from './inplace.js';
import { updatePodInPlaceBody } from './inplace-grace.js';
import { deletePod, isPodAllHooked, isPodHooked } from './pod-control.js';
import {
  isHealthy,
  isTerminating,
  isSpecifiedDelete,
  lifecycleState,
  revisionOf,
  runningAndAvailable,
  type LifecycleState,
} from './pod-state.js';
import {
  conditionAction,
  refreshInPlace,
  updatePodLifecycle,
  type SyncContext,
} from './sync-context.js';

/** intstr.GetValueFromIntOrPercent(…, roundUp false), at least 1. */
export function maxUnavailableOf(value: number | string | undefined, replicas: number): number {
  let n = 1;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string') {
    const m = /^(-?\d+)%$/.exec(value);
    n = m !== null ? Math.floor((Number(m[1]) * replicas) / 100) : Number.parseInt(value, 10) || 0;
  }
  return Math.max(1, n);
}

/** refreshPodState: true when it moved a pod's lifecycle state (the round ends there). */
function refreshPodState(ctx: SyncContext, pod: Pod): boolean {
  refreshInPlace(ctx, pod);
  const hook = ctx.set.spec.lifecycle?.inPlaceUpdate;
  const hasLifecycle = ctx.set.spec.lifecycle !== undefined;
  const afterUpdate = (): LifecycleState =>
    hasLifecycle && !isPodAllHooked(hook, pod) ? 'Updated' : 'Normal';
  let state: LifecycleState | undefined;
  switch (lifecycleState(pod)) {
    case 'PreparingUpdate':
      if (revisionOf(pod) === ctx.update.metadata?.name) state = afterUpdate();
      break;
    case 'Updating':
      if (updateNotCompleted(pod) === undefined) state = afterUpdate();
      break;
    case 'Updated':
      if (!hasLifecycle || hook === undefined || isPodAllHooked(hook, pod)) state = 'Normal';
      break;
  }
  if (state === undefined) return false;
  return updatePodLifecycle(ctx, pod, state, { markPodNotReady: hook?.markPodNotReady });
}

/** inPlaceUpdatePod: true when the pod is (being) updated in place; throws for InPlaceOnly. */
function inPlaceUpdatePod(ctx: SyncContext, pod: Pod): boolean {
  const rolling = ctx.set.spec.updateStrategy?.rollingUpdate;
  const policy = rolling?.podUpdatePolicy;
  if (rolling === undefined || (policy !== 'InPlaceIfPossible' && policy !== 'InPlaceOnly'))
    return false;
  const old = ctx.revisions.find((r) => r.metadata?.name === revisionOf(pod));
  const spec = inPlaceSpec(old, ctx.update);
  if (spec !== undefined) {
    const hook = ctx.set.spec.lifecycle?.inPlaceUpdate;
    const state = lifecycleState(pod);
    switch (state) {
      case '':
      case 'Normal':
        if (hook !== undefined && isPodHooked(hook, pod)) {
          updatePodLifecycle(ctx, pod, 'PreparingUpdate', {
            markPodNotReady: hook.markPodNotReady,
          });
          return true;
        }
        break;
      case 'Updated':
        if (hook !== undefined)
          updatePodLifecycle(ctx, pod, 'PreparingUpdate', {
            handler: hook,
            markPodNotReady: hook.markPodNotReady,
          });
        return true;
      case 'PreparingUpdate':
        if (hook !== undefined && isPodHooked(hook, pod)) return true;
        break;
      case 'Updating':
        break;
      default:
        throw new Error(
          `not allowed to in-place update pod ${pod.metadata?.name ?? ''} in state ${state}`,
        );
    }
    if (hasReadinessGate(pod)) ctx.actions.push(...conditionAction(ctx, pod, 'False'));
    const name = pod.metadata?.name ?? '';
    const grace = rolling.inPlaceUpdateStrategy?.gracePeriodSeconds ?? 0;
    ctx.actions.push({
      verb: 'patch',
      resource: podsResource,
      key: keyOf(pod),
      patch: {
        type: 'strategic',
        body: updatePodInPlaceBody(pod, spec, state, ctx.now, grace),
      },
      failure: `failed to update pod ${name} in-place(revision ${spec.revision})`,
    });
    ctx.actions.push(
      recordEvent(
        ctx.setRef,
        'Normal',
        'SuccessfulUpdatePodInPlace',
        `successfully update pod ${name} in-place(revision ${spec.revision})`,
      ),
    );
    if (grace > 0) ctx.waits.push(grace * 1000);
    return true;
  }
  if (policy === 'InPlaceOnly')
    throw new Error(
      `find strategy is InPlaceOnly but Pod ${pod.metadata?.name ?? ''} can not update in-place`,
    );
  return false;
}

/** sortPodsToUpdate (`stateful_update_utils.go` l. 26-75). */
export function sortPodsToUpdate(
  ctx: SyncContext,
  replicas: readonly (Pod | undefined)[],
): number[] {
  const rolling = ctx.set.spec.updateStrategy?.rollingUpdate;
  const partition = rolling?.partition ?? 0;
  const indexes: number[] = [];
  if (rolling?.unorderedUpdate === undefined) {
    for (let i = replicas.length - 1; i >= partition; i--)
      if (replicas[i] !== undefined) indexes.push(i);
    return indexes;
  }
  const maxUpdate = (ctx.set.spec.replicas ?? 1) - partition;
  if (maxUpdate <= 0) return [];
  const updated: number[] = [];
  const waiting: number[] = [];
  for (let i = replicas.length - 1; i >= 0; i--) {
    const pod = replicas[i];
    if (pod === undefined) continue;
    if (isTerminating(pod) || revisionOf(pod) === ctx.update.metadata?.name) updated.push(i);
    else waiting.push(i);
  }
  const sorted = prioritySort(rolling.unorderedUpdate.priorityStrategy, replicas, waiting);
  return [...updated, ...sorted].slice(0, maxUpdate);
}

export function rollingUpdate(
  ctx: SyncContext,
  allPods: readonly Pod[],
  replicas: readonly (Pod | undefined)[],
): void {
  const rolling = ctx.set.spec.updateStrategy?.rollingUpdate;
  const updateName = ctx.update.metadata?.name ?? '';
  const currentName = ctx.current.metadata?.name ?? '';
  if (rolling !== undefined) {
    let modified = false;
    for (const pod of allPods) if (refreshPodState(ctx, pod)) modified = true;
    if (modified) return;
  }
  let maxUnavailable = 1;
  if (rolling !== undefined) {
    if (rolling.paused === true) return;
    maxUnavailable = maxUnavailableOf(rolling.maxUnavailable, ctx.set.spec.replicas ?? 1);
  }
  const unavailable = new Set<string>();
  for (const pod of replicas) {
    if (pod === undefined) continue;
    const name = pod.metadata?.name ?? '';
    if (!isHealthy(pod) || updateNotCompleted(pod) !== undefined) {
      unavailable.add(name);
      continue;
    }
    const [available, wait] = runningAndAvailable(pod, ctx.minReadySeconds, ctx.now);
    if (!available) {
      unavailable.add(name);
      if (wait > 0) ctx.waits.push(wait);
    }
  }
  const blocked = (pod: Pod) =>
    unavailable.size >= maxUnavailable && !unavailable.has(pod.metadata?.name ?? '');
  // handleSpecifiedDeletedPods
  const specified = new Set<string>();
  for (let i = replicas.length - 1; i >= 0; i--) {
    const pod = replicas[i];
    if (pod === undefined || !isSpecifiedDelete(pod) || blocked(pod)) continue;
    const name = pod.metadata?.name ?? '';
    specified.add(name);
    const [, deleting] = deletePod(ctx, pod);
    if (deleting) {
      if (revisionOf(pod) === currentName) ctx.status.currentReplicas--;
      else if (revisionOf(pod) === updateName) ctx.status.updatedReplicas--;
    }
    unavailable.add(name);
  }
  for (const i of sortPodsToUpdate(ctx, replicas)) {
    const pod = replicas[i];
    if (pod === undefined || revisionOf(pod) === updateName) continue;
    if (blocked(pod)) return;
    const name = pod.metadata?.name ?? '';
    if (specified.has(name) || isTerminating(pod)) continue;
    const inPlace = inPlaceUpdatePod(ctx, pod);
    let decrease = inPlace;
    if (!inPlace) [, decrease] = deletePod(ctx, pod);
    unavailable.add(name);
    if (decrease && revisionOf(pod) === currentName) ctx.status.currentReplicas--;
  }
}
