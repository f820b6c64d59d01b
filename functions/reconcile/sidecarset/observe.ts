/**
 * What one SidecarSet reconcile reads (SPEC §2.9 step 1, §2.5), all from
 * consistent (quorum) reads, so a write an earlier reconcile made is always
 * seen: OpenKruise's informer cache can lag, which its update expectations
 * ("requeue after 1 s") cover; that case cannot arise here.
 * - the SidecarSet (NotFound: gone);
 * - its pods: listed with the SidecarSet selector as label selector, in
 *   `spec.namespace`, the namespaces `namespaceSelector` selects, or the whole
 *   cluster (the plan keeps the active, injected ones);
 * - its ControllerRevisions in the kruise namespace (label
 *   `kruise.io/sidecarset-name`), and, when the current spec has no revision
 *   yet, the objects at the names a new one would take, until a free one.
 */
import type { Logger } from 'pino';
import type { ControllerRevision } from '../../../shared/api/core/apps-v1.js';
import type { Pod } from '../../../shared/api/core/core-v1.js';
import type { SidecarSet } from '../../../shared/api/sidecarset.js';
import type { KubeClient } from '../../../shared/kube/client.js';
import { controllerRevisions, namespaces, pods } from '../../../shared/kube/core-resources.js';
import { sidecarSets } from '../../../shared/kube/kruise-resources.js';
import type { ObjectKey } from '../../../shared/kube/resource.js';
import { SIDECARSET_NAME_LABEL } from '../../../shared/sidecarset/annotations.js';
import { selectorQuery } from './label-query.js';
import { candidateNames, MAX_COLLISIONS } from './plan-revision.js';
import { revisionData, storedData } from './revision-data.js';

export interface ObservedSidecarSet {
  readonly sidecarSet: SidecarSet;
  /** Pods its selector lists in its namespaces, in list order (namespace, name). */
  readonly pods: readonly Pod[];
  /** ControllerRevisions labelled with its name in the kruise namespace. */
  readonly revisions: readonly ControllerRevision[];
  /** Objects read at candidate revision names (null: none there). */
  readonly occupants: Readonly<Record<string, ControllerRevision | null>>;
  readonly kruiseNamespace: string;
  readonly now: Date;
  /** Feature gate SidecarSetNativeSidecarInPlaceUpdate. */
  readonly nativeSidecarInPlaceUpdate: boolean;
}

export interface ObserveOptions {
  readonly kruiseNamespace: string;
  readonly now: () => Date;
  readonly nativeSidecarInPlaceUpdate: boolean;
}

/** More namespaces than this are read with one cluster-wide list instead of one list each. */
const NAMESPACE_LISTS = 4;

/** FetchSidecarSetMatchedNamespace; undefined for cluster scope. */
async function scopedNamespaces(client: KubeClient, s: SidecarSet): Promise<string[] | undefined> {
  const spec = s.spec ?? {};
  if (spec.namespace) return [spec.namespace];
  if (spec.namespaceSelector === undefined) return undefined;
  const q = selectorQuery(spec.namespaceSelector);
  if (q.kind === 'nothing') return [];
  const listed = await client.listMetadata(namespaces, { labelSelector: q.query });
  return listed.items
    .filter((n) => q.matches(n.metadata?.labels))
    .map((n) => n.metadata?.name ?? '')
    .sort();
}

async function selectedPods(client: KubeClient, s: SidecarSet): Promise<Pod[]> {
  const q = selectorQuery(s.spec?.selector);
  if (q.kind === 'nothing') return [];
  const scope = await scopedNamespaces(client, s);
  const list = async (namespace?: string) =>
    (
      await client.list(pods, {
        labelSelector: q.query,
        ...(namespace !== undefined && { namespace }),
      })
    ).items;
  let listed: Pod[];
  if (scope === undefined) listed = await list();
  else if (scope.length <= NAMESPACE_LISTS) listed = (await Promise.all(scope.map(list))).flat();
  else {
    const wanted = new Set(scope);
    listed = (await list()).filter((p) => wanted.has(p.metadata?.namespace ?? ''));
  }
  return listed.filter((p) => q.matches(p.metadata?.labels));
}

async function occupantsOf(
  client: KubeClient,
  s: SidecarSet,
  namespace: string,
  revisions: readonly ControllerRevision[],
): Promise<Record<string, ControllerRevision | null>> {
  const data = revisionData(s.spec);
  const byName = new Map(revisions.map((r) => [r.metadata?.name ?? '', r]));
  const occupants: Record<string, ControllerRevision | null> = {};
  for (const { name } of candidateNames(s, MAX_COLLISIONS + 1)) {
    const taken = byName.get(name) ?? (await client.find(controllerRevisions, { namespace, name }));
    if (!byName.has(name)) occupants[name] = taken ?? null;
    if (taken === undefined || storedData(taken) === data) break;
  }
  return occupants;
}

export async function observeSidecarSet(
  client: KubeClient,
  key: ObjectKey,
  options: ObserveOptions,
  _log: Logger,
): Promise<ObservedSidecarSet> {
  const sidecarSet = await client.get(sidecarSets, { name: key.name });
  const namespace = options.kruiseNamespace;
  const name = sidecarSet.metadata?.name ?? '';
  const [podList, revisionList] = await Promise.all([
    selectedPods(client, sidecarSet),
    client.list(controllerRevisions, {
      namespace,
      labelSelector: `${SIDECARSET_NAME_LABEL}=${name}`,
    }),
  ]);
  const revisions = revisionList.items;
  return {
    sidecarSet,
    pods: podList,
    revisions,
    occupants: await occupantsOf(client, sidecarSet, namespace, revisions),
    kruiseNamespace: namespace,
    now: options.now(),
    nativeSidecarInPlaceUpdate: options.nativeSidecarInPlaceUpdate,
  };
}
