/**
 * What one round of the Advanced StatefulSet sync shares while it decides
 * (the pure counterpart of OpenKruise's defaultStatefulSetControl's calls):
 * the set, its two revisions, the actions so far, the waits it asks for,
 * and the pod writes every step builds the same way.
 */
import type { ControllerRevision } from '../../../shared/api/core/apps-v1.js';
import type { ObjectReference, Pod } from '../../../shared/api/core/core-v1.js';
import type { PersistentVolumeClaim } from './claims.js';
import type { StatefulSet, StatefulSetStatus } from '../../../shared/api/statefulset.js';
import { persistentVolumeClaims, pods } from '../../../shared/kube/core-resources.js';
import { keyOf } from '../../../shared/kube/resource.js';
import type { StatefulSetAction } from './actions.js';
import { addNotReadyKey, removeNotReadyKey } from '../pod-readiness.js';
import { conditionPatch, hasReadinessGate, refreshable } from './inplace.js';
import { DROP_GRACE, finishGrace } from './inplace-grace.js';
import {
  LIFECYCLE_STATE_LABEL,
  LIFECYCLE_TIMESTAMP_ANNOTATION,
  lifecycleState,
  rfc3339Seconds,
  type LifecycleState,
} from './pod-state.js';
import type { OrdinalRange } from './ordinals.js';

export interface Gates {
  readonly startOrdinal: boolean;
  readonly podIndexLabel: boolean;
  readonly autoDeletePVC: boolean;
}

export interface SyncContext {
  readonly set: StatefulSet;
  readonly setRef: ObjectReference;
  readonly current: ControllerRevision;
  readonly update: ControllerRevision;
  readonly revisions: readonly ControllerRevision[];
  readonly range: OrdinalRange;
  readonly claims: ReadonlyMap<string, PersistentVolumeClaim>;
  readonly gates: Gates;
  readonly now: Date;
  readonly minReadySeconds: number;
  readonly actions: StatefulSetAction[];
  /** durationStore: the shortest wait asked for wins. */
  readonly waits: number[];
  /** Parallel's pod creates of this round (claims, then the pod), made in slow-start batches. */
  readonly creates: StatefulSetAction[][];
  /** Pods inplaceControl.Refresh has seen this round (it acts once per pod on the same observation). */
  readonly refreshed: Set<string>;
  status: StatefulSetStatus;
  /**
   * The status a round that stops at a failed pod create or update writes
   * (with its condition); undefined when that round would write none.
   */
  exitStatus?: StatefulSetStatus;
}

/** The pod write that deletes `pod` (preconditioned on its UID). */
export function deletePodAction(ctx: SyncContext, pod: Pod): StatefulSetAction {
  return {
    type: 'podWrite',
    verb: 'delete',
    set: ctx.setRef,
    pod: pod.metadata?.name ?? '',
    write: {
      verb: 'delete',
      resource: pods,
      key: keyOf(pod),
      ...(pod.metadata?.uid !== undefined && {
        options: { preconditions: { uid: pod.metadata.uid } },
      }),
    },
  };
}

interface LifecycleHandler {
  readonly labelsHandler?: Record<string, string>;
  readonly finalizersHandler?: string[];
}

/** The state label and timestamp as a strategic patch (with a handler: its labels and finalizers too). */
export function lifecyclePatch(
  ctx: SyncContext,
  pod: Pod,
  state: LifecycleState,
  handler?: LifecycleHandler,
): StatefulSetAction[] {
  if (lifecycleState(pod) === state) return [];
  return [
    {
      verb: 'patch',
      resource: pods,
      key: keyOf(pod),
      patch: {
        type: 'strategic',
        body: {
          metadata: {
            labels: { [LIFECYCLE_STATE_LABEL]: state, ...handler?.labelsHandler },
            annotations: { [LIFECYCLE_TIMESTAMP_ANNOTATION]: rfc3339Seconds(ctx.now) },
            ...(handler !== undefined && { finalizers: [...(handler.finalizersHandler ?? [])] }),
          },
        },
      },
      log: { v: 3, message: 'StatefulSet updated pod lifecycle', fields: { state } },
    },
  ];
}

/**
 * executePodNotReadyPolicy (`kruise@v1.7.4:pkg/util/lifecycle/lifecycle_utils.go`
 * l. 108-123, keys l. 37-40): PreparingDelete and PreparingUpdate hold the
 * pod's KruisePodReady condition False under user agent `Lifecycle`
 * (`preDeleteHook` / `preUpdateHook`), Updated lets go of `preUpdateHook`;
 * a pod without the KruisePodReady readiness gate is left alone.
 */
function podNotReadyPolicy(ctx: SyncContext, pod: Pod, state: LifecycleState) {
  const msg = (key: string) => ({ userAgent: 'Lifecycle', key });
  let status;
  if (state === 'PreparingDelete') status = addNotReadyKey(pod, msg('preDeleteHook'), ctx.now);
  else if (state === 'PreparingUpdate') status = addNotReadyKey(pod, msg('preUpdateHook'), ctx.now);
  else if (state === 'Updated') status = removeNotReadyKey(pod, msg('preUpdateHook'), ctx.now);
  if (status !== undefined)
    ctx.actions.push({ verb: 'updateStatus', resource: pods, object: pod, status });
}

/**
 * UpdatePodLifecycle / UpdatePodLifecycleWithHandler (l. 125-204): the
 * not-ready policy first when `markPodNotReady`, even for a pod already in
 * `state`; then the state. True when the state was written.
 */
export function updatePodLifecycle(
  ctx: SyncContext,
  pod: Pod,
  state: LifecycleState,
  opts: { markPodNotReady?: boolean | undefined; handler?: LifecycleHandler } = {},
): boolean {
  if (opts.markPodNotReady === true) podNotReadyPolicy(ctx, pod, state);
  const patch = lifecyclePatch(ctx, pod, state, opts.handler);
  ctx.actions.push(...patch);
  return patch.length > 0;
}

/** updateCondition: the InPlaceUpdateReady condition (and Ready) written to the pod's status. */
export function conditionAction(
  ctx: SyncContext,
  pod: Pod,
  status: 'True' | 'False',
): StatefulSetAction[] {
  const conditions = conditionPatch(pod, status, ctx.now);
  if (conditions === undefined) return [];
  return [
    {
      verb: 'patch',
      resource: pods,
      key: keyOf(pod),
      patch: { type: 'strategic', body: { status: { conditions } } },
      options: { subresource: 'status' },
    },
  ];
}

/**
 * inplaceControl.Refresh (`inplace_update.go` l. 112-165): a pod in its
 * grace period has it finished (or is waited for); otherwise, once an
 * in-place update (if any) has completed, InPlaceUpdateReady goes True on
 * a pod with that readiness gate.
 */
export function refreshInPlace(ctx: SyncContext, pod: Pod): void {
  const name = pod.metadata?.name ?? '';
  if (ctx.refreshed.has(name)) return;
  ctx.refreshed.add(name);
  const grace = finishGrace(pod, ctx.now);
  if (grace !== undefined) {
    if (grace.kind === 'wait') ctx.waits.push(grace.ms);
    if (grace.kind === 'drop' || grace.kind === 'patch') {
      const body = grace.kind === 'patch' ? grace.body : { metadata: { annotations: DROP_GRACE } };
      ctx.actions.push({
        verb: 'patch',
        resource: pods,
        key: keyOf(pod),
        patch: { type: 'strategic', body },
      });
    }
    return;
  }
  if (!hasReadinessGate(pod) || !refreshable(pod)) return;
  ctx.actions.push(...conditionAction(ctx, pod, 'True'));
}

/** A claim update that sets its owner references (UpdatePodClaimForRetentionPolicy). */
export function claimUpdate(claim: PersistentVolumeClaim): StatefulSetAction {
  return {
    verb: 'update',
    resource: persistentVolumeClaims,
    object: claim,
    failure: `Could not update claim ${claim.metadata?.name ?? ''} for delete policy ownerRefs`,
  };
}

/** decreaseAndCheckMaxUnavailable. */
export function decreaseAndCheck(budget: { n: number } | undefined): boolean {
  if (budget === undefined) return false;
  budget.n--;
  return budget.n <= 0;
}
