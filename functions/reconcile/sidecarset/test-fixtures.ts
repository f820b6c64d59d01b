/**
 * Builders for the SidecarSet controller's table tests: a SidecarSet as the
 * defaulting webhook stores it (hash annotations from its spec), pods as the
 * pod webhook injected them at an older version (and as a kubelet reports
 * them) and the revision already registered.
 */
import type { ControllerRevision } from '../../../shared/api/core/apps-v1.js';
import type { Container, ContainerStatus, Pod } from '../../../shared/api/core/core-v1.js';
import type {
  SidecarContainer,
  SidecarSet,
  SidecarSetSpec,
} from '../../../shared/api/sidecarset.js';
import {
  SIDECARSET_HASH_ANNOTATION,
  SIDECARSET_HASH_WITHOUT_IMAGE_ANNOTATION,
  SIDECARSET_LIST_ANNOTATION,
  marshalUpgradeSpecs,
} from '../../../shared/sidecarset/annotations.js';
import { sidecarSetHash, sidecarSetHashWithoutImage } from '../../../shared/sidecarset/hash.js';
import type { ObservedSidecarSet } from './observe.js';
import { newRevision, revisionData } from './revision-data.js';

export const NOW = new Date('2024-09-05T08:00:00.250Z');
export const TS = '2024-09-05T08:00:00Z';
export const KRUISE_NS = 'kruise-system';
export const NS = 'ns';
export const SET = 'log-set';

export const logAgent = (
  image = 'ex/log:2',
  extra: Partial<SidecarContainer> = {},
): SidecarContainer => ({
  name: 'log-agent',
  image,
  ...extra,
});

/** `metadata` hash annotations as the defaulting webhook writes them. */
export function withHashes(s: SidecarSet): SidecarSet {
  const spec = s.spec ?? {};
  return {
    ...s,
    metadata: {
      ...s.metadata,
      annotations: {
        ...s.metadata?.annotations,
        [SIDECARSET_HASH_ANNOTATION]: sidecarSetHash(spec),
        [SIDECARSET_HASH_WITHOUT_IMAGE_ANNOTATION]: sidecarSetHashWithoutImage(spec),
      },
    },
  };
}

export function sidecarSet(
  spec: Partial<SidecarSetSpec> = {},
  status?: SidecarSet['status'],
): SidecarSet {
  return withHashes({
    apiVersion: 'apps.kruise.io/v1alpha1',
    kind: 'SidecarSet',
    metadata: { name: SET, uid: 'set-uid', generation: 2, resourceVersion: '500' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      containers: [logAgent()],
      updateStrategy: { type: 'RollingUpdate', partition: 0, maxUnavailable: 1 },
      revisionHistoryLimit: 10,
      ...spec,
    },
    ...(status !== undefined && { status }),
  });
}

/** The revision the current spec already has, as revision 1. */
export function registered(s: SidecarSet, revision = 1): ControllerRevision {
  const r = newRevision({
    sidecarSet: s,
    data: revisionData(s.spec),
    namespace: KRUISE_NS,
    revision,
    labelCollisionCount: 0,
    nameCollisionCount: 0,
  });
  return {
    ...r,
    metadata: { ...r.metadata, resourceVersion: `${revision}0`, creationTimestamp: TS },
  };
}

export interface PodOptions {
  /** The SidecarSet version the pod was injected from (its hashes and images). */
  readonly from?: SidecarSet;
  readonly ready?: boolean;
  readonly phase?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly initContainers?: Container[];
  readonly initStatuses?: ContainerStatus[];
  /** Statuses of the sidecars: default each running its spec image. */
  readonly statuses?: ContainerStatus[];
  readonly created?: string;
}

export const OLD = sidecarSet({ containers: [logAgent('ex/log:1')] });

export const imageID = (image: string): string => `docker.io/${image.replace(':', '@sha256:')}`;

export const runningStatus = (name: string, image: string, ready = true): ContainerStatus => ({
  name,
  image,
  imageID: imageID(image),
  ready,
  restartCount: 0,
});

/** The hash entries the pod webhook writes for `from` at injection. */
export function injectedAnnotations(from: SidecarSet): Record<string, string> {
  const list = [
    ...(from.spec?.initContainers ?? [])
      .filter((c) => c.restartPolicy === 'Always')
      .map((c) => c.name),
    ...(from.spec?.containers ?? []).map((c) => c.name),
  ].sort();
  const entry = (hash: string, controllerRevision: string) => ({
    [SET]: {
      updateTimestamp: '2024-09-01T00:00:00Z',
      hash,
      sidecarSetName: SET,
      sidecarList: list,
      controllerRevision,
    },
  });
  const a = from.metadata?.annotations ?? {};
  return {
    [SIDECARSET_HASH_ANNOTATION]: marshalUpgradeSpecs(
      entry(a[SIDECARSET_HASH_ANNOTATION] ?? '', 'log-set-old'),
    ),
    [SIDECARSET_HASH_WITHOUT_IMAGE_ANNOTATION]: marshalUpgradeSpecs(
      entry(a[SIDECARSET_HASH_WITHOUT_IMAGE_ANNOTATION] ?? '', ''),
    ),
    [SIDECARSET_LIST_ANNOTATION]: SET,
  };
}

/** Pod `web-<i>`, created i minutes after the first (so web-9 is the newest). */
export function pod(i: number, o: PodOptions = {}): Pod {
  const from = o.from ?? OLD;
  const sidecars: Container[] = (from.spec?.containers ?? []).map((c) => ({
    name: c.name,
    ...(c.image !== undefined && { image: c.image }),
  }));
  const ready = o.ready ?? true;
  const containers: Container[] = [{ name: 'app', image: 'ex/app:1' }, ...sidecars];
  return {
    metadata: {
      name: `web-${i}`,
      namespace: NS,
      uid: `pod-uid-${i}`,
      resourceVersion: `${1000 + i}`,
      creationTimestamp: o.created ?? `2024-09-01T00:${String(i).padStart(2, '0')}:00Z`,
      labels: o.labels ?? { app: 'web' },
      annotations: { ...injectedAnnotations(from), ...o.annotations },
    },
    spec: {
      nodeName: 'node-1',
      containers,
      ...(o.initContainers !== undefined && { initContainers: o.initContainers }),
    },
    status: {
      phase: o.phase ?? 'Running',
      conditions: [
        {
          type: 'Ready',
          status: ready ? 'True' : 'False',
          lastTransitionTime: '2024-09-01T01:00:00Z',
        },
      ],
      containerStatuses:
        o.statuses ?? containers.map((c) => runningStatus(c.name, c.image ?? '', ready)),
      ...(o.initStatuses !== undefined && { initContainerStatuses: o.initStatuses }),
    },
  };
}

export const pods = (n: number, o: PodOptions = {}): Pod[] =>
  Array.from({ length: n }, (_, i) => pod(i, o));

export function observed(
  s: SidecarSet,
  listed: readonly Pod[],
  extra: Partial<ObservedSidecarSet> = {},
): ObservedSidecarSet {
  return {
    sidecarSet: s,
    pods: listed,
    revisions: [registered(s)],
    occupants: {},
    kruiseNamespace: KRUISE_NS,
    now: NOW,
    nativeSidecarInPlaceUpdate: false,
    ...extra,
  };
}
