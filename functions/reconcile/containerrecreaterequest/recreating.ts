/**
 * A Recreating CRR whose pod is still there (kruise@v1.7.4:pkg/controller/
 * containerrecreaterequest/crr_controller.go, after the time rules):
 * mirror the containers' new statuses into the sync annotation, then, with
 * `strategy.unreadyGracePeriodSeconds` and not yet done
 * (annotation `crr.apps.kruise.io/unready-acquired` empty), hold the pod
 * not ready through its KruisePodReady gate (acquirePodNotReady).
 */
import {
  CRR_UNREADY_ACQUIRED_KEY,
  type ContainerRecreateRequest,
} from '../../../shared/api/containerrecreaterequest.js';
import type { Pod } from '../../../shared/api/core/core-v1.js';
import { pods } from '../../../shared/kube/core-resources.js';
import { containerRecreateRequests } from '../../../shared/kube/kruise-resources.js';
import { keyOf } from '../../../shared/kube/resource.js';
import { kobj } from '../../../shared/log/index.js';
import type { WriteAction } from '../actions.js';
import { metaTime } from '../../../shared/kube/meta-time.js';
import { readinessMessage } from './finished.js';
import { KRUISE_POD_READY } from '../../../shared/api/pod-readiness.js';
import { addNotReadyKey, hasReadinessGate } from '../pod-readiness.js';
import { SYNC_CONTAINER_STATUSES_KEY, syncContainerStatuses } from './sync-statuses.js';

const annotate = (crr: ContainerRecreateRequest, key: string, value: string) => ({
  verb: 'patch' as const,
  resource: containerRecreateRequests,
  key: keyOf(crr),
  patch: { type: 'merge' as const, body: { metadata: { annotations: { [key]: value } } } },
});

/**
 * The finalizer goes first, as OpenKruise orders acquiring (finalizer, pod
 * condition, annotation), and here also before the sync patch: its update
 * carries the observed resourceVersion, which the merge patches (sent
 * without one, as OpenKruise sends them) would move on. Without the gate
 * only the annotation is written (and OpenKruise's line logged).
 */
export function planRecreating(crr: ContainerRecreateRequest, pod: Pod, now: Date): WriteAction[] {
  const annotations = crr.metadata?.annotations ?? {};
  const acquire =
    crr.spec.strategy?.unreadyGracePeriodSeconds !== undefined &&
    (annotations[CRR_UNREADY_ACQUIRED_KEY] ?? '') === '';
  const gate = hasReadinessGate(pod);
  const finalizers = crr.metadata?.finalizers ?? [];
  const actions: WriteAction[] = [];
  if (acquire && gate && !finalizers.includes(CRR_UNREADY_ACQUIRED_KEY)) {
    const metadata = { ...crr.metadata, finalizers: [...finalizers, CRR_UNREADY_ACQUIRED_KEY] };
    actions.push({
      verb: 'update',
      resource: containerRecreateRequests,
      object: { ...crr, metadata },
      failure: 'add finalizer error',
    });
  }
  const synced = syncContainerStatuses(crr, pod);
  if (annotations[SYNC_CONTAINER_STATUSES_KEY] !== synced) {
    actions.push({
      ...annotate(crr, SYNC_CONTAINER_STATUSES_KEY, synced),
      failure: 'sync containerStatuses error',
    });
  }
  if (!acquire) return actions;
  const status = gate ? addNotReadyKey(pod, readinessMessage(crr), now) : undefined;
  if (status !== undefined) {
    actions.push({
      verb: 'updateStatus',
      resource: pods,
      object: pod,
      status,
      failure: 'add Pod not ready error',
    });
  }
  const acquired = annotate(crr, CRR_UNREADY_ACQUIRED_KEY, metaTime(now));
  if (gate) return [...actions, acquired];
  const fields = {
    containerRecreateRequest: kobj(crr),
    pod: kobj(pod),
    readinessGate: KRUISE_POD_READY,
  };
  const message = 'CRR could not set Pod to not ready, because Pod has no readinessGate';
  return [...actions, { ...acquired, log: { v: 0, message, fields } }];
}
