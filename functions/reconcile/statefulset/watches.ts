/**
 * Which Advanced StatefulSets an event names (`kruise@v1.7.4:pkg/controller/statefulset/statefulset_controller.go`
 * add: the set itself, and pods by their controller reference; widened
 * where an event-driven function cannot do what an informer does):
 * - a set event: that set, also for a write of its scale subresource
 *   (`kubectl scale`), not for its status (this controller's own write);
 * - a pod event: the set its controller reference names; a pod without one
 *   (an orphan to adopt), the sets of its namespace whose selector matches
 *   its labels, as the lister's GetPodStatefulSets finds them (an empty
 *   selector matches none); a pod that is gone (no object to read), the set
 *   its name `<set>-<ordinal>` names (a key for no set is done in one read);
 * - a claim event: the sets of its namespace whose claim templates give
 *   names of its shape `<template>-<set>-<ordinal>` (a stale claim blocking
 *   a pod's creation ends with the claim's delete).
 */
import type { Pod } from '../../../shared/api/core/core-v1.js';
import { statefulSets } from '../../../shared/kube/kruise-resources.js';
import type { ObjectKey } from '../../../shared/kube/resource.js';
import {
  selfKey,
  type MapContext,
  type ObjectRef,
  type Watch,
  POD_SUBRESOURCES,
} from '../controller.js';
import {
  labelSelectorAsSelector,
  matchesRequirements,
} from '../../../shared/validation/selector-match.js';
import { parentAndOrdinal } from './ordinals.js';

const KRUISE_GROUP = 'apps.kruise.io/';

async function podKeys(ref: ObjectRef, ctx: MapContext): Promise<readonly ObjectKey[]> {
  if (ref.subresource !== undefined && !POD_SUBRESOURCES.has(ref.subresource)) return [];
  const namespace = ref.namespace || 'default';
  // A deleted pod cannot be read: only the object the event carried (ApiServerSource) tells.
  const pod: Pod | undefined =
    ref.verb === 'delete'
      ? (ref.object as Pod | undefined)
      : await ctx.pod({ namespace, name: ref.name });
  const owner = pod?.metadata?.ownerReferences?.find((o) => o.controller === true);
  if (owner !== undefined)
    return owner.kind === 'StatefulSet' && owner.apiVersion.startsWith(KRUISE_GROUP)
      ? [{ namespace, name: owner.name }]
      : [];
  if (pod !== undefined) return orphanKeys(pod, namespace, ctx);
  const [parent, ordinal] = parentAndOrdinal(ref.name);
  return ordinal >= 0 && parent !== '' ? [{ namespace, name: parent }] : [];
}

/** The sets that could adopt an orphan pod: selector (non-empty, valid) matching its labels. */
async function orphanKeys(pod: Pod, namespace: string, ctx: MapContext): Promise<ObjectKey[]> {
  const labels = pod.metadata?.labels ?? {};
  if (Object.keys(labels).length === 0) return [];
  const items = await ctx.namespaced(statefulSets, namespace);
  return items
    .filter((s) => {
      const selector = labelSelectorAsSelector(s.spec.selector);
      return (
        selector.ok &&
        !selector.everything &&
        selector.requirements.length > 0 &&
        matchesRequirements(selector.requirements, labels)
      );
    })
    .map((s) => ({ namespace, name: s.metadata?.name ?? '' }));
}

async function claimKeys(ref: ObjectRef, ctx: MapContext): Promise<readonly ObjectKey[]> {
  const namespace = ref.namespace || 'default';
  const items = await ctx.namespaced(statefulSets, namespace);
  return items
    .filter((s) =>
      (s.spec.volumeClaimTemplates ?? []).some((t) => {
        const prefix = `${t.metadata?.name ?? ''}-${s.metadata?.name ?? ''}-`;
        return ref.name.startsWith(prefix) && /^[0-9]+$/.test(ref.name.slice(prefix.length));
      }),
    )
    .map((s) => ({ namespace, name: s.metadata?.name ?? '' }));
}

export const STATEFULSET_WATCHES: readonly Watch[] = [
  {
    group: 'apps.kruise.io',
    resource: 'statefulsets',
    keys: (ref) => (ref.subresource === 'status' ? [] : selfKey(ref)),
  },
  { group: '', resource: 'pods', keys: podKeys },
  { group: '', resource: 'persistentvolumeclaims', keys: claimKeys },
];
