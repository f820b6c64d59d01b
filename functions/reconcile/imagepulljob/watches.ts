/**
 * Which ImagePullJobs an event names (kruise@v1.7.4:pkg/controller/
 * imagepulljob/imagepulljob_event_handler.go, GetActiveJobsForNodeImage and
 * GetActiveJobsForPod in pkg/util/imagejob/imagejob_reader.go 164-260).
 * "Active" is OpenKruise's index: not deleting, not completed. An audit
 * event carries no old object, so where OpenKruise compares old and new the
 * current object is read and the jobs that own a tag in it are named too:
 * - a job event: that job;
 * - a NodeImage event (spec or status): the active jobs that target it (no
 *   selector, its name in `names`, its labels selected) or own one of its
 *   tags; a deleted one, every active job;
 * - a pod event of a scheduled pod: the active podSelector jobs of its
 *   namespace that select it; a deleted pod, every active podSelector job
 *   there;
 * - a Secret event outside the daemon config namespace (not a delete): the
 *   jobs of its namespace that name it in `pullSecrets` (the copies in the
 *   daemon namespace only fed OpenKruise's expectations).
 */
import type { Pod } from '../../../shared/api/core/core-v1.js';
import type { ImagePullJob } from '../../../shared/api/imagepulljob.js';
import type { NodeImage } from '../../../shared/api/nodeimage.js';
import { imagePullJobs, nodeImages } from '../../../shared/kube/kruise-resources.js';
import type { ObjectKey } from '../../../shared/kube/resource.js';
import { selectorMatches } from '../../../shared/validation/selector-match.js';
import {
  selfKey,
  type MapContext,
  type ObjectRef,
  type Watch,
  POD_SUBRESOURCES,
} from '../controller.js';

const keyOfJob = (j: ImagePullJob): ObjectKey => ({
  namespace: j.metadata?.namespace ?? '',
  name: j.metadata?.name ?? '',
});

export const isActiveJob = (j: ImagePullJob): boolean =>
  j.metadata?.deletionTimestamp === undefined && j.status?.completionTime === undefined;

/** Does `job` (not a podSelector one) target `nodeImage` by its selector? */
function targets(job: ImagePullJob, nodeImage: NodeImage): boolean {
  const { selector, podSelector } = job.spec;
  if (podSelector !== undefined) return false;
  if (selector === undefined) return true;
  if (selector.names !== undefined) return selector.names.includes(nodeImage.metadata?.name ?? '');
  return selectorMatches(selector, nodeImage.metadata?.labels ?? {}, 'pod selector');
}

const owns = (job: ImagePullJob, nodeImage: NodeImage): boolean =>
  Object.values(nodeImage.spec.images ?? {}).some((image) =>
    image.tags.some((t) => (t.ownerReferences ?? []).some((r) => r.uid === job.metadata?.uid)),
  );

async function nodeImageKeys(ref: ObjectRef, ctx: MapContext): Promise<readonly ObjectKey[]> {
  const jobs = (await ctx.namespaced(imagePullJobs, '')).filter(isActiveJob);
  // No active job: nothing to name, and the NodeImage need not be read.
  if (jobs.length === 0 || ref.verb === 'delete') return jobs.map(keyOfJob);
  const nodeImage = await ctx.client.find(nodeImages, { name: ref.name });
  if (nodeImage === undefined) return jobs.map(keyOfJob);
  return jobs.filter((j) => targets(j, nodeImage) || owns(j, nodeImage)).map(keyOfJob);
}

async function podKeys(ref: ObjectRef, ctx: MapContext): Promise<readonly ObjectKey[]> {
  if (ref.subresource !== undefined && !POD_SUBRESOURCES.has(ref.subresource)) return [];
  const namespace = ref.namespace || 'default';
  const jobs = (await ctx.namespaced(imagePullJobs, namespace)).filter(
    (j) => isActiveJob(j) && j.spec.podSelector !== undefined,
  );
  if (jobs.length === 0) return [];
  const pod: Pod | undefined =
    ref.verb === 'delete'
      ? (ref.object as Pod | undefined)
      : await ctx.pod({ namespace, name: ref.name });
  if (pod === undefined) return ref.verb === 'delete' ? jobs.map(keyOfJob) : [];
  if ((pod.spec?.nodeName ?? '') === '') return [];
  return jobs
    .filter((j) => selectorMatches(j.spec.podSelector, pod.metadata?.labels ?? {}, 'pod selector'))
    .map(keyOfJob);
}

export function secretKeys(daemonNamespace: string) {
  return async (ref: ObjectRef, ctx: MapContext): Promise<readonly ObjectKey[]> => {
    const namespace = ref.namespace || 'default';
    if (namespace === daemonNamespace || ref.verb === 'delete') return [];
    const jobs = await ctx.namespaced(imagePullJobs, namespace);
    return jobs
      .filter(
        (j) =>
          j.metadata?.deletionTimestamp === undefined &&
          (j.spec.pullSecrets ?? []).includes(ref.name),
      )
      .map(keyOfJob);
  };
}

export const imagePullJobWatches = (daemonNamespace: string): readonly Watch[] => [
  { group: 'apps.kruise.io', resource: 'imagepulljobs', keys: selfKey },
  { group: 'apps.kruise.io', resource: 'nodeimages', keys: nodeImageKeys, reads: nodeImages },
  { group: '', resource: 'pods', keys: podKeys },
  { group: '', resource: 'secrets', keys: secretKeys(daemonNamespace) },
];
