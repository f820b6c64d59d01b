/**
 * Which SidecarSets an event names (`kruise@v1.7.4:pkg/controller/sidecarset/sidecarset_controller.go`
 * and `sidecarset_pod_event_handler.go`, widened where an event-driven
 * function cannot do what an informer does):
 * - a SidecarSet event: that SidecarSet, except writes of its status
 *   subresource (OpenKruise reacts to generation changes only, and the
 *   status is what this controller writes itself);
 * - a pod event: the pod is read, and the SidecarSets whose namespace and
 *   selector match it plus those its injected-list names; a pod update
 *   leaves out NotUpdate SidecarSets, as OpenKruise does. With no old
 *   object to compare, every update counts, not only readiness, deletion,
 *   consistency or label changes: a reconcile that finds nothing to do
 *   writes nothing;
 * - a pod that is gone: the SidecarSets matching the object the event
 *   carried, or without one every SidecarSet whose namespace scope may hold
 *   the pod's namespace (OpenKruise only forgets its expectations here; the
 *   counts then follow from the pod's earlier update with a deletion time).
 */
import type { Pod } from '../../../shared/api/core/core-v1.js';
import type { SidecarSet } from '../../../shared/api/sidecarset.js';
import type { ObjectKey } from '../../../shared/kube/resource.js';
import { SIDECARSET_LIST_ANNOTATION } from '../../../shared/sidecarset/annotations.js';
import { matcherOf } from '../../../shared/sidecarset/match.js';
import { compileSelector } from '../../../shared/validation/selector-match.js';
import {
  selfKey,
  type MapContext,
  type ObjectRef,
  type Watch,
  POD_SUBRESOURCES,
} from '../controller.js';

/**
 * Pod subresources whose writes change what the controller reads: status,
 * the node binding (update order), and an eviction, which deletes the pod
 * inside the apiserver with no pod event of its own.
 */

const keysOf = (names: Iterable<string>): ObjectKey[] =>
  [...new Set(names)].sort().map((name) => ({ name }));

const nameOf = (s: SidecarSet): string => s.metadata?.name ?? '';

async function matching(pod: Pod, namespace: string, ctx: MapContext, sets: readonly SidecarSet[]) {
  const needsLabels = sets.some((s) => s.spec?.namespaceSelector !== undefined);
  const labels = needsLabels ? await ctx.namespaceLabels(namespace) : undefined;
  const namespaceLabels = labels === undefined ? {} : { [namespace]: labels };
  const injected = new Set(
    (pod.metadata?.annotations?.[SIDECARSET_LIST_ANNOTATION] ?? '')
      .split(',')
      .filter((n) => n !== ''),
  );
  return sets.filter((s) => {
    if (injected.has(nameOf(s))) return true;
    try {
      return matcherOf(s).matches(namespace, pod.metadata?.labels, namespaceLabels);
    } catch {
      return false; // a bad selector operator matches nothing
    }
  });
}

/** SidecarSets whose `namespace` / `namespaceSelector` / cluster scope may hold `namespace`. */
async function scoped(namespace: string, ctx: MapContext, sets: readonly SidecarSet[]) {
  const out: SidecarSet[] = [];
  for (const s of sets) {
    const spec = s.spec ?? {};
    if (spec.namespace) {
      if (spec.namespace === namespace) out.push(s);
      continue;
    }
    if (spec.namespaceSelector === undefined) {
      out.push(s);
      continue;
    }
    const labels = await ctx.namespaceLabels(namespace);
    let selects = true; // a Namespace gone with its pods, or an unreadable selector: look anyway
    try {
      if (labels !== undefined) selects = compileSelector(spec.namespaceSelector).matches(labels);
    } catch {
      selects = true;
    }
    if (selects) out.push(s);
  }
  return out;
}

async function podKeys(ref: ObjectRef, ctx: MapContext): Promise<readonly ObjectKey[]> {
  if (ref.subresource !== undefined && !POD_SUBRESOURCES.has(ref.subresource)) return [];
  const namespace = ref.namespace || 'default';
  const sets = await ctx.sidecarSets();
  if (sets.length === 0) return [];
  const carried = ref.object as Pod | undefined;
  const pod = ref.verb === 'delete' ? undefined : await ctx.pod({ namespace, name: ref.name });
  if (pod === undefined) {
    const gone =
      carried !== undefined
        ? await matching(carried, namespace, ctx, sets)
        : await scoped(namespace, ctx, sets);
    return keysOf(gone.map(nameOf));
  }
  const update = ref.verb === 'update' || ref.verb === 'patch';
  const found = await matching(pod, namespace, ctx, sets);
  return keysOf(
    found.filter((s) => !(update && s.spec?.updateStrategy?.type === 'NotUpdate')).map(nameOf),
  );
}

export const SIDECARSET_WATCHES: readonly Watch[] = [
  {
    group: 'apps.kruise.io',
    resource: 'sidecarsets',
    keys: (ref) => (ref.subresource === 'status' ? [] : selfKey(ref)),
  },
  { group: '', resource: 'pods', keys: podKeys },
];
