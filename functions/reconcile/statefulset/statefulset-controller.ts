/**
 * The Advanced StatefulSet controller on the reconcile spine (issue 10;
 * SPEC §5): observe.ts reads, plan.ts decides, actions.ts writes. It is
 * exclusive: a Lease per set keeps two invocations from spending the same
 * maxUnavailable budget, or creating the same pod, from snapshots taken
 * before each other's writes. Always on, as kruise-manager starts it
 * whenever the CRD is served; the gates StatefulSetStartOrdinal,
 * PodIndexLabel and StatefulSetAutoDeletePVC shape what it does.
 */
import type { KubeClient } from '../../../shared/kube/client.js';
import { statefulSets } from '../../../shared/kube/kruise-resources.js';
import type { ControllerDeps, ReconcileController } from '../controller.js';
import { applyStatefulSetAction, type StatefulSetAction } from './actions.js';
import { observeStatefulSet } from './observe.js';
import { planStatefulSet, type ObservedStatefulSet } from './plan.js';
import { STATEFULSET_WATCHES } from './watches.js';

/** controller-runtime's `controller` name in OpenKruise. */
export const STATEFULSET_CONTROLLER = 'statefulset-controller';

export function statefulSetController(
  deps: ControllerDeps,
): ReconcileController<ObservedStatefulSet, StatefulSetAction> {
  const options = {
    now: deps.now,
    gates: {
      startOrdinal: deps.gates.enabled('StatefulSetStartOrdinal'),
      podIndexLabel: deps.gates.enabled('PodIndexLabel'),
      autoDeletePVC: deps.gates.enabled('StatefulSetAutoDeletePVC'),
    },
  };
  return {
    name: STATEFULSET_CONTROLLER,
    kind: 'StatefulSet',
    observe: (client, key, log) => observeStatefulSet(client, key, options, log),
    plan: planStatefulSet,
    apply: (client, action, log) => applyStatefulSetAction(client, action, log, deps.now),
    watches: STATEFULSET_WATCHES,
    async resync(client: KubeClient) {
      const { items } = await client.listMetadata(statefulSets);
      return items.flatMap((s) =>
        s.metadata?.name ? [{ name: s.metadata.name, namespace: s.metadata.namespace ?? '' }] : [],
      );
    },
    exclusive: true,
    problemMessage: 'StatefulSet reconcile problem',
  };
}
