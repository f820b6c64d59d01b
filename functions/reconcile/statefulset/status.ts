/**
 * The status an Advanced StatefulSet reconcile writes
 * (`kruise@v1.7.4:pkg/controller/statefulset/stateful_set_control.go`
 * computeReplicaStatus, updateStatus, updateStatefulSetStatus;
 * `stateful_set_utils.go` completeRollingUpdate, inconsistentStatus): counts
 * over the replicas and condemned pods, the revisions, the collision count,
 * the selector as text (the scale subresource's `labelSelector`). Conditions
 * start empty every round, as OpenKruise's do.
 */
import type { Pod } from '../../../shared/api/core/core-v1.js';
import type { LabelSelector } from '../../../shared/api/core/meta.js';
import type { StatefulSet, StatefulSetStatus } from '../../../shared/api/statefulset.js';
import {
  isCreated,
  isRunningAndReady,
  isTerminating,
  revisionOf,
  runningAndAvailable,
} from './pod-state.js';

export type Counts = Pick<
  StatefulSetStatus,
  | 'replicas'
  | 'readyReplicas'
  | 'availableReplicas'
  | 'currentReplicas'
  | 'updatedReplicas'
  | 'updatedReadyReplicas'
  | 'updatedAvailableReplicas'
>;

/** computeReplicaStatus summed over the lists. */
export function countPods(
  pods: readonly (Pod | undefined)[],
  minReadySeconds: number,
  current: string,
  update: string,
  now: Date,
): Required<Counts> {
  const c = {
    replicas: 0,
    readyReplicas: 0,
    availableReplicas: 0,
    currentReplicas: 0,
    updatedReplicas: 0,
    updatedReadyReplicas: 0,
    updatedAvailableReplicas: 0,
  };
  for (const pod of pods) {
    if (pod === undefined) continue;
    if (isCreated(pod)) c.replicas++;
    const revision = revisionOf(pod);
    if (isRunningAndReady(pod)) {
      c.readyReplicas++;
      const [available] = runningAndAvailable(pod, minReadySeconds, now);
      if (revision === update) {
        c.updatedReadyReplicas++;
        if (available) c.updatedAvailableReplicas++;
      }
      if (available) c.availableReplicas++;
    }
    if (isCreated(pod) && !isTerminating(pod)) {
      if (revision === current) c.currentReplicas++;
      if (revision === update) c.updatedReplicas++;
    }
  }
  return c;
}

/** labels.Selector.String() of LabelSelectorAsSelector: requirements by key, values sorted. */
export function selectorString(selector: LabelSelector): string {
  const terms: [string, string][] = [];
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) terms.push([k, `${k}=${v}`]);
  for (const e of selector.matchExpressions ?? []) {
    const values = [...new Set(e.values ?? [])].sort().join(',');
    const text =
      e.operator === 'In'
        ? `${e.key} in (${values})`
        : e.operator === 'NotIn'
          ? `${e.key} notin (${values})`
          : e.operator === 'Exists'
            ? e.key
            : `!${e.key}`;
    terms.push([e.key, text]);
  }
  // sort.Sort(ByKey) is not stable; keys are unique but for repeated expressions.
  return terms
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, t]) => t)
    .join(',');
}

/** completeRollingUpdate: all updated and ready → the update revision becomes current. */
export function completeRollingUpdate(set: StatefulSet, s: StatefulSetStatus): StatefulSetStatus {
  if (
    (set.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' &&
    s.updatedReplicas === s.replicas &&
    s.readyReplicas === s.replicas
  )
    return { ...s, currentReplicas: s.updatedReplicas, currentRevision: s.updateRevision ?? '' };
  return s;
}

/** inconsistentStatus: only these fields make a status write. */
export function inconsistentStatus(set: StatefulSet, s: StatefulSetStatus): boolean {
  const o = set.status;
  return (
    (s.observedGeneration ?? 0) > (o?.observedGeneration ?? 0) ||
    s.replicas !== (o?.replicas ?? 0) ||
    s.currentReplicas !== (o?.currentReplicas ?? 0) ||
    s.readyReplicas !== (o?.readyReplicas ?? 0) ||
    s.availableReplicas !== (o?.availableReplicas ?? 0) ||
    s.updatedReplicas !== (o?.updatedReplicas ?? 0) ||
    (s.currentRevision ?? '') !== (o?.currentRevision ?? '') ||
    (s.updateRevision ?? '') !== (o?.updateRevision ?? '') ||
    (s.labelSelector ?? '') !== (o?.labelSelector ?? '')
  );
}
