/**
 * The NodeImage status the daemon writes, recomputed in full from the spec
 * and the tag statuses it holds (imagepuller_controller.go `sync`): `desired`
 * counts the spec's tags; each image lists the statuses it has, sorted by
 * tag; Succeeded / Failed / Pulling are counted (Waiting is in none);
 * `imageStatuses` is left out when empty. Pure.
 */
import type { ImageTagStatus, NodeImageSpec, NodeImageStatus } from '../../shared/api/nodeimage.js';
import { refKey } from './sync-plan.js';

export function nodeImageStatusOf(
  spec: NodeImageSpec | undefined,
  tagStatuses: ReadonlyMap<string, ImageTagStatus>,
): NodeImageStatus {
  let desired = 0;
  let succeeded = 0;
  let failed = 0;
  let pulling = 0;
  const imageStatuses: Record<string, { tags: ImageTagStatus[] }> = {};
  for (const [image, imageSpec] of Object.entries(spec?.images ?? {})) {
    desired += imageSpec.tags.length;
    const tags = imageSpec.tags
      .map((t) => tagStatuses.get(refKey({ image, tag: t.tag })))
      .filter((s): s is ImageTagStatus => s !== undefined)
      .sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
    if (tags.length === 0) continue;
    imageStatuses[image] = { tags };
    for (const t of tags) {
      if (t.phase === 'Succeeded') succeeded++;
      else if (t.phase === 'Failed') failed++;
      else if (t.phase === 'Pulling') pulling++;
    }
  }
  return {
    desired,
    succeeded,
    failed,
    pulling,
    ...(Object.keys(imageStatuses).length > 0 && { imageStatuses }),
  };
}

/** imagepuller utils.go isImageInPulling: something is not final yet. */
export function isPulling(spec: NodeImageSpec | undefined, status: NodeImageStatus): boolean {
  if ((status.succeeded ?? 0) + (status.failed ?? 0) < status.desired) return true;
  for (const [image, s] of Object.entries(status.imageStatuses ?? {})) {
    for (const t of s.tags) {
      const want = spec?.images?.[image]?.tags.find((x) => x.tag === t.tag);
      if (want !== undefined && (want.version ?? 0) !== (t.version ?? 0)) return true;
    }
  }
  return false;
}
