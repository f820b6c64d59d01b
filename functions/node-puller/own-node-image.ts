/**
 * Informs the puller of its own NodeImage only: list and watch NodeImages
 * with field selector `metadata.name=<node>` (OpenKruise's daemon informer),
 * watching again from the last resourceVersion when the server ends a
 * watch and listing again on 410 Gone or a failure, with a backoff of
 * 0.5 s doubling to 30 s. `synced` turns true after the first list.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { NodeImage } from '../../shared/api/nodeimage.js';
import type { KubeClient } from '../../shared/kube/client.js';
import { nodeImages } from '../../shared/kube/kruise-resources.js';
import { resourcePath } from '../../shared/kube/resource.js';
import { watchObjects } from '../../shared/kube/watch.js';

export interface Informer {
  readonly synced: boolean;
  stop(): void;
}

export function informOwnNodeImage(
  kc: KubeConfig,
  client: KubeClient,
  nodeName: string,
  onChange: (nodeImage: NodeImage | undefined) => void,
  log: Logger,
): Informer {
  const abort = new AbortController();
  const fieldSelector = `metadata.name=${nodeName}`;
  let synced = false;
  let backoff = 500;
  const loop = async () => {
    while (!abort.signal.aborted) {
      try {
        const list = await client.list(nodeImages, { fieldSelector });
        onChange(list.items[0]);
        synced = true;
        let rv = list.resourceVersion;
        for (;;) {
          let gone = false;
          await watchObjects<NodeImage>(
            kc,
            resourcePath(nodeImages, {}),
            { fieldSelector, resourceVersion: rv, signal: abort.signal },
            (event) => {
              const next = event.object.metadata?.resourceVersion;
              if (event.type === 'ERROR') gone = true;
              else if (next !== undefined) rv = next;
              if (event.type === 'ADDED' || event.type === 'MODIFIED') onChange(event.object);
              else if (event.type === 'DELETED') onChange(undefined);
            },
          );
          backoff = 500;
          if (gone || abort.signal.aborted) break;
        }
      } catch (err) {
        if (abort.signal.aborted) return;
        log.error(
          { err: err instanceof Error ? new Error(err.message) : err },
          'NodeImage watch failed',
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
