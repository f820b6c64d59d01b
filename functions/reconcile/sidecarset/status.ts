/**
 * SidecarSet status (SPEC §2.9 step 3, `kruise@v1.7.4:pkg/controller/sidecarset/sidecarset_processor.go`
 * calculateStatus, inconsistentStatus): counts over the matched pods, the
 * latest revision and the collision count, written only when OpenKruise
 * would write it, in the form Go marshals it (omitempty fields left out).
 */
import type { Pod } from '../../../shared/api/core/core-v1.js';
import type { SidecarSetStatus } from '../../../shared/api/sidecarset.js';
import { isConsistent, isPodReady, isUpdated } from './pod-state.js';
import type { SidecarControl } from './sidecar-control.js';

export function calculateStatus(
  control: SidecarControl,
  pods: readonly Pod[],
  latestRevision: string,
  collisionCount: number,
): SidecarSetStatus {
  let updatedPods = 0;
  let readyPods = 0;
  let updatedReadyPods = 0;
  for (const pod of pods) {
    const updated = isUpdated(control, pod);
    if (updated) updatedPods++;
    if (isConsistent(control, pod) && isPodReady(control, pod)) {
      readyPods++;
      if (updated) updatedReadyPods++;
    }
  }
  const observedGeneration = control.sidecarSet.metadata?.generation ?? 0;
  return {
    ...(observedGeneration !== 0 && { observedGeneration }),
    matchedPods: pods.length,
    updatedPods,
    readyPods,
    ...(updatedReadyPods !== 0 && { updatedReadyPods }),
    ...(latestRevision !== '' && { latestRevision }),
    collisionCount,
  };
}

/**
 * inconsistentStatus: a newer generation, another count, revision or
 * collision count. An older observedGeneration than stored is not a change.
 */
export function statusChanged(
  current: SidecarSetStatus | undefined,
  next: SidecarSetStatus,
): boolean {
  const c = current;
  return (
    (next.observedGeneration ?? 0) > (c?.observedGeneration ?? 0) ||
    next.matchedPods !== (c?.matchedPods ?? 0) ||
    next.updatedPods !== (c?.updatedPods ?? 0) ||
    next.readyPods !== (c?.readyPods ?? 0) ||
    (next.updatedReadyPods ?? 0) !== (c?.updatedReadyPods ?? 0) ||
    (next.latestRevision ?? '') !== (c?.latestRevision ?? '') ||
    next.collisionCount !== c?.collisionCount
  );
}
