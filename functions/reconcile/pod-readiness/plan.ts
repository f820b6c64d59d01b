/**
 * The pod-readiness controller (kruise@v1.7.4:pkg/controller/podreadiness/
 * pod_readiness_controller.go): a pod that carries the `KruisePodReady`
 * readiness gate (added by the pod webhook to pods of Kruise workloads,
 * functions/admission/pod/readiness-gate.ts) but no condition of that type
 * gets the condition `True`, once (l. 104–126: a pod being deleted, without
 * the gate, or with the condition already, is left alone). Later changes of
 * the condition belong to whoever marks the pod not ready (lifecycle hooks).
 */
import type { Pod } from '../../../shared/api/core/core-v1.js';
import { pods } from '../../../shared/kube/core-resources.js';
import type { KubeWrite } from '../../../shared/kube/kube-write.js';
import type { Plan } from '../../../shared/kube/reconcile-key.js';
import { keyOf } from '../../../shared/kube/resource.js';
import { KRUISE_POD_READY } from '../../../shared/api/pod-readiness.js';
import { metaTime } from '../../../shared/kube/meta-time.js';

/** The watch predicate (l. 68–75) and the reconcile's checks alike. */
export function needsReadyCondition(pod: Pod): boolean {
  if (pod.metadata?.deletionTimestamp != null) return false;
  const gated = (pod.spec?.readinessGates ?? []).some((g) => g.conditionType === KRUISE_POD_READY);
  if (!gated) return false;
  return !(pod.status?.conditions ?? []).some((c) => c.type === KRUISE_POD_READY);
}

/** A strategic-merge status patch adding the condition (conditions merge by type). */
export function planPodReadiness(pod: Pod, now: Date): Plan<KubeWrite> {
  if (!needsReadyCondition(pod)) return { actions: [] };
  const condition = { type: KRUISE_POD_READY, status: 'True', lastTransitionTime: metaTime(now) };
  return {
    actions: [
      {
        verb: 'patch',
        resource: pods,
        key: keyOf(pod),
        patch: { type: 'strategic', body: { status: { conditions: [condition] } } },
        options: { subresource: 'status' },
      },
    ],
  };
}
