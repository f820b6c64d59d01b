/**
 * Keeps object identity across list refreshes: an item whose uid and
 * resourceVersion did not change is the same object as before (the
 * resourceVersion changes on every write), and a list where nothing changed
 * is the previous array itself. What the admission decisions derive per
 * object or per array (compiled selectors, the SidecarSet index, encoded
 * sidecars) then outlives a refresh that found nothing new.
 */
import type { KubeObject } from '../../../shared/kube/resource.js';

function versionKey(object: KubeObject): string | undefined {
  const { uid, resourceVersion } = object.metadata ?? {};
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

export function reuseUnchanged<T extends KubeObject>(
  previous: readonly T[] | undefined,
  next: readonly T[],
): readonly T[] {
  if (previous === undefined) return next;
  const known = new Map<string, T>();
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
