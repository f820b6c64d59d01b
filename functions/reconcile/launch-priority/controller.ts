/**
 * The container-launch-priority controller on the reconcile spine: a pod key
 * observes the pod and its barrier ConfigMap and applies planLaunchPriority.
 * Pod events name their pod when the pod alone says it may need work
 * (podMayNeedWork, read through the invocation's shared pod read); a
 * barrier's events name the pod it belongs to.
 * It needs no gate beyond the pod webhook that writes the barrier env
 * (OpenKruise starts it always). The resync lists pods (no server-side filter
 * can tell a barred pod) and keeps those the plan could act on.
 */
import { BARRIER_SUFFIX, barrierName } from '../../../shared/api/launch-priority.js';
import { configMaps, pods } from '../../../shared/kube/core-resources.js';
import { applyKubeWrite, type KubeWrite } from '../../../shared/kube/kube-write.js';
import { keyOf } from '../../../shared/kube/resource.js';
import {
  selfKey,
  type MapContext,
  type ObjectRef,
  type ReconcileController,
  POD_SUBRESOURCES,
} from '../controller.js';
import { planLaunchPriority, podMayNeedWork, type ObservedLaunch } from './plan.js';

export const LAUNCH_PRIORITY_CONTROLLER = 'container-launch-priority-controller';

/** A pod that is gone needs nothing: its barrier is its dependent, for the garbage collector. */
async function podKeys(ref: ObjectRef, ctx: MapContext) {
  if (ref.verb === 'delete') return [];
  if (ref.subresource !== undefined && !POD_SUBRESOURCES.has(ref.subresource)) return [];
  const pod = await ctx.pod({ namespace: ref.namespace || 'default', name: ref.name });
  return pod !== undefined && podMayNeedWork(pod) ? selfKey(ref) : [];
}

export const launchPriorityController = (): ReconcileController<ObservedLaunch, KubeWrite> => ({
  name: LAUNCH_PRIORITY_CONTROLLER,
  kind: 'Pod',
  async observe(client, key) {
    const pod = await client.find(pods, key);
    if (pod === undefined) return undefined;
    const barrier = await client.find(configMaps, { ...key, name: barrierName(key.name) });
    return { pod, barrier };
  },
  plan: planLaunchPriority,
  async apply(client, action) {
    await applyKubeWrite(client, action);
  },
  watches: [
    { group: '', resource: 'pods', keys: podKeys },
    {
      group: '',
      resource: 'configmaps',
      keys: (ref) =>
        ref.name.endsWith(BARRIER_SUFFIX) && ref.name.length > BARRIER_SUFFIX.length
          ? selfKey({ ...ref, name: ref.name.slice(0, -BARRIER_SUFFIX.length) })
          : [],
    },
  ],
  async resync(client) {
    return (await client.list(pods)).items.filter((p) => podMayNeedWork(p)).map(keyOf);
  },
});
