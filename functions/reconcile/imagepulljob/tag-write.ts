/**
 * What a job writes into one NodeImage (kruise@v1.7.4:pkg/controller/
 * imagepulljob/imagepulljob_controller.go 307-409 syncNodeImages;
 * getImagePullPolicy and the TTLs, imagepulljob_utils.go 46-117): the job's
 * sandboxConfig, its secret copies, and its tag: a tag another job owns gets
 * `version + 1`, this job as one more owner, `createdAt` and the job's
 * `imagePullPolicy`; a new tag gets version (its status version, else -1) + 1,
 * the job's pull policy and this job as owner. Tags sorted by tag.
 *
 * Two fixes: a new tag carries the job's `imagePullPolicy` too (OpenKruise
 * 1.7.0–1.7.4 leave it off, so `Always` was dropped on every tag a job
 * created; fixed upstream in 1.7.5), and a NodeImage whose tag this job
 * already owns but which lacks one of its secret copies gets the copy
 * (OpenKruise skips such a NodeImage, which then stays not synced: the job
 * never completed before its deadline).
 */
import type { ObjectReference } from '../../../shared/api/core/core-v1.js';
import type { ImagePullJob } from '../../../shared/api/imagepulljob.js';
import type { ImageTagSpec, NodeImage } from '../../../shared/api/nodeimage.js';
import { metaTime } from '../../../shared/kube/meta-time.js';
import { hasSecretRef } from './status.js';
import type { SecretRef } from './secrets.js';

/** Random parts of the tag TTLs, drawn by observe (rand.Int31n(300) and rand.Int31n(1200)). */
export interface TtlJitter {
  /** [0, 300): added to 300 s for Always. */
  readonly always: number;
  /** [0, 1200): 24 h − 600 s plus this, for Never. */
  readonly never: number;
}

export const ownerRefOf = (job: ImagePullJob): ObjectReference => ({
  apiVersion: 'apps.kruise.io/v1alpha1',
  kind: 'ImagePullJob',
  name: job.metadata?.name ?? '',
  namespace: job.metadata?.namespace ?? '',
  uid: job.metadata?.uid ?? '',
});

/** getTTLSecondsForAlways: the job's TTL, else its deadline, else timeout × backoff; + 300 + jitter. */
function ttlForAlways(job: ImagePullJob, jitter: number): number {
  const { completionPolicy: c, pullPolicy: p } = job.spec;
  const base =
    c.ttlSecondsAfterFinished ??
    c.activeDeadlineSeconds ??
    (p?.timeoutSeconds ?? 600) * (p?.backoffLimit ?? 3);
  // Go's int32 arithmetic: the deadline is an int64 cut to int32.
  return (Math.trunc(base) | 0) + 300 + jitter;
}

export function tagPullPolicy(job: ImagePullJob, jitter: TtlJitter): ImageTagSpec['pullPolicy'] {
  const p = job.spec.pullPolicy;
  const base = {
    ...(p?.backoffLimit !== undefined && { backoffLimit: p.backoffLimit }),
    ...(p?.timeoutSeconds !== undefined && { timeoutSeconds: p.timeoutSeconds }),
  };
  if (job.spec.completionPolicy.type === 'Never')
    return {
      ...base,
      ttlSecondsAfterFinished: 24 * 3600 + jitter.never - 600,
      activeDeadlineSeconds: 1800,
    };
  const deadline = job.spec.completionPolicy.activeDeadlineSeconds;
  return {
    ...base,
    ttlSecondsAfterFinished: ttlForAlways(job, jitter.always),
    ...(deadline !== undefined && { activeDeadlineSeconds: deadline }),
  };
}

/** Stable sort by tag (OpenKruise's sort.Slice with `<=` keeps no promise for equal tags; there are none). */
const byTag = (a: { tag: string }, b: { tag: string }) =>
  a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0;

/** The NodeImage with the job's tag written in; undefined when nothing would change. */
export function withJobTag(
  nodeImage: NodeImage,
  job: ImagePullJob,
  name: string,
  tag: string,
  secretRefs: readonly SecretRef[],
  now: Date,
  jitter: TtlJitter,
): NodeImage | undefined {
  const images = { ...nodeImage.spec.images };
  const old = images[name];
  const pullSecrets = [...(old?.pullSecrets ?? [])];
  for (const s of secretRefs)
    if (!hasSecretRef(pullSecrets, s)) pullSecrets.push({ namespace: s.namespace, name: s.name });
  const owner = ownerRefOf(job);
  const tags = [...(old?.tags ?? [])];
  const i = tags.findIndex((t) => t.tag === tag);
  const existing = tags[i];
  const policy = job.spec.imagePullPolicy;
  if (existing !== undefined) {
    const owned = (existing.ownerReferences ?? []).some((r) => r.uid === owner.uid);
    if (owned && pullSecrets.length === (old?.pullSecrets ?? []).length) return undefined;
    if (!owned) {
      const { imagePullPolicy: _drop, ...rest } = existing;
      void _drop;
      tags[i] = {
        ...rest,
        version: (existing.version ?? 0) + 1,
        ownerReferences: [...(existing.ownerReferences ?? []), owner],
        createdAt: metaTime(now),
        ...(policy !== undefined && { imagePullPolicy: policy }),
      };
    }
  } else {
    const seen = nodeImage.status?.imageStatuses?.[name]?.tags.find((t) => t.tag === tag);
    const version = (seen === undefined ? -1 : (seen.version ?? 0)) + 1;
    tags.push({
      tag,
      ...(version !== 0 && { version }),
      pullPolicy: tagPullPolicy(job, jitter),
      ownerReferences: [owner],
      createdAt: metaTime(now),
      ...(policy !== undefined && { imagePullPolicy: policy }),
    });
  }
  const sandboxConfig = job.spec.sandboxConfig;
  const { sandboxConfig: _old, ...oldRest } = old ?? { tags: [] };
  void _old;
  images[name] = {
    ...oldRest,
    ...(pullSecrets.length > 0 && { pullSecrets }),
    tags: tags.sort(byTag),
    ...(sandboxConfig !== undefined && { sandboxConfig }),
  };
  return { ...nodeImage, spec: { ...nodeImage.spec, images } };
}
