/**
 * The ControllerRevision OpenKruise records for a SidecarSet (SPEC §2.5,
 * `kruise@v1.7.4:pkg/control/sidecarcontrol/history_control.go` NewRevision
 * and getPatch, kubernetes `history.NewControllerRevision`):
 * - data: the SidecarSet encoded as its Go type, decoded into a map, and
 *   `volumes`, `containers`, `initContainers`, `imagePullSecrets`,
 *   `patchPodMetadata` copied under `"$patch": "replace"`, encoded again;
 *   so every object's keys end up sorted, numbers are float64 and an absent
 *   or empty list is `null`;
 * - name `<sidecarset>-<hash>` for the collision count, the same hash (at the
 *   collision count the registration started from) as the
 *   `controller.kubernetes.io/hash` label, the SidecarSet's labels plus
 *   `kruise.io/sidecarset-name` (and its custom-version label), all its
 *   annotations, and a controller reference to the SidecarSet.
 */
import type { ControllerRevision } from '../../../shared/api/core/apps-v1.js';
import type { SidecarSet, SidecarSetSpec } from '../../../shared/api/sidecarset.js';
import { goMarshalAs } from '../../../shared/api/go-encoding.js';
import { goMarshal } from '../../../shared/go/json.js';
import {
  SIDECARSET_CUSTOM_VERSION_LABEL,
  SIDECARSET_NAME_LABEL,
} from '../../../shared/sidecarset/annotations.js';
import {
  CONTROLLER_REVISION_HASH_LABEL,
  controllerRevisionHash,
  controllerRevisionName,
} from '../../../shared/history/revision-hash.js';

/** A list as the Go round trip leaves it: `null` when absent or empty, else each item as Go writes it. */
function goList<T>(items: readonly T[] | undefined, encode: (item: T) => string): unknown {
  if (items === undefined || items.length === 0) return null;
  return JSON.parse(`[${items.map(encode).join(',')}]`) as unknown;
}

/** The revision's `data`, byte for byte as OpenKruise writes it. */
export function revisionData(spec: SidecarSetSpec | undefined): string {
  const s = spec ?? {};
  return goMarshal({
    spec: {
      $patch: 'replace',
      containers: goList(s.containers, (c) => goMarshalAs('v1alpha1.SidecarContainer', c)),
      imagePullSecrets: goList(s.imagePullSecrets, (r) =>
        goMarshalAs('v1.LocalObjectReference', r),
      ),
      initContainers: goList(s.initContainers, (c) => goMarshalAs('v1alpha1.SidecarContainer', c)),
      patchPodMetadata: goList(s.patchPodMetadata, (p) =>
        goMarshalAs('v1alpha1.SidecarSetPatchPodMetadata', p),
      ),
      volumes: goList(s.volumes, (v) => goMarshalAs('v1.Volume', v)),
    },
  });
}

/** A stored revision's data as encoding/json re-marshals the bytes the API returned (keys sorted). */
export const storedData = (revision: ControllerRevision): string =>
  goMarshal(revision.data ?? null);

/** The name the revision of `data` gets at `collisionCount`. */
export const revisionNameFor = (sidecarSetName: string, data: string, collisionCount: number) =>
  controllerRevisionName(sidecarSetName, controllerRevisionHash(data, collisionCount));

export interface NewRevision {
  readonly sidecarSet: SidecarSet;
  readonly data: string;
  readonly namespace: string;
  readonly revision: number;
  /** The collision count the registration started from (the hash label's probe). */
  readonly labelCollisionCount: number;
  /** The collision count the name is made with. */
  readonly nameCollisionCount: number;
}

/** The ControllerRevision NewRevision + CreateControllerRevision write. */
export function newRevision(r: NewRevision): ControllerRevision {
  const meta = r.sidecarSet.metadata ?? {};
  const name = meta.name ?? '';
  const labels: Record<string, string> = {
    ...meta.labels,
    [CONTROLLER_REVISION_HASH_LABEL]: controllerRevisionHash(r.data, r.labelCollisionCount),
  };
  const customVersion = meta.labels?.[SIDECARSET_CUSTOM_VERSION_LABEL] ?? '';
  if (customVersion !== '') labels[SIDECARSET_CUSTOM_VERSION_LABEL] = customVersion;
  labels[SIDECARSET_NAME_LABEL] = name;
  const annotations = { ...meta.annotations };
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: revisionNameFor(name, r.data, r.nameCollisionCount),
      namespace: r.namespace,
      labels,
      ...(Object.keys(annotations).length > 0 && { annotations }),
      ownerReferences: [
        {
          apiVersion: 'apps.kruise.io/v1alpha1',
          kind: 'SidecarSet',
          name,
          uid: meta.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    data: JSON.parse(r.data) as ControllerRevision['data'],
    revision: r.revision,
  };
}

/** metav1.GetControllerOf's UID, undefined when the revision has no controller. */
export const controllerUid = (revision: ControllerRevision): string | undefined =>
  revision.metadata?.ownerReferences?.find((o) => o.controller === true)?.uid;

/** Revisions ListControllerRevisions keeps: without a controller, or controlled by the SidecarSet. */
export const ownedRevisions = (
  revisions: readonly ControllerRevision[],
  sidecarSetUid: string,
): ControllerRevision[] =>
  revisions.filter((r) => {
    const uid = controllerUid(r);
    return uid === undefined || uid === sidecarSetUid;
  });
