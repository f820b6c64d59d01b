/**
 * Keeps object identity across list refreshes: an item whose uid and
 * resourceVersion did not change is the same object as before (the
 * resourceVersion changes on every write), and a list where nothing changed
 * is the previous array itself. What the admission decisions derive per
 * object or per array (compiled selectors, the SidecarSet index, encoded
 * sidecars) then outlives a refresh that found nothing new.
 */
import type { KubeObject } from './admission-reads.js';

function versionKey(object: KubeObject): string | undefined {
  const metadata = object['metadata'];
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  const { uid, resourceVersion } = metadata as { uid?: unknown; resourceVersion?: unknown };
  return typeof uid === 'string' && typeof resourceVersion === 'string' && resourceVersion !== ''
    ? `${uid}/${resourceVersion}`
    : undefined;
}

/** True when `metadata` (sorted alike) names exactly the objects of `list`, each at its resourceVersion. */
export function isCurrent(list: readonly KubeObject[], metadata: readonly KubeObject[]): boolean {
  if (list.length !== metadata.length) return false;
  return list.every((object, i) => {
    const key = versionKey(object);
    const other = metadata[i];
    return key !== undefined && other !== undefined && key === versionKey(other);
  });
}

export function reuseUnchanged(
  previous: readonly KubeObject[] | undefined,
  next: readonly KubeObject[],
): readonly KubeObject[] {
  if (previous === undefined) return next;
  const known = new Map<string, KubeObject>();
  for (const object of previous) {
    const key = versionKey(object);
    if (key !== undefined) known.set(key, object);
  }
  let same = previous.length === next.length;
  const out = next.map((object, i) => {
    const key = versionKey(object);
    const kept = key === undefined ? undefined : known.get(key);
    if (kept === undefined || kept !== previous[i]) same = false;
    return kept ?? object;
  });
  return same ? previous : out;
}
