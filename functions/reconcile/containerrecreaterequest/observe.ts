/**
 * What the manager reads for one CRR: the CRR (gone when missing) and the
 * pod its `spec.podName` names in its namespace. A missing pod is a state
 * the plan handles (`pod has gone`); any other failure to read it is the
 * reconcile's error, worded as OpenKruise's.
 */
import type { ContainerRecreateRequest } from '../../../shared/api/containerrecreaterequest.js';
import type { Pod } from '../../../shared/api/core/core-v1.js';
import { withAction } from '../../../shared/kube/api-error.js';
import type { KubeClient } from '../../../shared/kube/client.js';
import { pods } from '../../../shared/kube/core-resources.js';
import { containerRecreateRequests } from '../../../shared/kube/kruise-resources.js';
import type { ObjectKey } from '../../../shared/kube/resource.js';

export interface ObservedCrr {
  readonly crr: ContainerRecreateRequest;
  /** The pod `spec.podName` names in the CRR's namespace; undefined when it does not exist. */
  readonly pod: Pod | undefined;
  readonly now: Date;
}

export async function observeCrr(
  client: KubeClient,
  key: ObjectKey,
  now: () => Date,
): Promise<ObservedCrr> {
  const crr = await client.get(containerRecreateRequests, key);
  const name = crr.spec.podName;
  let pod: Pod | undefined;
  // An empty name would address the pod list; the manager's cache answers it as not found.
  if (name !== '') {
    try {
      pod = await client.find(pods, {
        name,
        ...(crr.metadata?.namespace !== undefined && { namespace: crr.metadata.namespace }),
      });
    } catch (err) {
      throw withAction('failed to get Pod for CRR', err);
    }
  }
  return { crr, pod, now: now() };
}
