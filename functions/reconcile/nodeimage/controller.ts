/**
 * The NodeImage controller, manager side, on the reconcile spine (SPEC §6.3;
 * gate KruiseDaemon, as kruise@v1.7.4:pkg/controller/nodeimage/
 * nodeimage_controller.go 83-88 starts it). Not exclusive: its writes are
 * whole-object updates under resourceVersion preconditions, and it spends
 * no budget.
 */
import type { KubeClient } from '../../../shared/kube/client.js';
import { nodes } from '../../../shared/kube/core-resources.js';
import { imagePullJobs, nodeImages } from '../../../shared/kube/kruise-resources.js';
import { applyReconcileAction } from '../actions.js';
import type { ControllerDeps, ReconcileController } from '../controller.js';
import { observeNodeImage } from './observe.js';
import { planNodeImage, type NodeImageAction, type ObservedNodeImage } from './plan.js';
import { NODEIMAGE_WATCHES } from './watches.js';

export const NODEIMAGE_CONTROLLER = 'nodeimage-controller';

export function nodeImageController(
  deps: ControllerDeps,
): ReconcileController<ObservedNodeImage, NodeImageAction> | undefined {
  if (!deps.gates.enabled('KruiseDaemon')) return undefined;
  const options = { now: deps.now, random: deps.random ?? Math.random };
  return {
    name: NODEIMAGE_CONTROLLER,
    kind: 'NodeImage',
    observe: (client, key, log) => observeNodeImage(client, key, options, log),
    plan: planNodeImage,
    apply: (client, action, log) =>
      applyReconcileAction(client, action, { component: NODEIMAGE_CONTROLLER, now: deps.now }, log),
    watches: NODEIMAGE_WATCHES,
    // Its Node, its NodeImage, and the few ImagePullJobs its tags name.
    keyReads: [nodes, nodeImages, imagePullJobs],
    async resync(client: KubeClient) {
      const [n, ni] = await Promise.all([
        client.listMetadata(nodes),
        client.listMetadata(nodeImages),
      ]);
      const names = new Set([...n.items, ...ni.items].map((o) => o.metadata?.name ?? ''));
      names.delete('');
      return [...names].sort().map((name) => ({ name }));
    },
    problemMessage: 'NodeImage reconcile problem',
  };
}
