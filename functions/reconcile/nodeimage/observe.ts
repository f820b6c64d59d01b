/**
 * What one NodeImage reconcile reads: the Node and the NodeImage of the key
 * (either may be missing), and each ImagePullJob a tag's owner references
 * name, for its UID (a job that does not exist is left out).
 */
import type { Logger } from 'pino';
import type { KubeClient } from '../../../shared/kube/client.js';
import { nodes } from '../../../shared/kube/core-resources.js';
import { imagePullJobs, nodeImages } from '../../../shared/kube/kruise-resources.js';
import type { ObjectKey } from '../../../shared/kube/resource.js';
import type { ObservedNodeImage } from './plan.js';

export interface ObserveOptions {
  readonly now: () => Date;
  readonly random: () => number;
}

export async function observeNodeImage(
  client: KubeClient,
  key: ObjectKey,
  options: ObserveOptions,
  _log: Logger,
): Promise<ObservedNodeImage> {
  const [node, nodeImage] = await Promise.all([
    client.find(nodes, { name: key.name }),
    client.find(nodeImages, { name: key.name }),
  ]);
  const named = new Map<string, { namespace: string; name: string }>();
  for (const image of Object.values(nodeImage?.spec.images ?? {}))
    for (const tag of image.tags)
      for (const ref of tag.ownerReferences ?? [])
        if (ref.kind === 'ImagePullJob' && (ref.apiVersion ?? '').startsWith('apps.kruise.io/'))
          named.set(`${ref.namespace ?? ''}/${ref.name ?? ''}`, {
            namespace: ref.namespace ?? '',
            name: ref.name ?? '',
          });
  const jobs = await Promise.all(
    [...named].map(async ([k, jobKey]) => [k, await client.find(imagePullJobs, jobKey)] as const),
  );
  const jobUids = new Map<string, string>();
  for (const [k, job] of jobs) if (job !== undefined) jobUids.set(k, job.metadata?.uid ?? '');
  return {
    name: key.name,
    node,
    nodeImage,
    jobUids,
    now: options.now(),
    requeueJitterMs: Math.floor(options.random() * 2000),
  };
}
