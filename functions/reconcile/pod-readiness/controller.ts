/**
 * The pod-readiness controller on the reconcile spine: a pod key reads the
 * pod and applies planPodReadiness. OpenKruise starts it under no gate
 * (pkg/controller/controllers.go). Pod events map to the pod only when it
 * needs the condition (the controller's own predicate, over the invocation's
 * shared pod read); the resync lists pods and keeps those.
 */
import { pods } from '../../../shared/kube/core-resources.js';
import { applyKubeWrite, type KubeWrite } from '../../../shared/kube/kube-write.js';
import { keyOf, type ObjectKey } from '../../../shared/kube/resource.js';
import type { Pod } from '../../../shared/api/core/core-v1.js';
import {
  selfKey,
  type ControllerDeps,
  type MapContext,
  type ObjectRef,
  type ReconcileController,
} from '../controller.js';
import { needsReadyCondition, planPodReadiness } from './plan.js';

/** controller.New's name. */
export const POD_READINESS_CONTROLLER = 'pod-readiness-controller';

async function podKeys(ref: ObjectRef, ctx: MapContext): Promise<readonly ObjectKey[]> {
  if (ref.verb === 'delete' || (ref.subresource !== undefined && ref.subresource !== 'status'))
    return [];
  const pod = await ctx.pod({ namespace: ref.namespace || 'default', name: ref.name });
  return pod !== undefined && needsReadyCondition(pod) ? selfKey(ref) : [];
}

export const podReadinessController = (
  deps: ControllerDeps,
): ReconcileController<Pod, KubeWrite> => ({
  name: POD_READINESS_CONTROLLER,
  kind: 'Pod',
  observe: (client, key) => client.find(pods, key),
  plan: (pod) => planPodReadiness(pod, deps.now()),
  async apply(client, action) {
    await applyKubeWrite(client, action);
  },
  watches: [{ group: '', resource: 'pods', keys: podKeys }],
  async resync(client) {
    return (await client.list(pods)).items.filter(needsReadyCondition).map(keyOf);
  },
});
