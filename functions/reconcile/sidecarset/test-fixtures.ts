/**
 * Builders for the SidecarSet controller's table tests: a SidecarSet as the
 * defaulting webhook stores it (hash annotations from its spec), pods as the
 * pod webhook injected them at an older version (and as a kubelet reports
 * them), the revision already registered, and a rendering of actions that
 * keeps every action and what it writes, in order, one line each.
 */
import fastJsonPatch from 'fast-json-patch';
import type { ControllerRevision } from '../../../shared/api/core/apps-v1.js';
import type { Container, ContainerStatus, Pod } from '../../../shared/api/core/core-v1.js';
import type {
  SidecarContainer,
  SidecarSet,
  SidecarSetSpec,
} from '../../../shared/api/sidecarset.js';
import type { JsonPatchOperation } from '../../../shared/kube/client.js';
import {
  SIDECARSET_HASH_ANNOTATION,
  SIDECARSET_HASH_WITHOUT_IMAGE_ANNOTATION,
  SIDECARSET_LIST_ANNOTATION,
  marshalUpgradeSpecs,
} from '../../../shared/sidecarset/annotations.js';
import { sidecarSetHash, sidecarSetHashWithoutImage } from '../../../shared/sidecarset/hash.js';
import type { SidecarSetAction } from './actions.js';
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

const opText = (op: JsonPatchOperation): string => {
  const path = op.path
    .replace('/metadata/annotations/', '@')
    .replace('/spec/', '')
    .replace(/~1/g, '/')
    .replace(/~0/g, '~');
  if (op.op === 'remove') return `-${path}`;
  if (op.path.startsWith('/metadata/annotations/') && path.startsWith('@kruise.io/')) return path;
  return `${path}=${typeof op.value === 'string' ? op.value : JSON.stringify(op.value)}`;
};

/** One line per action: what it writes and where (annotation values left out; rows that need them compare whole actions). */
export function render(action: SidecarSetAction): string {
  if ('verb' in action) {
    const where =
      action.verb === 'patch' || action.verb === 'delete' ? action.key : action.object.metadata;
    const at = `${action.resource.kind} ${where?.namespace ? `${where.namespace}/` : ''}${where?.name ?? ''}`;
    switch (action.verb) {
      case 'updateStatus':
        return `status ${JSON.stringify(action.status)}`;
      case 'create':
      case 'update':
        return `${action.verb} ${at} revision=${String((action.object as ControllerRevision).revision)}`;
      case 'delete':
        return `delete ${at}`;
      case 'patch': {
        const { patch } = action;
        if (patch.type === 'json') return `update ${at} ${patch.operations.map(opText).join(' ')}`;
        if (action.options?.subresource === 'status') {
          const [c] = (patch.body as { status: { conditions: Record<string, string>[] } }).status
            .conditions;
          return `condition ${at} ${c?.status ?? ''} ${c?.reason ?? ''} ${c?.message ?? ''}`;
        }
        return `patch ${at} ${JSON.stringify(patch.body)}`;
      }
    }
  }
  if (action.type === 'event')
    return `event ${action.involved.kind} ${action.involved.name} ${action.eventType} ${action.reason}: ${action.message}`;
  const ops =
    action.write.verb === 'patch' && action.write.patch.type === 'json'
      ? action.write.patch.operations
      : [];
  return `reset Pod ${action.pod.namespace ?? ''}/${action.pod.name} ${ops.map(opText).join(' ')}`;
}

/** Applies the plan's pod writes to `listed`, as the API would (a test's next round). */
export function applyPodWrites(
  listed: readonly Pod[],
  actions: readonly SidecarSetAction[],
): Pod[] {
  return listed.map((p) => {
    let out = structuredClone(p);
    for (const a of actions) {
      const w = 'verb' in a ? a : a.type === 'resetHotUpgrade' ? a.write : undefined;
      if (w?.verb !== 'patch' || w.key.name !== p.metadata?.name || w.resource.kind !== 'Pod')
        continue;
      if (w.patch.type === 'json') {
        out = fastJsonPatch.applyPatch(
          out,
          structuredClone(w.patch.operations) as fastJsonPatch.Operation[],
        ).newDocument;
      }
    }
    return out;
  });
}

/** The kubelet's part: every container runs its spec image (a new imageID), and the pod is ready. */
export function kubeletCatchesUp(p: Pod): Pod {
  const out = structuredClone(p);
  const specs = [...(out.spec?.containers ?? [])];
  out.status = {
    ...out.status,
    containerStatuses: specs.map((c) => runningStatus(c.name, c.image ?? '')),
    ...(out.spec?.initContainers !== undefined && {
      initContainerStatuses: out.spec.initContainers.map((c) =>
        runningStatus(c.name, c.image ?? ''),
      ),
    }),
  };
  return out;
}
