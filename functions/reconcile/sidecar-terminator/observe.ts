/**
 * What the terminator reads for one pod: the pod; then, only for a pod it
 * acts on (OpenKruise checks isInterestingPod before any other read), the
 * pod's Node (step 1) and, off virtual-kubelet nodes, whether its
 * termination CRR exists.
 */
import type { Pod } from '../../../shared/api/core/core-v1.js';
import { KubeApiError, isNotFound } from '../../../shared/kube/api-error.js';
import type { KubeClient } from '../../../shared/kube/client.js';
import { nodes, pods } from '../../../shared/kube/core-resources.js';
import { containerRecreateRequests } from '../../../shared/kube/kruise-resources.js';
import type { ObjectKey } from '../../../shared/kube/resource.js';
import { kobj, type Logger } from '../../../shared/log/index.js';
import type { ObservedJobPod } from './plan.js';
import { isInterestingPod } from './sidecars.js';
import { terminationCrrName } from './termination-crr.js';

/** virtual_kubelet_manager.go: the label that marks a virtual-kubelet Node. */
export const VIRTUAL_KUBELET_LABEL = { key: 'type', value: 'virtual-kubelet' } as const;

/**
 * IsPodRunningOnVirtualKubelet. Any failure to read the Node is the
 * reconcile's error, retried with nothing changed; a missing Node too, so it
 * is re-thrown as a plain API error (a NotFound would tell the spine the pod
 * is gone). An unbound pod names no Node, which the manager's cache answers
 * as not found.
 */
async function onVirtualKubelet(client: KubeClient, pod: Pod, log: Logger): Promise<boolean> {
  const name = pod.spec?.nodeName ?? '';
  try {
    if (name === '')
      throw new KubeApiError('nodes "" not found', { status: 404, reason: 'NotFound' });
    const node = await client.get(nodes, { name });
    return node.metadata?.labels?.[VIRTUAL_KUBELET_LABEL.key] === VIRTUAL_KUBELET_LABEL.value;
  } catch (err) {
    log.error(
      { err, pod: kobj(pod) },
      'SidecarTerminator -- Error occurred when try to check if pod is running on virtual-kubelet',
    );
    if (!isNotFound(err)) throw err;
    const { message, status } = err as KubeApiError;
    throw new KubeApiError(message, { status, reason: 'NotFound' });
  }
}

export async function observeJobPod(
  client: KubeClient,
  key: ObjectKey,
  now: () => Date,
  log: Logger,
): Promise<ObservedJobPod> {
  const pod = await client.get(pods, key);
  const at = now();
  if (!isInterestingPod(pod)) return { pod, now: at };
  const vk = await onVirtualKubelet(client, pod, log);
  // No kill on a virtual-kubelet node (only in-place), so its CRR is not read there.
  const crrExists =
    !vk &&
    (await client.find(containerRecreateRequests, {
      name: terminationCrrName(pod),
      ...(key.namespace !== undefined && { namespace: key.namespace }),
    })) !== undefined;
  return { pod, now: at, reads: { onVirtualKubelet: vk, crrExists } };
}
