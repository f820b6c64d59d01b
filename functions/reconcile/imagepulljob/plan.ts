/**
 * One ImagePullJob reconcile, decided from what observe.ts read
 * (kruise@v1.7.4:pkg/controller/imagepulljob/imagepulljob_controller.go
 * 152-284 Reconcile), one phase per round, each followed by a fresh look
 * (`requeueAfterMs: 0`, run again by the same invocation):
 * 1. deleting: release the secret copies, drop the finalizer;
 * 2. completed: the same, then delete the job `ttlSecondsAfterFinished`
 *    after its completionTime (come back when that time is due);
 * 3. the deletion-protection finalizer added;
 * 4. the secret copies synced (a round that creates one stops there: the
 *    API names it);
 * 5. the status from the targets' NodeImages, the tag written into at most
 *    `parallelism − active` not-synced NodeImages, the status written;
 *    Always with a deadline comes back at the deadline (≥ 1 s).
 * OpenKruise's expectations (its cache lagging its writes) have no
 * counterpart: every read here is a quorum read.
 */
import type { Namespace, Secret } from '../../../shared/api/core/core-v1.js';
import type { ImagePullJob } from '../../../shared/api/imagepulljob.js';
import type { NodeImage } from '../../../shared/api/nodeimage.js';
import { imagePullJobs, nodeImages } from '../../../shared/kube/kruise-resources.js';
import type { Plan } from '../../../shared/kube/reconcile-key.js';
import type { ReconcileAction, WriteAction } from '../actions.js';
import { metaTimeMs } from '../../../shared/kube/meta-time.js';
import { imageNameTag } from './image-name-tag.js';
import {
  jobSecretRefs,
  releaseActions,
  syncCopies,
  targetMaps,
  type SecretRef,
} from './secrets.js';
import { calculateStatus } from './status.js';
import { withJobTag, type TtlJitter } from './tag-write.js';

export const PROTECTION_FINALIZER = 'apps.kruise.io/deletion-protection';
const DEFAULT_PARALLELISM = 1;
const MIN_REQUEUE_MS = 1000;

export interface ObservedImagePullJob {
  readonly job: ImagePullJob;
  readonly now: Date;
  readonly daemonNamespace: string;
  /** The daemon namespace, undefined when it does not exist. */
  readonly daemonNamespaceObject: Namespace | undefined;
  /** Every Secret of the daemon namespace (none read for a job inside it). */
  readonly daemonSecrets: readonly Secret[];
  /** The job's pull secrets by name; undefined for one that does not exist. */
  readonly sources: ReadonlyMap<string, Secret | undefined>;
  /** The target NodeImages in OpenKruise's order; an Error when the selector could not be read. */
  readonly targets: readonly NodeImage[] | Error;
  readonly jitter: TtlJitter;
}

export type ImagePullJobAction = ReconcileAction;

const again = (actions: ImagePullJobAction[]): Plan<ImagePullJobAction> => ({
  actions,
  requeueAfterMs: 0,
});

const hasFinalizer = (job: ImagePullJob) =>
  (job.metadata?.finalizers ?? []).includes(PROTECTION_FINALIZER);

const withFinalizers = (job: ImagePullJob, finalizers: string[]): WriteAction => ({
  verb: 'update',
  resource: imagePullJobs,
  object: { ...job, metadata: { ...job.metadata, finalizers } },
});

const inDaemonNamespace = (o: ObservedImagePullJob) =>
  o.job.metadata?.namespace === o.daemonNamespace;

/** finalize: every copy released, then the finalizer dropped. */
function finalize(o: ObservedImagePullJob): ImagePullJobAction[] {
  if (!hasFinalizer(o.job)) return [];
  const { keep, release } = targetMaps(o.job, o.daemonSecrets);
  const releases = inDaemonNamespace(o)
    ? []
    : [...releaseActions(o.job, release.values()), ...releaseActions(o.job, keep.values())];
  const rest = (o.job.metadata?.finalizers ?? []).filter((f) => f !== PROTECTION_FINALIZER);
  return [...releases, withFinalizers(o.job, rest)];
}

/** `parallelism` as IntOrString.IntValue: a string is read as an integer, else 0. */
function parallelismOf(job: ImagePullJob): number {
  const p = job.spec.parallelism;
  if (p === undefined) return DEFAULT_PARALLELISM;
  if (typeof p === 'number') return p;
  const n = /^[+-]?\d+$/.test(p) ? Number.parseInt(p, 10) : 0;
  return Number.isFinite(n) ? n : 0;
}

export function planImagePullJob(o: ObservedImagePullJob): Plan<ImagePullJobAction> {
  const { job, now } = o;
  if (job.metadata?.deletionTimestamp !== undefined) return { actions: finalize(o) };
  const completionTime = job.status?.completionTime;
  if (completionTime !== undefined) {
    const released = finalize(o);
    if (released.length > 0) return again(released);
    const ttl = job.spec.completionPolicy.ttlSecondsAfterFinished;
    if (ttl === undefined) return { actions: [] };
    const left = ttl * 1000 - (now.getTime() - metaTimeMs(completionTime));
    if (left > 0) return { actions: [], requeueAfterMs: left };
    const key = { namespace: job.metadata?.namespace ?? '', name: job.metadata?.name ?? '' };
    return {
      actions: [
        {
          verb: 'delete',
          resource: imagePullJobs,
          key,
          log: { v: 0, message: 'Deleting ImagePullJob for ttlSecondsAfterFinished' },
        },
      ],
    };
  }
  if (!hasFinalizer(job))
    return again([
      withFinalizers(job, [...(job.metadata?.finalizers ?? []), PROTECTION_FINALIZER]),
    ]);
  if (o.targets instanceof Error)
    return { actions: [], problems: [`failed to get NodeImages: ${o.targets.message}`] };

  // syncSecrets
  let secretActions: WriteAction[] = [];
  let secretRefs: SecretRef[];
  if (inDaemonNamespace(o)) secretRefs = jobSecretRefs(job);
  else {
    const { keep, release } = targetMaps(job, o.daemonSecrets);
    const releases = releaseActions(job, release.values());
    if (o.daemonNamespaceObject === undefined)
      return {
        actions: releases,
        problems: [
          `failed to sync secrets: failed to check kruise-daemon-config namespace: namespaces "${o.daemonNamespace}" not found`,
        ],
      };
    const sync = syncCopies(job, o.sources, keep, o.daemonNamespace);
    if (sync.refs === undefined) return again([...releases, ...sync.actions]);
    secretActions = [...releases, ...sync.actions];
    secretRefs = sync.refs;
  }

  const nameTag = imageNameTag(job.spec.image);
  if (!nameTag.ok)
    return {
      actions: secretActions,
      problems: [`failed to calculate status: invalid image ${job.spec.image}: ${nameTag.error}`],
    };
  const { status, notSynced } = calculateStatus(
    job,
    o.targets,
    nameTag.name,
    nameTag.tag,
    secretRefs,
    now,
  );

  // syncNodeImages: never more than `parallelism` pulling at once.
  const room = Math.min(parallelismOf(job) - (status.active ?? 0), notSynced.length);
  const byName = new Map(o.targets.map((n) => [n.metadata?.name ?? '', n]));
  const writes: WriteAction[] = [];
  for (const name of notSynced.slice(0, Math.max(room, 0))) {
    const nodeImage = byName.get(name);
    if (nodeImage === undefined) continue;
    const written = withJobTag(
      nodeImage,
      job,
      nameTag.name,
      nameTag.tag,
      secretRefs,
      now,
      o.jitter,
    );
    if (written === undefined) continue;
    writes.push({
      verb: 'update',
      resource: nodeImages,
      object: written,
      failure: `failed to sync NodeImages: update NodeImage ${name} error`,
      log: {
        v: 3,
        message: 'ImagePullJob had synced image into NodeImage',
        fields: { image: job.spec.image, nodeImage: name },
      },
    });
  }
  const statusWrite: WriteAction = {
    verb: 'updateStatus',
    resource: imagePullJobs,
    object: job,
    status,
    failure: 'update ImagePullJob status error',
  };
  const actions = [...secretActions, ...writes, statusWrite];
  // Completed: finalize and the TTL next, by a fresh look.
  if (status.completionTime !== undefined) return again(actions);
  const deadline = job.spec.completionPolicy.activeDeadlineSeconds;
  if (job.spec.completionPolicy.type !== 'Never' && deadline !== undefined) {
    const left = deadline * 1000 - (now.getTime() - metaTimeMs(status.startTime));
    return { actions, requeueAfterMs: Math.max(left, MIN_REQUEUE_MS) };
  }
  return { actions };
}
