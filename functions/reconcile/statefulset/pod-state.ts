/**
 * What the controller reads off a pod (`kruise@v1.7.4:pkg/controller/statefulset/stateful_set_utils.go`
 * isRunningAndReady … isHealthy, `pkg/util/lifecycle`): phase, the Ready
 * condition and how long it has held, deletion, the lifecycle state label
 * and the revision label.
 */
import type { Pod } from '../../../shared/api/core/core-v1.js';

export const REVISION_LABEL = 'controller-revision-hash';
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
export const LIFECYCLE_STATE_LABEL = 'lifecycle.apps.kruise.io/state';
export const LIFECYCLE_TIMESTAMP_ANNOTATION = 'lifecycle.apps.kruise.io/timestamp';
export const SPECIFIED_DELETE_LABEL = 'apps.kruise.io/specified-delete';

export type LifecycleState =
  'Normal' | 'PreparingUpdate' | 'Updating' | 'Updated' | 'PreparingDelete' | 'PreparingNormal';

export const phaseOf = (pod: Pod): string => pod.status?.phase ?? '';
/** isCreated: the API server has given it a phase (a pod this plan creates has none). */
export const isCreated = (pod: Pod): boolean => phaseOf(pod) !== '';
export const isPending = (pod: Pod): boolean => phaseOf(pod) === 'Pending';
export const isFailed = (pod: Pod): boolean => phaseOf(pod) === 'Failed';
export const isSucceeded = (pod: Pod): boolean => phaseOf(pod) === 'Succeeded';
export const isTerminating = (pod: Pod): boolean => pod.metadata?.deletionTimestamp !== undefined;

const readyCondition = (pod: Pod) => pod.status?.conditions?.find((c) => c.type === 'Ready');

/** podutil.IsPodReady. */
export const isPodReady = (pod: Pod): boolean => readyCondition(pod)?.status === 'True';

export const isRunningAndReady = (pod: Pod): boolean =>
  phaseOf(pod) === 'Running' && isPodReady(pod);

/**
 * isRunningAndAvailable: `[available, waitMs]`; not ready is `[false, 0]`,
 * ready for less than minReadySeconds is `[false, the time left]`.
 */
export function runningAndAvailable(
  pod: Pod,
  minReadySeconds: number,
  now: Date,
): [boolean, number] {
  if (!isRunningAndReady(pod)) return [false, 0];
  if (minReadySeconds === 0) return [true, 0];
  const since = readyCondition(pod)?.lastTransitionTime;
  const minReadyMs = minReadySeconds * 1000;
  if (since === undefined) return [false, minReadyMs];
  const wait = Date.parse(since) + minReadyMs - now.getTime();
  return wait > 0 ? [false, wait] : [true, 0];
}

export const lifecycleState = (pod: Pod): string =>
  pod.metadata?.labels?.[LIFECYCLE_STATE_LABEL] ?? '';

/** isHealthy: Running, Ready, not terminating, and in lifecycle state Normal (or none). */
export function isHealthy(pod: Pod): boolean {
  const state = lifecycleState(pod);
  if (state !== '' && state !== 'Normal') return false;
  return isRunningAndReady(pod) && !isTerminating(pod);
}

export const revisionOf = (pod: Pod): string => pod.metadata?.labels?.[REVISION_LABEL] ?? '';

/** specifieddelete.IsSpecifiedDelete: the label is present (any value). */
export const isSpecifiedDelete = (pod: Pod): boolean =>
  pod.metadata?.labels?.[SPECIFIED_DELETE_LABEL] !== undefined;

/** time.Now().Format(time.RFC3339) in UTC, as the lifecycle timestamp is written. */
export const rfc3339Seconds = (now: Date): string => `${now.toISOString().slice(0, 19)}Z`;
