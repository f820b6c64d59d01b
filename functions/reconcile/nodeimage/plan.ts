/**
 * One NodeImage reconcile, the manager side (kruise@v1.7.4:pkg/controller/
 * nodeimage/nodeimage_controller.go 152-234 Reconcile):
 * - its Node gone or deleting: delete the NodeImage (unless labelled
 *   `apps.kruise.io/fake-nodeimage`);
 * - no NodeImage yet: create an empty one once the Node has been Ready for
 *   30 s (come back when it has);
 * - the spec (doUpdateNodeImage 255-345): Node labels mirrored; tags with no
 *   `createdAt` dropped; ImagePullJob owners that are gone (or of another
 *   UID) dropped, and tags left with none; tags completed at their version
 *   longer than `ttlSecondsAfterFinished` ago dropped; empty images dropped.
 *   A round that changes the spec stops there (its write comes back);
 * - the status (updateNodeImageStatus 347-489): a tag the node has not
 *   answered for its version 10 min after `createdAt` fails with `node has
 *   not responded for a long time`; one not completed by `createdAt +
 *   activeDeadlineSeconds + 10 min` with `pulling exceeds the
 *   activeDeadlineSeconds`; each failure an Event `PullImageFailed` on every
 *   owner and on the NodeImage; when a tag status changed, the counts are
 *   recomputed and the status written.
 * It comes back at the earliest wait (a TTL, a response or deadline
 * timeout), never sooner than 3–5 s.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Node, ObjectReference } from '../../../shared/api/core/core-v1.js';
import type {
  ImageTagStatus,
  NodeImage,
  NodeImageSpec,
  NodeImageStatus,
} from '../../../shared/api/nodeimage.js';
import { nodeImages } from '../../../shared/kube/kruise-resources.js';
import type { Plan } from '../../../shared/kube/reconcile-key.js';
import type { ReconcileAction } from '../actions.js';
import { involvedObject, recordEvent } from '../../../shared/kube/events.js';
import { metaTime, metaTimeMs } from '../../../shared/kube/meta-time.js';

export const FAKE_NODEIMAGE_LABEL = 'apps.kruise.io/fake-nodeimage';
export const CREATION_DELAY_MS = 30_000;
const RESPONSE_TIMEOUT_MS = 10 * 60_000;
const MIN_REQUEUE_MS = 3000;

export interface ObservedNodeImage {
  readonly name: string;
  readonly node: Node | undefined;
  readonly nodeImage: NodeImage | undefined;
  /** The UID of each ImagePullJob a tag names (`<ns>/<name>`); absent when it does not exist. */
  readonly jobUids: ReadonlyMap<string, string>;
  readonly now: Date;
  /** [0, 2000) ms added to the 3 s floor (rand.Int31n(2000)). */
  readonly requeueJitterMs: number;
}

export type NodeImageAction = ReconcileAction;

/** getNodeReadyAndDelayTime (489-500): Ready, and how long until it has been for 30 s. */
export function readyDelay(node: Node, now: Date): number | undefined {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status !== 'True') return undefined;
  return Math.max(CREATION_DELAY_MS - (now.getTime() - metaTimeMs(ready.lastTransitionTime)), 0);
}

const groupOf = (apiVersion: string | undefined) => {
  const v = apiVersion ?? '';
  return v.includes('/') ? v.slice(0, v.indexOf('/')) : '';
};

/** Earliest wait of a round (requeueduration.Duration keeps the smallest positive one). */
class Wait {
  ms: number | undefined;
  update(left: number) {
    if (left > 0 && (this.ms === undefined || left < this.ms)) this.ms = left;
  }
}

const byTag = (a: { tag: string }, b: { tag: string }) =>
  a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0;

function updatedSpec(o: ObservedNodeImage, n: NodeImage, wait: Wait): NodeImage | undefined {
  let modified = false;
  let labels = n.metadata?.labels;
  if (o.node !== undefined && !isDeepStrictEqual(labels ?? {}, o.node.metadata?.labels ?? {})) {
    modified = true;
    labels = o.node.metadata?.labels;
  }
  const images: NonNullable<NodeImageSpec['images']> = {};
  for (const [name, image] of Object.entries(n.spec.images ?? {})) {
    const tags = [];
    for (const tag of image.tags) {
      if (tag.createdAt === undefined) {
        modified = true;
        continue;
      }
      const active = (tag.ownerReferences ?? []).filter((ref) => {
        if (groupOf(ref.apiVersion) !== 'apps.kruise.io' || ref.kind !== 'ImagePullJob')
          return true;
        return o.jobUids.get(`${ref.namespace ?? ''}/${ref.name ?? ''}`) === ref.uid;
      });
      let kept = tag;
      if (active.length !== (tag.ownerReferences ?? []).length) {
        modified = true;
        if (active.length === 0) continue;
        kept = { ...tag, ownerReferences: active };
      }
      const ttl = tag.pullPolicy?.ttlSecondsAfterFinished;
      if (ttl !== undefined) {
        const done = n.status?.imageStatuses?.[name]?.tags.find(
          (s) => s.tag === tag.tag && (s.version ?? 0) === (tag.version ?? 0),
        )?.completionTime;
        if (done !== undefined) {
          const left = ttl * 1000 - (o.now.getTime() - metaTimeMs(done));
          if (left <= 0) {
            modified = true;
            continue;
          }
          wait.update(left);
        }
      }
      tags.push(kept);
    }
    if (tags.length > 0) images[name] = { ...image, tags: tags.sort(byTag) };
    else modified = true;
  }
  if (!modified) return undefined;
  const { labels: _old, ...meta } = n.metadata ?? {};
  void _old;
  return {
    ...n,
    metadata: { ...meta, ...(labels !== undefined && { labels }) },
    spec: { ...n.spec, images },
  };
}

function updatedStatus(
  o: ObservedNodeImage,
  n: NodeImage,
  wait: Wait,
): { status: NodeImageStatus; events: ReconcileAction[] } | undefined {
  const now = metaTime(o.now);
  const statuses = structuredClone(n.status?.imageStatuses ?? {});
  const specFull = new Set<string>();
  const events: ReconcileAction[] = [];
  for (const [name, image] of Object.entries(n.spec.images ?? {})) {
    const tags: ImageTagStatus[] = statuses[name]?.tags ?? [];
    for (const tag of image.tags) {
      const full = `${name}:${tag.tag}`;
      specFull.add(full);
      if (tag.createdAt === undefined) continue;
      const created = metaTimeMs(tag.createdAt);
      let status = tags.find((s) => s.tag === tag.tag);
      let failed = false;
      if (status === undefined || (status.version ?? 0) !== (tag.version ?? 0)) {
        const left = RESPONSE_TIMEOUT_MS - (o.now.getTime() - created);
        if (left > 0) {
          wait.update(left);
          continue;
        }
        const message = 'node has not responded for a long time';
        if (status === undefined) {
          status = {
            tag: tag.tag,
            phase: 'Failed',
            completionTime: now,
            ...(tag.version && { version: tag.version }),
            message,
          };
          tags.push(status);
        } else {
          Object.assign(status, { phase: 'Failed', completionTime: now, message });
          if (tag.version) status.version = tag.version;
          else delete status.version;
        }
        failed = true;
      }
      const deadline = tag.pullPolicy?.activeDeadlineSeconds;
      if (status.completionTime === undefined && deadline !== undefined) {
        const left = deadline * 1000 + RESPONSE_TIMEOUT_MS - (o.now.getTime() - created);
        if (left > 0) {
          wait.update(left);
          continue;
        }
        Object.assign(status, {
          phase: 'Failed',
          completionTime: now,
          message: 'pulling exceeds the activeDeadlineSeconds',
        });
        if (tag.version) status.version = tag.version;
        else delete status.version;
        failed = true;
      }
      if (failed) {
        const message = `Failed to pull image ${full} on node ${n.metadata?.name ?? ''} for ${status.message ?? ''}`;
        for (const owner of tag.ownerReferences ?? [])
          events.push(recordEvent(owner, 'Warning', 'PullImageFailed', message));
        const self: ObjectReference = involvedObject('NodeImage', 'apps.kruise.io/v1alpha1', n);
        events.push(recordEvent(self, 'Warning', 'PullImageFailed', message));
      }
    }
    if (tags.length > 0) statuses[name] = { tags: tags.sort(byTag) };
  }
  if (isDeepStrictEqual(statuses, n.status?.imageStatuses ?? {})) return undefined;
  const counts = { succeeded: 0, failed: 0, pulling: 0 };
  const kept: NonNullable<NodeImageStatus['imageStatuses']> = {};
  for (const [name, image] of Object.entries(statuses)) {
    if (n.spec.images?.[name] === undefined) continue;
    const tags = image.tags.filter((t) => specFull.has(`${name}:${t.tag}`));
    for (const t of tags) {
      if (t.phase === 'Succeeded') counts.succeeded++;
      else if (t.phase === 'Pulling') counts.pulling++;
      else if (t.phase === 'Failed') counts.failed++;
    }
    if (tags.length > 0) kept[name] = { tags };
  }
  return {
    status: {
      ...n.status,
      imageStatuses: kept,
      desired: specFull.size,
      ...counts,
    },
    events,
  };
}

export function planNodeImage(o: ObservedNodeImage): Plan<NodeImageAction> {
  const { node, nodeImage } = o;
  if (node === undefined || node.metadata?.deletionTimestamp !== undefined) {
    if (nodeImage === undefined || nodeImage.metadata?.deletionTimestamp !== undefined)
      return { actions: [] };
    if (nodeImage.metadata?.labels?.[FAKE_NODEIMAGE_LABEL] === undefined)
      return {
        actions: [
          {
            verb: 'delete',
            resource: nodeImages,
            key: { name: o.name },
            failure: `failed to delete nodeimage ${o.name}, err`,
          },
        ],
      };
  }
  if (nodeImage === undefined) {
    if (node === undefined) return { actions: [] };
    const delay = readyDelay(node, o.now);
    if (delay === undefined) return { actions: [] };
    if (delay > 0) return { actions: [], requeueAfterMs: delay };
    const created: NodeImage = {
      apiVersion: 'apps.kruise.io/v1alpha1',
      kind: 'NodeImage',
      metadata: { name: o.name },
      spec: {},
    };
    return {
      actions: [
        {
          verb: 'create',
          resource: nodeImages,
          object: created,
          failure: `failed to create nodeimage ${o.name}, err`,
          log: { v: 0, message: 'Successfully create nodeimage' },
        },
      ],
    };
  }
  if (nodeImage.metadata?.deletionTimestamp !== undefined) return { actions: [] };
  const wait = new Wait();
  const spec = updatedSpec(o, nodeImage, wait);
  if (spec !== undefined)
    return {
      actions: [
        {
          verb: 'update',
          resource: nodeImages,
          object: spec,
          log: { v: 0, message: 'Successfully update NodeImage' },
        },
      ],
    };
  const status = updatedStatus(o, nodeImage, wait);
  const actions: NodeImageAction[] =
    status === undefined
      ? []
      : [
          { verb: 'updateStatus', resource: nodeImages, object: nodeImage, status: status.status },
          ...status.events,
        ];
  const ms = wait.ms;
  if (ms === undefined) return { actions };
  return { actions, requeueAfterMs: ms < MIN_REQUEUE_MS ? MIN_REQUEUE_MS + o.requeueJitterMs : ms };
}
