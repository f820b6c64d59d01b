/**
 * The ContainerRecreateRequest the terminator kills sidecars with
 * (kruise@v1.7.4:pkg/controller/sidecarterminator/kill_container_action.go):
 * one per pod, named after the pod's UID, owned by the pod as its
 * controller, forcing the recreate and ignoring its failure. The webhook
 * fills in the rest (labels, grace period, preStop, container context).
 */
import {
  containerRecreateRequestResource,
  type ContainerRecreateRequest,
} from '../../../shared/api/containerrecreaterequest.js';
import type { Pod } from '../../../shared/api/core/core-v1.js';
import { apiVersionOf } from '../../../shared/api/resource.js';

/** getCRRName: `sidecar-termination-<pod UID>`. */
export const terminationCrrName = (pod: Pod): string =>
  `sidecar-termination-${pod.metadata?.uid ?? ''}`;

export function terminationCrr(pod: Pod, sidecars: readonly string[]): ContainerRecreateRequest {
  const name = pod.metadata?.name ?? '';
  return {
    apiVersion: apiVersionOf(containerRecreateRequestResource, 'v1alpha1'),
    kind: 'ContainerRecreateRequest',
    metadata: {
      name: terminationCrrName(pod),
      ...(pod.metadata?.namespace !== undefined && { namespace: pod.metadata.namespace }),
      // metav1.NewControllerRef(pod, Pod's GVK): the cache reader stamps v1/Pod on what it returns.
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Pod',
          name,
          uid: pod.metadata?.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      podName: name,
      containers: sidecars.map((c) => ({ name: c })),
      strategy: { forceRecreate: true, failurePolicy: 'Ignore' },
    },
  };
}
