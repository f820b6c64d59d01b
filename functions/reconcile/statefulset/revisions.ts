/**
 * An Advanced StatefulSet's ControllerRevisions (`kruise@v1.7.4:pkg/controller/statefulset/stateful_set_control.go`
 * getStatefulSetRevisions, truncateHistory; `stateful_set_utils.go` getPatch,
 * newRevision, ApplyRevision; kubernetes v1.28.9 `pkg/controller/history`):
 * - data: the set encoded as its Go type, decoded into a map, only
 *   `spec.template` kept with `"$patch": "replace"`, encoded again (keys
 *   sorted, the template's absent non-omitempty fields as Go's zero values);
 * - name `<set>-<hash>`, labels the template's plus
 *   `controller.kubernetes.io/hash`, the set's annotations, a controller
 *   reference, `revision` one above the newest;
 * - an equal revision that is the newest is the update revision; an equal
 *   older one gets the next `.revision` (a rollback); else a new one is
 *   created, a name taken by other data bumping the collision count;
 * - the current revision is the one `status.currentRevision` names, else the
 *   update revision;
 * - history beyond `revisionHistoryLimit` is deleted oldest first, never a
 *   revision the status or a pod names.
 */
import type { ControllerRevision } from '../../../shared/api/core/apps-v1.js';
import type { Pod, PodTemplateSpec } from '../../../shared/api/core/core-v1.js';
import type { StatefulSet } from '../../../shared/api/statefulset.js';
import { goMarshal } from '../../../shared/go/json.js';
import { isJsonObject } from '../../../shared/json.js';
import { controllerRevisions } from '../../../shared/kube/core-resources.js';
import type { KubeWrite } from '../../../shared/kube/kube-write.js';
import { keyOf } from '../../../shared/kube/resource.js';
import { goMarshalAs } from '../../../shared/api/go-encoding.js';
import { sortRevisions } from '../../../shared/history/sort-revisions.js';
import {
  CONTROLLER_REVISION_HASH_LABEL,
  controllerRevisionHash,
  controllerRevisionName,
  hashLabelNumber,
} from '../../../shared/history/revision-hash.js';
import { controllerRefOf } from './pod-identity.js';
import { revisionOf } from './pod-state.js';

/** getPatch: the revision's `data`, byte for byte. */
export function statefulSetRevisionData(template: unknown): string {
  const encoded = JSON.parse(goMarshalAs('v1.PodTemplateSpec', template ?? {})) as object;
  return goMarshal({ spec: { template: { ...encoded, $patch: 'replace' } } });
}

/** A stored revision's data as encoding/json re-marshals it. */
export const storedData = (r: ControllerRevision): string => goMarshal(r.data ?? null);

/** ApplyRevision, as far as the controller reads it: the template the revision recorded. */
export function templateOf(r: ControllerRevision): PodTemplateSpec {
  const data = r.data as unknown;
  const spec = isJsonObject(data) ? data['spec'] : undefined;
  const template = isJsonObject(spec) ? spec['template'] : undefined;
  if (!isJsonObject(template)) return { spec: { containers: [] } };
  const { $patch: _, ...rest } = template;
  return rest as PodTemplateSpec;
}

/** metav1.GetControllerOf's UID. */
const controllerUid = (r: {
  metadata?: { ownerReferences?: { controller?: boolean; uid: string }[] };
}) => r.metadata?.ownerReferences?.find((o) => o.controller === true)?.uid;

/** ListControllerRevisions: without a controller, or controlled by the set. */
export const ownedRevisions = (revisions: readonly ControllerRevision[], uid: string) =>
  revisions.filter((r) => {
    const owner = controllerUid(r);
    return owner === undefined || owner === uid;
  });

/** The revisions without a controller, which the reconcile adopts first. */
export const orphanRevisions = (revisions: readonly ControllerRevision[]) =>
  revisions.filter((r) => controllerUid(r) === undefined);

function isEqualRevision(x: ControllerRevision, y: ControllerRevision): boolean {
  const a = hashLabelNumber(x.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL]);
  const b = hashLabelNumber(y.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL]);
  if (a !== undefined && b !== undefined && a !== b) return false;
  return storedData(x) === storedData(y);
}

/** The names a new revision may take from the set's collision count on (observe reads them). */
export function candidateNames(set: StatefulSet, limit: number): string[] {
  const data = statefulSetRevisionData(set.spec.template);
  const start = set.status?.collisionCount ?? 0;
  return Array.from({ length: limit }, (_, i) =>
    controllerRevisionName(set.metadata?.name ?? '', controllerRevisionHash(data, start + i)),
  );
}

export const MAX_COLLISIONS = 8;

function newRevision(
  set: StatefulSet,
  data: string,
  revision: number,
  labelCount: number,
  nameCount: number,
): ControllerRevision {
  const meta = set.metadata ?? {};
  const hash = controllerRevisionHash(data, labelCount);
  const annotations = { ...meta.annotations };
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: controllerRevisionName(meta.name ?? '', controllerRevisionHash(data, nameCount)),
      namespace: meta.namespace ?? '',
      labels: { ...set.spec.template.metadata?.labels, [CONTROLLER_REVISION_HASH_LABEL]: hash },
      ...(Object.keys(annotations).length > 0 && { annotations }),
      ownerReferences: [controllerRefOf(set)],
    },
    data: JSON.parse(data) as ControllerRevision['data'],
    revision,
  };
}

export interface RevisionState {
  readonly current: ControllerRevision;
  readonly update: ControllerRevision;
  readonly collisionCount: number;
  /** Sorted, with the update revision as written. */
  readonly revisions: readonly ControllerRevision[];
  readonly writes: readonly KubeWrite[];
}

/** getStatefulSetRevisions over the owned revisions and the objects at candidate names. */
export function statefulSetRevisions(
  set: StatefulSet,
  listed: readonly ControllerRevision[],
  occupants: Readonly<Record<string, ControllerRevision | null>>,
): RevisionState {
  let revisions = sortRevisions(listed);
  const start = set.status?.collisionCount ?? 0;
  let collisionCount = start;
  const data = statefulSetRevisionData(set.spec.template);
  const next = (revisions.at(-1)?.revision ?? 0) + 1;
  const needle = newRevision(set, data, next, start, start);
  const equal = revisions.filter((r) => isEqualRevision(r, needle));
  const writes: KubeWrite[] = [];
  let update: ControllerRevision;
  const newest = revisions.at(-1);
  const lastEqual = equal.at(-1);
  if (lastEqual !== undefined && newest !== undefined && isEqualRevision(newest, lastEqual)) {
    update = newest;
  } else if (lastEqual !== undefined) {
    update = { ...lastEqual, revision: next };
    if (lastEqual.revision !== next)
      writes.push({ verb: 'update', resource: controllerRevisions, object: update });
    revisions = [...revisions.filter((r) => r !== lastEqual), update];
  } else {
    let found: ControllerRevision | undefined;
    const byName = new Map(listed.map((r) => [r.metadata?.name ?? '', r]));
    for (;;) {
      const name = controllerRevisionName(
        set.metadata?.name ?? '',
        controllerRevisionHash(data, collisionCount),
      );
      const taken = byName.get(name) ?? occupants[name] ?? undefined;
      if (taken !== undefined && storedData(taken) === data) found = taken;
      // A taken name not looked up is found by the create (AlreadyExists re-plans).
      if (taken === undefined || found !== undefined || collisionCount - start >= MAX_COLLISIONS)
        break;
      collisionCount++;
    }
    update = found ?? newRevision(set, data, next, start, collisionCount);
    if (found === undefined)
      writes.push({ verb: 'create', resource: controllerRevisions, object: update });
    revisions = [...revisions, update];
  }
  const wanted = set.status?.currentRevision;
  const current = revisions.find((r) => r.metadata?.name === wanted) ?? update;
  return { current, update, collisionCount, revisions, writes };
}

/** truncateHistory over the revisions listed before this round's writes. */
export function truncateHistory(
  set: StatefulSet,
  pods: readonly Pod[],
  listed: readonly ControllerRevision[],
  current: string,
  update: string,
): KubeWrite[] {
  const live = new Set([current, update, ...pods.map(revisionOf)]);
  const history = sortRevisions(listed).filter((r) => !live.has(r.metadata?.name ?? ''));
  const limit = set.spec.revisionHistoryLimit ?? 10;
  if (history.length <= limit) return [];
  return history
    .slice(0, history.length - limit)
    .map((r) => ({ verb: 'delete', resource: controllerRevisions, key: keyOf(r) }));
}
