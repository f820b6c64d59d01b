/**
 * A finished CRR, deleting or completed (kruise@v1.7.4:pkg/controller/
 * containerrecreaterequest/crr_controller.go, the first branch of
 * Reconcile): a CRR that held its pod not ready (finalizer
 * `crr.apps.kruise.io/unready-acquired`) lets go of it first; a deleting
 * one is then left to the apiserver; a completed one loses its `active`
 * label (the daemon watches only active CRRs) and, with
 * ttlSecondsAfterFinished, is deleted that long after completion.
 */
import {
  CRR_ACTIVE_KEY,
  CRR_UNREADY_ACQUIRED_KEY,
  type ContainerRecreateRequest,
} from '../../../shared/api/containerrecreaterequest.js';
import { pods } from '../../../shared/kube/core-resources.js';
import { containerRecreateRequests } from '../../../shared/kube/kruise-resources.js';
import type { Plan } from '../../../shared/kube/reconcile-key.js';
import { keyOf } from '../../../shared/kube/resource.js';
import { kobj } from '../../../shared/log/index.js';
import type { WriteAction } from '../actions.js';
import { metaTimeMs } from '../../../shared/kube/meta-time.js';
import type { ObservedCrr } from './observe.js';
import { removeNotReadyKey, type ReadinessMessage } from '../pod-readiness.js';

/** getReadinessMessage: how a CRR signs its hold on the KruisePodReady condition. */
export const readinessMessage = (crr: ContainerRecreateRequest): ReadinessMessage => ({
  userAgent: 'ContainerRecreateRequest',
  key: `${crr.metadata?.namespace ?? ''}/${crr.metadata?.name ?? ''}`,
});

/** releasePodNotReady: the pod's condition (if it still has the gate), then the finalizer. */
function releasePodNotReady({ crr, pod, now }: ObservedCrr): WriteAction[] {
  const actions: WriteAction[] = [];
  if (pod !== undefined && pod.metadata?.deletionTimestamp == null) {
    const status = removeNotReadyKey(pod, readinessMessage(crr), now);
    if (status !== undefined) {
      actions.push({
        verb: 'updateStatus',
        resource: pods,
        object: pod,
        status,
        failure: 'remove Pod not ready error',
      });
    }
  }
  const finalizers = (crr.metadata?.finalizers ?? []).filter((f) => f !== CRR_UNREADY_ACQUIRED_KEY);
  // slice.RemoveString leaves nil for an emptied list, which Go's JSON omits.
  const { finalizers: _dropped, ...metadata } = crr.metadata ?? {};
  actions.push({
    verb: 'update',
    resource: containerRecreateRequests,
    object: { ...crr, metadata: finalizers.length > 0 ? { ...metadata, finalizers } : metadata },
    failure: 'remove finalizer error',
  });
  return actions;
}

export function planFinished(o: ObservedCrr): Plan<WriteAction> {
  const { crr, now } = o;
  const actions = (crr.metadata?.finalizers ?? []).includes(CRR_UNREADY_ACQUIRED_KEY)
    ? releasePodNotReady(o)
    : [];
  if (crr.metadata?.deletionTimestamp != null) return { actions };
  if (crr.metadata?.labels?.[CRR_ACTIVE_KEY] !== undefined) {
    actions.push({
      verb: 'patch',
      resource: containerRecreateRequests,
      key: keyOf(crr),
      patch: { type: 'merge', body: { metadata: { labels: { [CRR_ACTIVE_KEY]: null } } } },
    });
    // OpenKruise returns here; the write's own event brings the CRR back for its TTL.
    return { actions };
  }
  const ttl = crr.spec.ttlSecondsAfterFinished;
  if (ttl === undefined) return { actions };
  const left = ttl * 1000 - (now.getTime() - metaTimeMs(crr.status?.completionTime));
  if (left > 0) return { actions, requeueAfterMs: left };
  actions.push({
    verb: 'delete',
    resource: containerRecreateRequests,
    key: keyOf(crr),
    failure: 'delete CRR error',
    log: {
      v: 0,
      message: 'Deleting CRR for ttlSecondsAfterFinished',
      fields: { containerRecreateRequest: kobj(crr) },
    },
  });
  return { actions };
}
