/**
 * The ImagePullJob controller on the reconcile spine (SPEC §6.2; gates
 * KruiseDaemon and ImagePullJobGate, as kruise@v1.7.4:pkg/controller/
 * imagepulljob/imagepulljob_controller.go 83-89 starts it): observe.ts
 * reads, plan.ts decides, the shell writes. It is exclusive: a Lease per job
 * keeps two invocations from both filling the same `parallelism` from
 * snapshots taken before each other's NodeImage writes.
 */
import type { KubeClient } from '../../../shared/kube/client.js';
import { imagePullJobs } from '../../../shared/kube/kruise-resources.js';
import { applyReconcileAction } from '../actions.js';
import type { ControllerDeps, ReconcileController } from '../controller.js';
import { observeImagePullJob } from './observe.js';
import { planImagePullJob, type ImagePullJobAction, type ObservedImagePullJob } from './plan.js';
import { DEFAULT_DAEMON_CONFIG_NAMESPACE } from './secrets.js';
import { imagePullJobWatches } from './watches.js';

export const IMAGEPULLJOB_CONTROLLER = 'imagepulljob-controller';

export function imagePullJobController(
  deps: ControllerDeps,
): ReconcileController<ObservedImagePullJob, ImagePullJobAction> | undefined {
  if (!deps.gates.enabled('KruiseDaemon') || !deps.gates.enabled('ImagePullJobGate'))
    return undefined;
  const daemonNamespace = deps.daemonConfigNamespace ?? DEFAULT_DAEMON_CONFIG_NAMESPACE;
  const options = { now: deps.now, daemonNamespace, random: deps.random ?? Math.random };
  return {
    name: IMAGEPULLJOB_CONTROLLER,
    kind: 'ImagePullJob',
    observe: (client, key, log) => observeImagePullJob(client, key, options, log),
    plan: planImagePullJob,
    apply: (client, action, log) =>
      applyReconcileAction(
        client,
        action,
        { component: IMAGEPULLJOB_CONTROLLER, now: deps.now },
        log,
      ),
    watches: imagePullJobWatches(daemonNamespace),
    async resync(client: KubeClient) {
      const { items } = await client.listMetadata(imagePullJobs);
      return items.flatMap((j) =>
        j.metadata?.name ? [{ name: j.metadata.name, namespace: j.metadata.namespace ?? '' }] : [],
      );
    },
    exclusive: true,
    problemMessage: 'ImagePullJob reconcile problem',
  };
}
