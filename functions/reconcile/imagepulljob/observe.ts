/**
 * What one ImagePullJob reconcile reads, all quorum reads: the job
 * (NotFound: gone), the daemon config namespace and its Secrets, the job's
 * pull secrets, and its target NodeImages as OpenKruise's
 * GetNodeImagesForJob finds them (kruise@v1.7.4:pkg/util/imagejob/
 * imagejob_reader.go 67-154):
 * - `podSelector`: the NodeImages of the nodes of the matching pods of the
 *   job's namespace that are active (not Succeeded, Failed or deleting) and
 *   scheduled, in pod order, a missing NodeImage skipped; when the job has
 *   a controller, the pods in that workload's order (pod-order.ts; the
 *   workload missing or unreadable: as listed, the latter logged);
 * - no `selector`: every NodeImage; `selector.names`: those that exist, in
 *   that order; otherwise the NodeImages its labels select.
 * A finished or deleting job needs no targets, and none are read for it.
 */
import type { Logger } from 'pino';
import type { Pod, Secret } from '../../../shared/api/core/core-v1.js';
import type { ImagePullJob } from '../../../shared/api/imagepulljob.js';
import type { NodeImage } from '../../../shared/api/nodeimage.js';
import type { KubeClient } from '../../../shared/kube/client.js';
import { namespaces, pods, secrets } from '../../../shared/kube/core-resources.js';
import { imagePullJobs, nodeImages } from '../../../shared/kube/kruise-resources.js';
import type { ObjectKey } from '../../../shared/kube/resource.js';
import { sidecarSets, statefulSets } from '../../../shared/kube/kruise-resources.js';
import { selectorQuery } from '../sidecarset/label-query.js';
import { sidecarSetPodOrder, sortingOwnerOf, statefulSetPodOrder } from './pod-order.js';
import type { ObservedImagePullJob } from './plan.js';

export interface ObserveOptions {
  readonly now: () => Date;
  readonly daemonNamespace: string;
  /** [0, 1) as Math.random; the TTL jitter is drawn from it. */
  readonly random: () => number;
}

/** Beyond this many nodes one list of every NodeImage is cheaper than a read each. */
const GET_EACH_LIMIT = 16;

export const isActivePod = (p: Pod): boolean =>
  p.status?.phase !== 'Succeeded' &&
  p.status?.phase !== 'Failed' &&
  p.metadata?.deletionTimestamp === undefined;

async function byNames(client: KubeClient, names: readonly string[]): Promise<NodeImage[]> {
  if (names.length > GET_EACH_LIMIT) {
    const all = new Map(
      (await client.list(nodeImages)).items.map((n) => [n.metadata?.name ?? '', n]),
    );
    return names.flatMap((n) => all.get(n) ?? []);
  }
  const found = await Promise.all(names.map((name) => client.find(nodeImages, { name })));
  return found.filter((n): n is NodeImage => n !== undefined);
}

/** A selector as a list query; an Error with OpenKruise's words when it cannot be read. */
function queryOf(what: string, selector: Parameters<typeof selectorQuery>[0]) {
  try {
    return selectorQuery(selector);
  } catch (err) {
    return new Error(`${what} error: ${(err as Error).message}`);
  }
}

/** SortPods: the pods in the order of the job's controller, when it is a workload that has one. */
async function sortedForOwner(
  client: KubeClient,
  job: ImagePullJob,
  list: readonly Pod[],
  log: Logger,
): Promise<readonly Pod[]> {
  const owner = job.metadata?.ownerReferences?.find((o) => o.controller === true);
  const kind = owner === undefined ? undefined : sortingOwnerOf(owner);
  if (owner === undefined || kind === undefined) return list;
  const key = { namespace: job.metadata?.namespace ?? '', name: owner.name };
  try {
    if (kind === 'StatefulSet') {
      const set = await client.find(statefulSets, key);
      return set === undefined ? list : statefulSetPodOrder(set, list);
    }
    const set = await client.find(sidecarSets, { name: owner.name });
    return set === undefined ? list : sidecarSetPodOrder(set, list);
  } catch (err) {
    log.error(
      {
        err: err instanceof Error ? new Error(err.message) : err,
        namespace: key.namespace,
        name: job.metadata?.name,
      },
      'ImagePullJob failed to sort Pods',
    );
    return list;
  }
}

export async function targetNodeImages(
  client: KubeClient,
  job: ImagePullJob,
  log: Logger,
): Promise<NodeImage[] | Error> {
  const { podSelector, selector } = job.spec;
  if (podSelector !== undefined) {
    const q = queryOf('parse podSelector', podSelector);
    if (q instanceof Error) return q;
    if (q.kind === 'nothing') return [];
    const namespace = job.metadata?.namespace ?? '';
    const list = await client.list(pods, { namespace, labelSelector: q.query });
    const active = list.items.filter(
      (p) => q.matches(p.metadata?.labels) && isActivePod(p) && (p.spec?.nodeName ?? '') !== '',
    );
    const nodes: string[] = [];
    for (const p of await sortedForOwner(client, job, active, log)) {
      const node = p.spec?.nodeName ?? '';
      if (!nodes.includes(node)) nodes.push(node);
    }
    return byNames(client, nodes);
  }
  if (selector === undefined) return (await client.list(nodeImages)).items;
  if (selector.names !== undefined) return byNames(client, selector.names);
  const q = queryOf('parse selector', selector);
  if (q instanceof Error) return q;
  if (q.kind === 'nothing') return [];
  const list = await client.list(nodeImages, { labelSelector: q.query });
  return list.items.filter((n) => q.matches(n.metadata?.labels));
}

export async function observeImagePullJob(
  client: KubeClient,
  key: ObjectKey,
  options: ObserveOptions,
  log: Logger,
): Promise<ObservedImagePullJob> {
  const job = await client.get(imagePullJobs, key);
  const namespace = job.metadata?.namespace ?? '';
  const daemonNamespace = options.daemonNamespace;
  const finished =
    job.metadata?.deletionTimestamp !== undefined || job.status?.completionTime !== undefined;
  const inDaemon = namespace === daemonNamespace;
  const [daemonNamespaceObject, daemonSecrets, sourceList, targets] = await Promise.all([
    inDaemon || finished ? undefined : client.find(namespaces, { name: daemonNamespace }),
    inDaemon ? [] : client.list(secrets, { namespace: daemonNamespace }).then((l) => l.items),
    inDaemon || finished
      ? []
      : Promise.all(
          (job.spec.pullSecrets ?? []).map(
            async (name) => [name, await client.find(secrets, { namespace, name })] as const,
          ),
        ),
    finished ? [] : targetNodeImages(client, job, log),
  ]);
  const random = options.random;
  return {
    job,
    now: options.now(),
    daemonNamespace,
    daemonNamespaceObject,
    daemonSecrets,
    sources: new Map<string, Secret | undefined>(sourceList),
    targets,
    jitter: { always: Math.floor(random() * 300), never: Math.floor(random() * 1200) },
  };
}
