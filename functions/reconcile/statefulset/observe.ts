/**
 * What one Advanced StatefulSet reconcile reads, all from consistent
 * (quorum) reads, so an earlier reconcile's write is always seen
 * (OpenKruise's update expectations cover its informer's lag; that case
 * cannot arise here):
 * - the set (NotFound: gone);
 * - every pod of its namespace (ClaimPods also looks at pods the selector
 *   no longer matches but the set still owns);
 * - the ControllerRevisions its selector lists there (a requirement the
 *   API's labelSelector cannot carry is applied to the list), and the objects at the
 *   names a new revision would take, until a free one;
 * - the namespace's PersistentVolumeClaims, when it has claim templates.
 */
import type { Logger } from 'pino';
import type { ControllerRevision } from '../../../shared/api/core/apps-v1.js';
import type { KubeClient } from '../../../shared/kube/client.js';
import {
  controllerRevisions,
  persistentVolumeClaims,
  pods,
} from '../../../shared/kube/core-resources.js';
import { statefulSets } from '../../../shared/kube/kruise-resources.js';
import type { ObjectKey } from '../../../shared/kube/resource.js';
import { selectorQuery } from '../sidecarset/label-query.js';
import type { PersistentVolumeClaim } from './claims.js';
import type { ObservedStatefulSet } from './plan.js';
import {
  candidateNames,
  MAX_COLLISIONS,
  statefulSetRevisionData,
  storedData,
} from './revisions.js';
import type { Gates } from './sync-context.js';

export interface ObserveOptions {
  readonly gates: Gates;
  readonly now: () => Date;
}

export async function observeStatefulSet(
  client: KubeClient,
  key: ObjectKey,
  options: ObserveOptions,
  _log: Logger,
): Promise<ObservedStatefulSet> {
  const set = await client.get(statefulSets, key);
  const namespace = set.metadata?.namespace ?? key.namespace ?? '';
  // What the API's labelSelector cannot say is filtered here, as OpenKruise's lister filters.
  let revisionQuery = '';
  let selects: (labels: Readonly<Record<string, string>> | undefined) => boolean = () => true;
  try {
    const q = selectorQuery(set.spec.selector);
    if (q.kind === 'list') [revisionQuery, selects] = [q.query, q.matches];
    else selects = () => false;
  } catch {
    // the plan refuses the selector itself
  }
  const [podList, revisionList, claimList] = await Promise.all([
    client.list(pods, { namespace }),
    client.list(controllerRevisions, { namespace, labelSelector: revisionQuery }),
    (set.spec.volumeClaimTemplates ?? []).length > 0
      ? client.list(persistentVolumeClaims, { namespace })
      : Promise.resolve({ items: [] as PersistentVolumeClaim[] }),
  ]);
  const revisions = revisionList.items.filter((r) => selects(r.metadata?.labels));
  const byName = new Map(revisions.map((r) => [r.metadata?.name ?? '', r]));
  const data = statefulSetRevisionData(set.spec.template);
  const occupants: Record<string, ControllerRevision | null> = {};
  for (const name of candidateNames(set, MAX_COLLISIONS + 1)) {
    const taken = byName.get(name) ?? (await client.find(controllerRevisions, { namespace, name }));
    if (!byName.has(name)) occupants[name] = taken ?? null;
    if (taken === undefined || storedData(taken) === data) break;
  }
  return {
    set,
    pods: podList.items,
    revisions,
    occupants,
    claims: new Map(
      claimList.items.map((c) => [c.metadata?.name ?? '', c as PersistentVolumeClaim]),
    ),
    gates: options.gates,
    now: options.now(),
  };
}
