/**
 * Which tags of a NodeImage need a pull worker, as OpenKruise's worker pool
 * decides (imagepuller_worker.go `realWorkerPool.Sync`): a tag whose status
 * has no completionTime for the spec's `version` is active; a worker of a tag
 * that left the spec, or whose version changed, is stopped; statuses of tags
 * no longer in the spec are dropped. A finished status this process holds
 * counts as well as the observed one (its write may not be seen yet). Pure.
 */
import type { ImageTagStatus, NodeImage } from '../../shared/api/nodeimage.js';
import type { ImageTagSpec } from '../../shared/api/nodeimage.js';

export interface TagRef {
  readonly image: string;
  readonly tag: string;
}

/** `image:tag`, OpenKruise's worker key and the reference pulled. */
export const refKey = (r: TagRef): string => `${r.image}:${r.tag}`;

export interface RunningWorker extends TagRef {
  readonly version: number;
}

export interface SyncPlan {
  /** Tags to start a worker for (none is running). */
  readonly start: readonly (TagRef & { readonly spec: ImageTagSpec })[];
  /** Running workers to stop (tag gone or version changed). */
  readonly stop: readonly RunningWorker[];
  /** Finished statuses of the current versions, kept as they are. */
  readonly keep: readonly (TagRef & { readonly status: ImageTagStatus })[];
  /** Every tag of the spec, `image:tag`; statuses of others are dropped. */
  readonly inSpec: ReadonlySet<string>;
}

export function planSync(
  nodeImage: NodeImage,
  running: ReadonlyMap<string, RunningWorker>,
  /** Statuses this process holds (`image:tag`), which the observed object may not show yet. */
  held: ReadonlyMap<string, ImageTagStatus> = new Map(),
): SyncPlan {
  const images = nodeImage.spec?.images ?? {};
  const statuses = nodeImage.status?.imageStatuses ?? {};
  const active = new Map<string, TagRef & { spec: ImageTagSpec }>();
  const keep: (TagRef & { status: ImageTagStatus })[] = [];
  const inSpec = new Set<string>();
  for (const [image, imageSpec] of Object.entries(images)) {
    for (const spec of imageSpec.tags) {
      const ref = { image, tag: spec.tag };
      inSpec.add(refKey(ref));
      const sameVersion = (s: ImageTagStatus | undefined) =>
        s !== undefined &&
        s.completionTime !== undefined &&
        (s.version ?? 0) === (spec.version ?? 0);
      const mine = held.get(refKey(ref));
      const done = sameVersion(mine)
        ? mine
        : statuses[image]?.tags.find((s) => s.tag === spec.tag && sameVersion(s));
      if (done?.completionTime === undefined) active.set(refKey(ref), { ...ref, spec });
      else keep.push({ ...ref, status: done });
    }
  }
  const stop = [...running.entries()]
    .filter(([key, w]) => {
      const want = active.get(key);
      return want === undefined || (want.spec.version ?? 0) !== w.version;
    })
    .map(([, w]) => w);
  const stopped = new Set(stop.map(refKey));
  const start = [...active.entries()]
    .filter(([key]) => !running.has(key) || stopped.has(key))
    .map(([, a]) => a);
  return { start, stop, keep, inSpec };
}
