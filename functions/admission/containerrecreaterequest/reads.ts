/**
 * The CRR webhook's one cluster read: the Pod its `spec.podName` names (the
 * handler's `Client.Get`), as the API server's JSON. A missing Pod is a
 * lookup result, not an error; any other failure is worded as OpenKruise
 * answers it (`failed to find Pod <name>: <Status message>`).
 */
import { withAction } from '../../../shared/kube/api-error.js';
import type { KubeClient } from '../../../shared/kube/client.js';
import { pods } from '../../../shared/kube/core-resources.js';
import type { Pod } from '../../../shared/api/core/core-v1.js';

/** The Pod named by `spec.podName`, as the shell read it. */
export type PodLookup =
  | { readonly pod: Pod }
  | { readonly notFound: true }
  /** Any other failure, already worded `failed to find Pod <name>: <reason>`. */
  | { readonly error: string };

export type PodReader = (namespace: string, name: string) => Promise<PodLookup>;

/** Reads Pods through `client`, uncached: a CRR is rare and must see the Pod's latest status. */
export function kubePodReader(client: KubeClient): PodReader {
  return async (namespace, name) => {
    try {
      const pod = await client.find(pods, { namespace, name });
      return pod === undefined ? { notFound: true } : { pod };
    } catch (err) {
      return { error: withAction(`failed to find Pod ${name}`, err).message };
    }
  };
}
