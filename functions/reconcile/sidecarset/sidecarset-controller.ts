/**
 * The SidecarSet controller on the reconcile spine (issue 9; SPEC §2.9–§2.11):
 * observe.ts reads, plan.ts decides, actions.ts writes. It is exclusive: a
 * Lease per SidecarSet keeps two invocations from spending the same
 * maxUnavailable budget on snapshots taken before each other's writes.
 * Always on, as kruise-manager starts it whenever the SidecarSet CRD is
 * served; the SidecarSetNativeSidecarInPlaceUpdate gate only widens what it
 * updates.
 */
import type { KubeClient } from '../../../shared/kube/client.js';
import { sidecarSets } from '../../../shared/kube/kruise-resources.js';
import type { ControllerDeps, ReconcileController } from '../controller.js';
import { applySidecarSetAction, type SidecarSetAction } from './actions.js';
import { observeSidecarSet, type ObservedSidecarSet } from './observe.js';
import { planSidecarSet } from './plan.js';
import { SIDECARSET_WATCHES } from './watches.js';

/** controller-runtime's `controller` name in OpenKruise. */
export const SIDECARSET_CONTROLLER = 'sidecarset-controller';

export function sidecarSetController(
  deps: ControllerDeps,
): ReconcileController<ObservedSidecarSet, SidecarSetAction> {
  const options = {
    kruiseNamespace: deps.kruiseNamespace,
    now: deps.now,
    nativeSidecarInPlaceUpdate: deps.gates.enabled('SidecarSetNativeSidecarInPlaceUpdate'),
  };
  return {
    name: SIDECARSET_CONTROLLER,
    kind: 'SidecarSet',
    observe: (client, key, log) => observeSidecarSet(client, key, options, log),
    plan: planSidecarSet,
    apply: (client, action, log) => applySidecarSetAction(client, action, log, deps.now),
    watches: SIDECARSET_WATCHES,
    async resync(client: KubeClient) {
      const { items } = await client.listMetadata(sidecarSets);
      return items.map((s) => ({ name: s.metadata?.name ?? '' })).filter((k) => k.name !== '');
    },
    exclusive: true,
    problemMessage: 'SidecarSet reconcile problem',
  };
}
