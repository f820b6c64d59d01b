/**
 * The manager's ContainerRecreateRequest controller on the reconcile spine
 * (kruise@v1.7.4:pkg/controller/containerrecreaterequest): on with the
 * KruiseDaemon gate, as OpenKruise starts it (the CRD is ours, always
 * installed, so its discovery check always passes).
 *
 * Watches: a CRR event names that CRR. A pod event names the unfinished
 * CRRs of that pod. OpenKruise finds them by the `pod-uid` label of the
 * pod in the event; an event here names the pod only by namespace and name,
 * so the CRRs are those whose `spec.podName` is that name. That is every
 * CRR OpenKruise maps, plus those of an earlier pod of the same name,
 * which the reconcile completes as `pod has gone` anyway. It maps every
 * pod event: whether the container statuses or the deletion changed cannot
 * be told from a name.
 *
 * Resync: every CRR (metadata only), for lost events and lost requeues.
 */
import type { KubeClient } from '../../../shared/kube/client.js';
import { containerRecreateRequests } from '../../../shared/kube/kruise-resources.js';
import { keyOf, type ObjectKey } from '../../../shared/kube/resource.js';
import { applyReconcileAction, type WriteAction } from '../actions.js';
import {
  selfKey,
  type ControllerDeps,
  type MapContext,
  type ObjectRef,
  type ReconcileController,
} from '../controller.js';
import { observeCrr, type ObservedCrr } from './observe.js';
import { planContainerRecreateRequest } from './plan.js';

/** controller.New's name. */
export const CRR_CONTROLLER = 'containerrecreaterequest-controller';

/** podEventHandler.handle: the pod's CRRs that are neither deleting nor completed. */
async function crrsOfPod(ref: ObjectRef, ctx: MapContext): Promise<readonly ObjectKey[]> {
  if (ref.namespace === undefined || ref.namespace === '' || ref.name === '') return [];
  // One list per namespace and invocation, however many pod events it carries.
  const items = await ctx.namespaced(containerRecreateRequests, ref.namespace);
  return items
    .filter(
      (crr) =>
        crr.spec.podName === ref.name &&
        crr.metadata?.deletionTimestamp == null &&
        crr.status?.completionTime === undefined,
    )
    .map(keyOf);
}

async function everyCrr(client: KubeClient): Promise<readonly ObjectKey[]> {
  const { items } = await client.listMetadata(containerRecreateRequests);
  return items.map(keyOf);
}

export function containerRecreateRequestController(
  deps: ControllerDeps,
): ReconcileController<ObservedCrr, WriteAction> | undefined {
  if (!deps.gates.enabled('KruiseDaemon')) return undefined;
  // The controller records no Events; the component only names a writer that is never used.
  const context = { component: CRR_CONTROLLER, now: deps.now };
  return {
    name: CRR_CONTROLLER,
    kind: 'ContainerRecreateRequest',
    observe: (client, key) => observeCrr(client, key, deps.now),
    plan: planContainerRecreateRequest,
    apply: (client, action, log) => applyReconcileAction(client, action, context, log),
    watches: [
      { group: 'apps.kruise.io', resource: 'containerrecreaterequests', keys: selfKey },
      { group: '', resource: 'pods', keys: crrsOfPod },
    ],
    resync: everyCrr,
  };
}
