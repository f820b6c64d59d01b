/** Builders for the Advanced StatefulSet plan tests: a set, its revisions, pods as a kubelet leaves them. */
import type { Pod } from '../../../shared/api/core/core-v1.js';
import type { StatefulSet } from '../../../shared/api/statefulset.js';
import type { StatefulSetAction } from './actions.js';
import { ordinalOf } from './ordinals.js';
import { newStatefulSetPod } from './pod-identity.js';
import type { ObservedStatefulSet } from './plan.js';
import { statefulSetRevisions, templateOf } from './revisions.js';

export const NOW = new Date('2024-09-05T08:00:00Z');

export function statefulSet(
  spec: Partial<StatefulSet['spec']> = {},
  image = 'nginx:1',
): StatefulSet {
  return {
    apiVersion: 'apps.kruise.io/v1beta1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'ns', uid: 'set-uid', generation: 1 },
    spec: {
      replicas: 3,
      serviceName: 'web',
      podManagementPolicy: 'OrderedReady',
      revisionHistoryLimit: 10,
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: { partition: 0, maxUnavailable: 1, podUpdatePolicy: 'ReCreate' },
      },
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          readinessGates: [{ conditionType: 'InPlaceUpdateReady' }],
          containers: [{ name: 'main', image }],
        },
      },
      ...spec,
    },
  };
}

/** The set's update revision as the first reconcile registers it. */
export const revisionOf = (set: StatefulSet) => statefulSetRevisions(set, [], {}).update;

/** A pod of `set` at its update revision, Running and Ready (or as `phase`/`ready` say). */
export function runningPod(
  set: StatefulSet,
  ordinal: number,
  opts: { ready?: boolean; phase?: string; uid?: string; readySince?: string } = {},
): Pod {
  const revision = revisionOf(set);
  const pod = newStatefulSetPod({
    set,
    template: templateOf(revision),
    revision: revision.metadata?.name ?? '',
    ordinal,
    podIndexLabel: true,
    now: NOW,
  });
  const ready = opts.ready ?? true;
  return {
    ...pod,
    metadata: { ...pod.metadata, uid: opts.uid ?? `uid-${ordinal}`, resourceVersion: '1' },
    status: {
      phase: opts.phase ?? 'Running',
      conditions: [
        { type: 'InPlaceUpdateReady', status: 'True' },
        { type: 'ContainersReady', status: ready ? 'True' : 'False' },
        {
          type: 'Ready',
          status: ready ? 'True' : 'False',
          lastTransitionTime: opts.readySince ?? '2024-09-05T07:00:00Z',
        },
      ],
      containerStatuses: [
        { name: 'main', image: 'nginx:1', imageID: 'sha-1', ready, restartCount: 0 } as never,
      ],
    },
  };
}

export function observed(
  set: StatefulSet,
  pods: Pod[],
  more: Partial<ObservedStatefulSet> = {},
): ObservedStatefulSet {
  return {
    set,
    pods,
    revisions: [],
    occupants: {},
    claims: new Map(),
    gates: { startOrdinal: true, podIndexLabel: true, autoDeletePVC: true },
    now: NOW,
    ...more,
  };
}

/** A short text per pod action: `create web-3`, `delete web-2`, `inplace web-1`, `lifecycle web-0`. */
export function podSteps(actions: readonly StatefulSetAction[]): string[] {
  const out: string[] = [];
  for (const a of actions) {
    if ('type' in a && a.type === 'slowStart') out.push(...podSteps(a.groups.flat()));
    else if ('type' in a && a.type === 'podWrite') out.push(`${a.verb} ${a.pod}`);
    else if ('type' in a && a.type === 'claimCreate') out.push(`claim ${a.claim}`);
    else if ('verb' in a && a.verb === 'patch' && a.resource.kind === 'Pod') {
      const body = a.patch.type === 'json' ? {} : a.patch.body;
      const kind =
        a.options?.subresource === 'status' ? 'condition' : 'spec' in body ? 'inplace' : 'patch';
      out.push(`${kind} ${a.key.name}`);
    }
  }
  return out;
}

/** The actions with each slow-start action's groups in its place, in order. */
export const flatActions = (actions: readonly StatefulSetAction[]): StatefulSetAction[] =>
  actions.flatMap((a) =>
    'type' in a && a.type === 'slowStart' ? flatActions(a.groups.flat()) : [a],
  );

/** The slow-start actions' groups, each as podSteps: `[['create web-0'], …]` per action. */
export const slowStartGroups = (actions: readonly StatefulSetAction[]): string[][][] =>
  actions.flatMap((a) =>
    'type' in a && a.type === 'slowStart' ? [a.groups.map((g) => podSteps(g))] : [],
  );

export const ordinals = (pods: readonly Pod[]) => pods.map(ordinalOf);

/** `set` moved to `image` (and `rolling` merged into its rollingUpdate), with `set`'s revision as the old one. */
export function updated(set: StatefulSet, image: string, rolling: object = {}) {
  const next = statefulSet({
    ...set.spec,
    template: statefulSet({}, image).spec.template,
    updateStrategy: {
      type: 'RollingUpdate',
      rollingUpdate: { ...set.spec.updateStrategy?.rollingUpdate, ...rolling },
    },
  });
  return { set: next, revisions: [revisionOf(set)] };
}
