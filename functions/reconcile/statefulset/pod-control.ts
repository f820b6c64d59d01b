/**
 * Creating, updating and deleting one pod of the set, as decisions
 * (`kruise@v1.7.4:pkg/controller/statefulset/stateful_pod_control.go`
 * CreateStatefulPod, UpdateStatefulPod, createPersistentVolumeClaims;
 * `stateful_set_control.go` deletePod).
 */
import type { Pod } from '../../../shared/api/core/core-v1.js';
import { persistentVolumeClaims, pods } from '../../../shared/kube/core-resources.js';
import { KruiseFnError } from '../../../shared/errors.js';
import type { FailureStatus, StatefulSetAction } from './actions.js';
import { claimWithPolicyRefs, podClaims } from './claims.js';
import { inRange, ordinalOf } from './ordinals.js';
import { identityMatches, storageMatches, withIdentity } from './pod-identity.js';
import {
  claimUpdate,
  deletePodAction,
  updatePodLifecycle,
  type SyncContext,
} from './sync-context.js';

/** The claims `pod` lacks, created (with their policy's owner references); an error for one being deleted. */
export function createMissingClaims(ctx: SyncContext, pod: Pod): StatefulSetAction[] {
  const ordinal = ordinalOf(pod);
  const out: StatefulSetAction[] = [];
  const deleting: string[] = [];
  for (const claim of podClaims(ctx.set, ordinal)) {
    const name = claim.metadata?.name ?? '';
    const found = ctx.claims.get(name);
    if (found === undefined) {
      const object = ctx.gates.autoDeletePVC
        ? (claimWithPolicyRefs(claim, ctx.set, pod, !inRange(ordinal, ctx.range)) ?? claim)
        : claim;
      out.push({
        type: 'claimCreate',
        set: ctx.setRef,
        pod: pod.metadata?.name ?? '',
        claim: name,
        write: { verb: 'create', resource: persistentVolumeClaims, object },
      });
    } else if (found.metadata?.deletionTimestamp !== undefined) deleting.push(name);
  }
  if (deleting.length > 0)
    throw new KruiseFnError(deleting.map((n) => `pvc ${n} is to be deleted`).join(', '));
  return out;
}

/** UpdatePodClaimForRetentionPolicy over the claims that exist. */
export function claimPolicyUpdates(ctx: SyncContext, pod: Pod): StatefulSetAction[] {
  if (!ctx.gates.autoDeletePVC) return [];
  const ordinal = ordinalOf(pod);
  const scaledDown = !inRange(ordinal, ctx.range);
  return podClaims(ctx.set, ordinal).flatMap((c) => {
    const found = ctx.claims.get(c.metadata?.name ?? '');
    const updated = found && claimWithPolicyRefs(found, ctx.set, pod, scaledDown);
    return updated === undefined ? [] : [claimUpdate(updated)];
  });
}

export const claimsMatchPolicy = (ctx: SyncContext, pod: Pod): boolean =>
  claimPolicyUpdates(ctx, pod).length === 0;

/** The round's exit status on the pod writes of one CreateStatefulPod / UpdateStatefulPod. */
function onFailure(
  ctx: SyncContext,
  condition: FailureStatus['condition'],
  actions: StatefulSetAction[],
): StatefulSetAction[] {
  const status = ctx.exitStatus;
  if (status === undefined) return actions;
  return actions.map((a) =>
    'type' in a && (a.type === 'podWrite' || a.type === 'claimCreate')
      ? { ...a, onFailure: { condition, set: ctx.set, status } }
      : a,
  );
}

/** CreateStatefulPod: the claims first, then the pod. */
export function createPod(ctx: SyncContext, pod: Pod): StatefulSetAction[] {
  return onFailure(ctx, 'FailedCreatePod', [
    ...createMissingClaims(ctx, pod),
    {
      type: 'podWrite',
      verb: 'create',
      set: ctx.setRef,
      pod: pod.metadata?.name ?? '',
      write: { verb: 'create', resource: pods, object: pod },
    },
  ]);
}

/** UpdateStatefulPod: identity, storage (and its claims), claim owner references; one pod update. */
export function updatePod(ctx: SyncContext, pod: Pod): StatefulSetAction[] {
  const out: StatefulSetAction[] = [];
  let consistent = true;
  let next = pod;
  if (!identityMatches(ctx.set, pod) || !storageMatches(ctx.set, pod)) {
    if (!storageMatches(ctx.set, pod)) out.push(...createMissingClaims(ctx, pod));
    next = withIdentity(ctx.set, pod, ctx.gates.podIndexLabel);
    consistent = false;
  }
  const claims = claimPolicyUpdates(ctx, pod);
  if (claims.length > 0) {
    out.push(...claims);
    consistent = false;
  }
  if (consistent) return [];
  out.push({
    type: 'podWrite',
    verb: 'update',
    set: ctx.setRef,
    pod: pod.metadata?.name ?? '',
    write: { verb: 'update', resource: pods, object: next },
  });
  return onFailure(ctx, 'FailedUpdatePod', out);
}

/**
 * deletePod: with a preDelete hook the pod only moves to PreparingDelete;
 * `[modified, actuallyDeleting]` as OpenKruise returns them.
 */
export function deletePod(ctx: SyncContext, pod: Pod): [boolean, boolean] {
  const hook = ctx.set.spec.lifecycle?.preDelete;
  if (hook !== undefined && isPodHooked(hook, pod)) {
    const updated = updatePodLifecycle(ctx, pod, 'PreparingDelete', {
      markPodNotReady: hook.markPodNotReady,
    });
    return [updated, false];
  }
  ctx.actions.push(deletePodAction(ctx, pod));
  return [true, true];
}

interface Hook {
  readonly labelsHandler?: Readonly<Record<string, string>>;
  readonly finalizersHandler?: readonly string[];
}

/** lifecycle.IsPodHooked: any handler label or finalizer present. */
export function isPodHooked(hook: Hook | undefined, pod: Pod): boolean {
  if (hook === undefined) return false;
  const finalizers = pod.metadata?.finalizers ?? [];
  if ((hook.finalizersHandler ?? []).some((f) => finalizers.includes(f))) return true;
  return Object.entries(hook.labelsHandler ?? {}).some(([k, v]) => pod.metadata?.labels?.[k] === v);
}

/** lifecycle.IsPodAllHooked: every handler label and finalizer present. */
export function isPodAllHooked(hook: Hook | undefined, pod: Pod): boolean {
  if (hook === undefined) return false;
  const finalizers = pod.metadata?.finalizers ?? [];
  return (
    (hook.finalizersHandler ?? []).every((f) => finalizers.includes(f)) &&
    Object.entries(hook.labelsHandler ?? {}).every(([k, v]) => pod.metadata?.labels?.[k] === v)
  );
}
