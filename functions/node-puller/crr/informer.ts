/**
 * The CRRs this node carries out, as OpenKruise's daemon informer selects
 * them: every namespace, label selector `crr.apps.kruise.io/node-name=<node>,
 * crr.apps.kruise.io/active=true` (the webhook sets both; the manager drops
 * `active` when a CRR finishes). Listed, then watched from the list's
 * resourceVersion; a 410 or a failure lists again after a backoff of 0.5 s
 * doubling to 30 s. `onChange` gets every object seen (undefined for a
 * deletion, with its key); `synced` turns true after the first list.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import {
  CRR_ACTIVE_KEY,
  CRR_NODE_NAME_KEY,
  type ContainerRecreateRequest,
} from '../../../shared/api/containerrecreaterequest.js';
import type { KubeClient } from '../../../shared/kube/client.js';
import { containerRecreateRequests } from '../../../shared/kube/kruise-resources.js';
import { resourcePath } from '../../../shared/kube/resource.js';
import { watchObjects } from '../../../shared/kube/watch.js';

export interface CrrInformer {
  readonly synced: boolean;
  stop(): void;
}

export const crrLabelSelector = (nodeName: string): string =>
  `${CRR_NODE_NAME_KEY}=${nodeName},${CRR_ACTIVE_KEY}=true`;

export interface CrrEvents {
  /** The full set after a list (objects gone since the last list are not in it). */
  replace(items: readonly ContainerRecreateRequest[]): void;
  upsert(crr: ContainerRecreateRequest): void;
  remove(crr: ContainerRecreateRequest): void;
}

export function informNodeCrrs(
  kc: KubeConfig,
  client: KubeClient,
  nodeName: string,
  on: CrrEvents,
  log: Logger,
): CrrInformer {
  const abort = new AbortController();
  const labelSelector = crrLabelSelector(nodeName);
  let synced = false;
  let backoff = 500;
  const loop = async () => {
    while (!abort.signal.aborted) {
      try {
        const list = await client.list(containerRecreateRequests, { labelSelector });
        on.replace(list.items);
        synced = true;
        let rv = list.resourceVersion;
        for (;;) {
          let gone = false;
          await watchObjects<ContainerRecreateRequest>(
            kc,
            resourcePath(containerRecreateRequests, {}),
            { labelSelector, resourceVersion: rv, signal: abort.signal },
            (event) => {
              const next = event.object.metadata?.resourceVersion;
              if (event.type === 'ERROR') gone = true;
              else if (next !== undefined) rv = next;
              if (event.type === 'ADDED' || event.type === 'MODIFIED') on.upsert(event.object);
              else if (event.type === 'DELETED') on.remove(event.object);
            },
          );
          backoff = 500;
          if (gone || abort.signal.aborted) break;
        }
      } catch (err) {
        if (abort.signal.aborted) return;
        log.error(
          { err: err instanceof Error ? new Error(err.message) : err },
          'ContainerRecreateRequest watch failed',
        );
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  };
  void loop();
  return {
    get synced() {
      return synced;
    },
    stop: () => abort.abort(),
  };
}
