/**
 * The CRR webhook's one cluster read: the Pod its `spec.podName` names (the
 * handler's `Client.Get`), as the API server's JSON. A missing Pod is a
 * lookup result, not an error; any other failure is worded as OpenKruise
 * answers it (`failed to find Pod <name>: <Status message>`).
 */
import { KubeConfig } from '@kubernetes/client-node';
import { isNotFound, toKubeApiError } from '../../../shared/kube/api-error.js';
import { jsonGetter } from '../../../shared/kube/raw-get.js';
import type { CrrPod, PodLookup } from './types.js';

export type PodReader = (namespace: string, name: string) => Promise<PodLookup>;

/** Reads Pods through `kc`, uncached: a CRR is rare and must see the Pod's latest status. */
export function kubePodReader(kc: KubeConfig): PodReader {
  const get = jsonGetter(kc);
  return async (namespace, name) => {
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`;
    try {
      return { pod: (await get(path)) as CrrPod };
    } catch (err) {
      if (isNotFound(err)) return { notFound: true };
      return { error: toKubeApiError(`failed to find Pod ${name}`, err).message };
    }
  };
}

/** kubePodReader over the default kubeconfig (in-cluster, or KUBECONFIG), loaded on first use. */
export function defaultPodReader(): PodReader {
  let reader: PodReader | undefined;
  return (namespace, name) => {
    if (reader === undefined) {
      const kc = new KubeConfig();
      kc.loadFromDefault();
      reader = kubePodReader(kc);
    }
    return reader(namespace, name);
  };
}
