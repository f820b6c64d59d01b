/**
 * The job sidecar terminator on the reconcile spine
 * (kruise@v1.7.4:pkg/controller/sidecarterminator): on only with the
 * SidecarTerminator gate (which the gates module already forces off without
 * KruiseDaemon). A pod event names the pod; OpenKruise drops deletes, and so
 * do we (a deleted pod needs nothing), and it filters the rest with
 * isInterestingPod (over the invocation's shared pod read), which the
 * reconcile itself checks again.
 *
 * Resync: pods that can need the terminator, listed with the field
 * selector `status.phase!=Pending,spec.restartPolicy!=Always` (both are
 * selectable pod fields, so the apiserver filters the bulk, long-running
 * pods, out) and then filtered with isInterestingPod, which needs the
 * containers' env and statuses and so the full objects.
 */
import type { KubeClient } from '../../../shared/kube/client.js';
import { pods } from '../../../shared/kube/core-resources.js';
import { keyOf, type ObjectKey } from '../../../shared/kube/resource.js';
import { applyReconcileAction, type ReconcileAction } from '../actions.js';
import { selfKey, type ControllerDeps, type ReconcileController } from '../controller.js';
import { observeJobPod } from './observe.js';
import { planSidecarTerminator, type ObservedJobPod } from './plan.js';
import { isInterestingPod } from './sidecars.js';

/** controller.New's name, also the Event source (mgr.GetEventRecorderFor). */
export const SIDECAR_TERMINATOR_CONTROLLER = 'sidecarterminator-controller';

export const RESYNC_FIELD_SELECTOR = 'status.phase!=Pending,spec.restartPolicy!=Always';

async function podsThatCanNeedIt(client: KubeClient): Promise<readonly ObjectKey[]> {
  const { items } = await client.list(pods, { fieldSelector: RESYNC_FIELD_SELECTOR });
  return items.filter(isInterestingPod).map(keyOf);
}

export function sidecarTerminatorController(
  deps: ControllerDeps,
): ReconcileController<ObservedJobPod, ReconcileAction> | undefined {
  if (!deps.gates.enabled('SidecarTerminator')) return undefined;
  const context = { component: SIDECAR_TERMINATOR_CONTROLLER, now: deps.now };
  return {
    name: SIDECAR_TERMINATOR_CONTROLLER,
    kind: 'Pod',
    observe: (client, key, log) => observeJobPod(client, key, deps.now, log),
    plan: planSidecarTerminator,
    apply: (client, action, log) => applyReconcileAction(client, action, context, log),
    watches: [
      {
        group: '',
        resource: 'pods',
        keys: async (ref, ctx) => {
          if (ref.verb === 'delete') return [];
          const pod = await ctx.pod({ namespace: ref.namespace || 'default', name: ref.name });
          return pod !== undefined && isInterestingPod(pod) ? selfKey(ref) : [];
        },
      },
    ],
    resync: podsThatCanNeedIt,
  };
}
