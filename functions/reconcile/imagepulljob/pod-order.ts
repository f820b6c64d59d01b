/**
 * The order of a `podSelector` job's pods when the job has a controller
 * (kruise@v1.7.4:pkg/control/sorting/pod_sorting.go `SortPods`, used only for
 * image pre-download): an owner outside apps.kruise.io, or of a kind not
 * sorted, leaves the pods as listed;
 * - Advanced StatefulSet: by descending ordinal (OpenKruise sorts the pods
 *   ascending and then reads them from the last index), then by
 *   `rollingUpdate.unorderedUpdate.priorityStrategy`;
 * - SidecarSet: the SidecarSet's update order (health, priority, scatter);
 * - CloneSet: kruise-fn has no CloneSet, so its pods stay as listed.
 * Pure; observe.ts reads the owner.
 */
import type { Pod } from '../../../shared/api/core/core-v1.js';
import type { SidecarSet } from '../../../shared/api/sidecarset.js';
import type { StatefulSet } from '../../../shared/api/statefulset.js';
import type { OwnerReference } from '../../../shared/api/core/meta.js';
import { prioritySort } from '../../../shared/updatesort/priority-sort.js';
import { sortUpdateIndexesBy } from '../sidecarset/strategy.js';
import { ordinalOf } from '../statefulset/ordinals.js';

export type SortingOwner = 'StatefulSet' | 'SidecarSet';

/** The kind whose order applies to `owner`, or undefined: the pods stay as listed. */
export function sortingOwnerOf(
  owner: Pick<OwnerReference, 'apiVersion' | 'kind'>,
): SortingOwner | undefined {
  if (owner.apiVersion.split('/')[0] !== 'apps.kruise.io') return undefined;
  return owner.kind === 'StatefulSet' || owner.kind === 'SidecarSet' ? owner.kind : undefined;
}

export function statefulSetPodOrder(set: StatefulSet, pods: readonly Pod[]): Pod[] {
  const ascending = [...pods].sort((a, b) => ordinalOf(a) - ordinalOf(b));
  let indexes = ascending.map((_, i) => ascending.length - 1 - i);
  const priority = set.spec.updateStrategy?.rollingUpdate?.unorderedUpdate?.priorityStrategy;
  if (priority !== undefined) indexes = prioritySort(priority, ascending, indexes);
  return indexes.map((i) => ascending[i] as Pod);
}

export function sidecarSetPodOrder(set: SidecarSet, pods: readonly Pod[]): Pod[] {
  const indexes = pods.map((_, i) => i);
  return sortUpdateIndexesBy(set.spec?.updateStrategy ?? {}, pods, indexes).map(
    (i) => pods[i] as Pod,
  );
}
