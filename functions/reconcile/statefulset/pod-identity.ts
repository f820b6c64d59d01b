/**
 * A new pod of an Advanced StatefulSet and the identity checks on existing
 * ones (`kruise@v1.7.4:pkg/controller/statefulset/stateful_set_utils.go`
 * newStatefulSetPod, initIdentity, updateIdentity, updateStorage,
 * identityMatches, storageMatches; kubernetes v1.28.9
 * `controller.GetPodFromTemplate`): the template's labels, annotations,
 * finalizers and spec, `generateName` `<set>-`, the controller reference,
 * name `<set>-<ordinal>`, `hostname` and `subdomain`, the pod-name label, the
 * pod-index label (gate PodIndexLabel), the revision label, lifecycle state
 * Normal with its timestamp, and a volume per claim template.
 */
import type { PodTemplateSpec, Pod, Volume } from '../../../shared/api/core/core-v1.js';
import type { OwnerReference } from '../../../shared/api/core/meta.js';
import type { StatefulSet } from '../../../shared/api/statefulset.js';
import { parentAndOrdinal, podName } from './ordinals.js';
import {
  LIFECYCLE_STATE_LABEL,
  LIFECYCLE_TIMESTAMP_ANNOTATION,
  POD_INDEX_LABEL,
  POD_NAME_LABEL,
  REVISION_LABEL,
  rfc3339Seconds,
} from './pod-state.js';

export const STATEFULSET_API_VERSION = 'apps.kruise.io/v1beta1';

/** metav1.NewControllerRef(set, controllerKind). */
export const controllerRefOf = (set: StatefulSet): OwnerReference => ({
  apiVersion: STATEFULSET_API_VERSION,
  kind: 'StatefulSet',
  name: set.metadata?.name ?? '',
  uid: set.metadata?.uid ?? '',
  controller: true,
  blockOwnerDeletion: true,
});

/** getPersistentVolumeClaimName. */
export const claimName = (set: StatefulSet, claim: string, ordinal: number): string =>
  `${claim}-${set.metadata?.name ?? ''}-${ordinal}`;

/** updateStorage: a volume per claim template first, then the pod's other volumes. */
function withStorage(set: StatefulSet, volumes: readonly Volume[], ordinal: number): Volume[] {
  const templates = (set.spec.volumeClaimTemplates ?? []).map((t) => t.metadata?.name ?? '');
  const claims = templates.map((name) => ({
    name,
    persistentVolumeClaim: { claimName: claimName(set, name, ordinal) },
  }));
  return [...claims, ...volumes.filter((v) => !templates.includes(v.name))];
}

export interface NewPod {
  readonly set: StatefulSet;
  /** The template of the revision the pod is made at (ApplyRevision). */
  readonly template: PodTemplateSpec;
  readonly revision: string;
  readonly ordinal: number;
  readonly podIndexLabel: boolean;
  readonly now: Date;
}

/** newVersionedStatefulSetPod + lifecycle.SetPodLifecycle(Normal). */
export function newStatefulSetPod(p: NewPod): Pod {
  const { set, template } = p;
  const name = podName(set, p.ordinal);
  const meta = template.metadata ?? {};
  const spec = structuredClone(template.spec ?? { containers: [] });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: `${set.metadata?.name ?? ''}-`,
      namespace: set.metadata?.namespace ?? '',
      labels: {
        ...meta.labels,
        [POD_NAME_LABEL]: name,
        ...(p.podIndexLabel && { [POD_INDEX_LABEL]: String(p.ordinal) }),
        [REVISION_LABEL]: p.revision,
        [LIFECYCLE_STATE_LABEL]: 'Normal',
      },
      annotations: { ...meta.annotations, [LIFECYCLE_TIMESTAMP_ANNOTATION]: rfc3339Seconds(p.now) },
      ...(meta.finalizers !== undefined && { finalizers: [...meta.finalizers] }),
      ownerReferences: [controllerRefOf(set)],
    },
    spec: {
      ...spec,
      hostname: name,
      ...(set.spec.serviceName ? { subdomain: set.spec.serviceName } : {}),
      volumes: withStorage(set, spec.volumes ?? [], p.ordinal),
    },
  };
}

/** identityMatches. */
export function identityMatches(set: StatefulSet, pod: Pod): boolean {
  const name = pod.metadata?.name ?? '';
  const [parent, ordinal] = parentAndOrdinal(name);
  return (
    ordinal >= 0 &&
    parent === set.metadata?.name &&
    name === podName(set, ordinal) &&
    pod.metadata?.namespace === set.metadata?.namespace &&
    pod.metadata?.labels?.[POD_NAME_LABEL] === name
  );
}

/** storageMatches: every claim template has its volume naming `<claim>-<set>-<ordinal>`. */
export function storageMatches(set: StatefulSet, pod: Pod): boolean {
  const [, ordinal] = parentAndOrdinal(pod.metadata?.name ?? '');
  if (ordinal < 0) return false;
  const volumes = new Map((pod.spec?.volumes ?? []).map((v) => [v.name, v]));
  return (set.spec.volumeClaimTemplates ?? []).every((t) => {
    const name = t.metadata?.name ?? '';
    return volumes.get(name)?.persistentVolumeClaim?.claimName === claimName(set, name, ordinal);
  });
}

/** updateIdentity + updateStorage on a copy of an existing pod, for UpdateStatefulPod. */
export function withIdentity(set: StatefulSet, pod: Pod, podIndexLabel: boolean): Pod {
  const [, ordinal] = parentAndOrdinal(pod.metadata?.name ?? '');
  const name = podName(set, ordinal);
  const out = structuredClone(pod);
  if (!identityMatches(set, pod))
    out.metadata = {
      ...out.metadata,
      name,
      namespace: set.metadata?.namespace ?? '',
      labels: {
        ...out.metadata?.labels,
        [POD_NAME_LABEL]: name,
        ...(podIndexLabel && { [POD_INDEX_LABEL]: String(ordinal) }),
      },
    };
  if (!storageMatches(set, out) && out.spec !== undefined)
    out.spec.volumes = withStorage(set, out.spec.volumes ?? [], ordinal);
  return out;
}
