/**
 * Registering the SidecarSet's latest ControllerRevision (SPEC §2.5,
 * `kruise@v1.7.4:pkg/controller/sidecarset/sidecarset_processor.go`
 * registerLatestRevision and truncateHistory), as writes:
 * - an equal revision that is the newest is reused; an equal older one gets
 *   the next `.revision` (a rollback); else a new one is created at
 *   `<name>-<hash>`, and a name taken by different data bumps the collision
 *   count (the observation looked those names up);
 * - the custom-version label is patched onto the latest revision when the
 *   SidecarSet's differs;
 * - then the history is truncated (revision-history.ts).
 */
import type { ControllerRevision } from '../../../shared/api/core/apps-v1.js';
import type { Pod } from '../../../shared/api/core/core-v1.js';
import type { SidecarSet } from '../../../shared/api/sidecarset.js';
import { controllerRevisions } from '../../../shared/kube/core-resources.js';
import type { KubeWrite } from '../../../shared/kube/kube-write.js';
import { keyOf } from '../../../shared/kube/resource.js';
import { SIDECARSET_CUSTOM_VERSION_LABEL } from '../../../shared/sidecarset/annotations.js';
import { truncateHistory } from './revision-history.js';
import {
  CONTROLLER_REVISION_HASH_LABEL,
  controllerRevisionHash,
  hashLabelNumber,
} from '../../../shared/history/revision-hash.js';
import { sortRevisions } from '../../../shared/history/sort-revisions.js';
import {
  newRevision,
  ownedRevisions,
  revisionData,
  revisionNameFor,
  storedData,
} from './revision-data.js';

export interface RevisionObservation {
  readonly sidecarSet: SidecarSet;
  /** Every revision labelled with the SidecarSet's name in the kruise namespace. */
  readonly revisions: readonly ControllerRevision[];
  /** Revisions read by name at candidate names (null: no such object). */
  readonly occupants: Readonly<Record<string, ControllerRevision | null>>;
  readonly pods: readonly Pod[];
  readonly namespace: string;
}

export interface RegisteredRevision {
  /** Name of the latest revision (status.latestRevision). */
  readonly latest: string;
  readonly collisionCount: number;
  readonly writes: readonly KubeWrite[];
  readonly problems: readonly string[];
}

/** history.EqualRevision: hash labels differ only when both parse; else the data bytes decide. */
function isEqualRevision(x: ControllerRevision, y: ControllerRevision): boolean {
  const a = hashLabelNumber(x.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL]);
  const b = hashLabelNumber(y.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL]);
  if (a !== undefined && b !== undefined && a !== b) return false;
  return storedData(x) === storedData(y);
}

/**
 * The names a new revision of `sidecarSet` may be created at, from its
 * collision count on: the observation reads each until one is free or
 * holds the same data, at most `limit`.
 */
export function candidateNames(
  sidecarSet: SidecarSet,
  limit: number,
): { name: string; collisionCount: number }[] {
  const data = revisionData(sidecarSet.spec);
  const start = sidecarSet.status?.collisionCount ?? 0;
  return Array.from({ length: limit }, (_, i) => ({
    name: revisionNameFor(sidecarSet.metadata?.name ?? '', data, start + i),
    collisionCount: start + i,
  }));
}

export const MAX_COLLISIONS = 8;

export function registerRevision(obs: RevisionObservation): RegisteredRevision {
  const { sidecarSet } = obs;
  const uid = sidecarSet.metadata?.uid ?? '';
  let revisions = sortRevisions(ownedRevisions(obs.revisions, uid));
  const startCount = sidecarSet.status?.collisionCount ?? 0;
  let collisionCount = startCount;
  const data = revisionData(sidecarSet.spec);
  const next = (revisions.at(-1)?.revision ?? 0) + 1;
  // The revision NewRevision builds, as far as EqualRevision looks at it.
  const needle: ControllerRevision = {
    metadata: {
      labels: { [CONTROLLER_REVISION_HASH_LABEL]: controllerRevisionHash(data, startCount) },
    },
    data: JSON.parse(data) as ControllerRevision['data'],
    revision: next,
  };
  const equal = revisions.filter((r) => isEqualRevision(r, needle));
  const writes: KubeWrite[] = [];
  let latest: ControllerRevision;
  const newest = revisions.at(-1);
  const lastEqual = equal.at(-1);
  if (lastEqual !== undefined && newest !== undefined && isEqualRevision(newest, lastEqual)) {
    latest = newest;
  } else if (lastEqual !== undefined) {
    latest = { ...lastEqual, revision: next };
    if (lastEqual.revision !== next)
      writes.push({ verb: 'update', resource: controllerRevisions, object: latest });
    revisions = [...revisions.filter((r) => r !== lastEqual), latest];
  } else {
    const byName = new Map(obs.revisions.map((r) => [r.metadata?.name ?? '', r]));
    let found: ControllerRevision | undefined;
    for (;;) {
      const name = revisionNameFor(sidecarSet.metadata?.name ?? '', data, collisionCount);
      const taken = byName.get(name) ?? obs.occupants[name] ?? undefined;
      if (taken !== undefined && storedData(taken) === data) found = taken;
      // A taken name not looked up would be found by the create (AlreadyExists re-plans).
      if (
        taken === undefined ||
        found !== undefined ||
        collisionCount - startCount >= MAX_COLLISIONS
      )
        break;
      collisionCount++;
    }
    latest =
      found ??
      newRevision({
        sidecarSet,
        data,
        namespace: obs.namespace,
        revision: next,
        labelCollisionCount: startCount,
        nameCollisionCount: collisionCount,
      });
    if (found === undefined)
      writes.push({ verb: 'create', resource: controllerRevisions, object: latest });
    revisions = [...revisions, latest];
  }
  const customVersion = sidecarSet.metadata?.labels?.[SIDECARSET_CUSTOM_VERSION_LABEL] ?? '';
  if (
    customVersion !== '' &&
    customVersion !== latest.metadata?.labels?.[SIDECARSET_CUSTOM_VERSION_LABEL]
  ) {
    writes.push({
      verb: 'patch',
      resource: controllerRevisions,
      key: keyOf(latest),
      patch: {
        type: 'strategic',
        body: { metadata: { labels: { [SIDECARSET_CUSTOM_VERSION_LABEL]: customVersion } } },
      },
    });
  }
  const truncated = truncateHistory(obs.sidecarSet, obs.pods, revisions);
  return {
    latest: latest.metadata?.name ?? '',
    collisionCount,
    writes: [...writes, ...truncated.writes],
    problems: truncated.problems,
  };
}
