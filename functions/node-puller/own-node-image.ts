/**
 * Informs the puller of its own NodeImage only: list and watch NodeImages
 * with field selector `metadata.name=<node>` (OpenKruise's daemon informer)
 * through the shared informer (shared/kube/informer.ts); `onChange` gets the
 * NodeImage, or undefined when there is none.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { NodeImage } from '../../shared/api/nodeimage.js';
import type { KubeClient } from '../../shared/kube/client.js';
import { nodeImages } from '../../shared/kube/kruise-resources.js';
import { inform, type Informer } from '../../shared/kube/informer.js';

export function informOwnNodeImage(
  kc: KubeConfig,
  client: KubeClient,
  nodeName: string,
  onChange: (nodeImage: NodeImage | undefined) => void,
  log: Logger,
): Informer {
  return inform(
    kc,
    client,
    nodeImages,
    { fieldSelector: `metadata.name=${nodeName}` },
    {
      replace: (items) => onChange(items[0]),
      upsert: (nodeImage) => onChange(nodeImage),
      remove: () => onChange(undefined),
    },
    log,
  );
}
