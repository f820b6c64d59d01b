/**
 * planSidecarSet as an action table (knative/pkg style): observed objects
 * in, the whole action list out. Rows render each action on one line
 * (test-fixtures.ts render); the first row compares whole action objects.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../../shared/api/core/core-v1.js';
import type { SidecarSet } from '../../../shared/api/sidecarset.js';
import { pods as podResource } from '../../../shared/kube/core-resources.js';
import { sidecarSets } from '../../../shared/kube/kruise-resources.js';
import { CONSISTENCY_REQUEUE_MS, planSidecarSet } from './plan.js';
import { applyPodWrites, kubeletCatchesUp, render } from './test-actions.js';
import {
  NS,
  OLD,
  TS,
  logAgent,
  observed,
  pod,
  pods,
  registered,
  sidecarSet,
} from './test-fixtures.js';

const CURRENT = sidecarSet();
const HASH = CURRENT.metadata?.annotations?.['kruise.io/sidecarset-hash'] ?? '';
const REVISION = registered(CURRENT).metadata?.name ?? '';

/** The status OpenKruise computes, in the form it writes it. */
const status = (
  matched: number,
  updated: number,
  ready: number,
  updatedReady = 0,
  set: SidecarSet = CURRENT,
) =>
  `status ${JSON.stringify({
    observedGeneration: 2,
    matchedPods: matched,
    updatedPods: updated,
    readyPods: ready,
    ...(updatedReady > 0 && { updatedReadyPods: updatedReady }),
    latestRevision: registered(set).metadata?.name ?? '',
    collisionCount: 0,
  })}`;

const withStatus = (s: SidecarSet, st: SidecarSet['status']): SidecarSet => ({ ...s, status: st });

/** Pods already on the current version and running it. */
const current = (n: number): Pod[] => pods(n, { from: CURRENT });

describe('planSidecarSet: one in-place update, whole actions', () => {
  it('updates only the image, the hash entry and the pre-update imageID, then marks the pod upgradable', () => {
    const plan = planSidecarSet(observed(CURRENT, [pod(0)]));
    assert.deepStrictEqual(plan.actions, [
      {
        verb: 'updateStatus',
        resource: sidecarSets,
        object: CURRENT,
        status: {
          observedGeneration: 2,
          matchedPods: 1,
          updatedPods: 0,
          readyPods: 1,
          latestRevision: REVISION,
          collisionCount: 0,
        },
        log: {
          v: 3,
          message: 'SidecarSet updated status success',
          fields: { matchedPods: 1, updatedPods: 0, readyPods: 1, updateReadyPods: 0 },
        },
      },
      {
        verb: 'patch',
        resource: podResource,
        key: { name: 'web-0', namespace: NS },
        patch: {
          type: 'json',
          operations: [
            { op: 'replace', path: '/spec/containers/1/image', value: 'ex/log:2' },
            {
              op: 'add',
              path: '/metadata/annotations/kruise.io~1sidecarset-hash',
              value:
                `{"log-set":{"updateTimestamp":"${TS}","hash":"${HASH}","sidecarSetName":"log-set",` +
                `"sidecarList":["log-agent"],"controllerRevision":"${REVISION}"}}`,
            },
            {
              op: 'add',
              path: '/metadata/annotations/kruise.io~1sidecarset-inplace-update-state',
              value:
                `{"log-set":{"revision":"${HASH}","updateTimestamp":"${TS}",` +
                `"lastContainerStatuses":{"log-agent":{"imageID":"docker.io/ex/log@sha256:1"}}}}`,
            },
          ],
        },
        options: { resourceVersion: '1000' },
        log: {
          v: 3,
          message: 'SidecarSet updated pod',
          fields: { pod: { name: 'web-0', namespace: NS }, images: 1 },
        },
      },
      {
        verb: 'patch',
        resource: podResource,
        key: { name: 'web-0', namespace: NS },
        patch: {
          type: 'strategic',
          body: {
            status: {
              conditions: [
                {
                  type: 'SidecarSetUpgradable',
                  status: 'True',
                  lastProbeTime: null,
                  lastTransitionTime: TS,
                  reason: 'AllSidecarsetUpgradable',
                  message: '{"log-set":true}',
                },
              ],
            },
          },
        },
        options: { subresource: 'status' },
        log: {
          v: 3,
          message: 'SidecarSet updated pod condition success',
          fields: {
            pod: { name: 'web-0', namespace: NS },
            conditionType: 'SidecarSetUpgradable',
            conditionStatus: 'True',
          },
        },
      },
    ]);
    assert.equal(plan.requeueAfterMs, CONSISTENCY_REQUEUE_MS);
  });
});

const IMMUTABLE = sidecarSet({
  containers: [logAgent('ex/log:2', { args: ['-v'] })],
  updateStrategy: { type: 'RollingUpdate', maxUnavailable: 5 },
});
const PATCHING = sidecarSet({
  patchPodMetadata: [
    { annotations: { 'example.io/agent': 'v2' }, patchPolicy: 'Overwrite' },
    { annotations: { 'example.io/conf': '{"b":2}' }, patchPolicy: 'MergePatchJson' },
  ],
});
const MERGING = sidecarSet({
  patchPodMetadata: [
    { annotations: { 'example.io/conf': '{"b":2}' }, patchPolicy: 'MergePatchJson' },
  ],
  updateStrategy: { type: 'RollingUpdate', maxUnavailable: 5 },
});

describe('planSidecarSet: action table', () => {
  const steady = withStatus(CURRENT, {
    observedGeneration: 2,
    matchedPods: 3,
    updatedPods: 3,
    readyPods: 3,
    updatedReadyPods: 3,
    latestRevision: REVISION,
    collisionCount: 0,
  });
  const upgradable = {
    type: 'SidecarSetUpgradable',
    status: 'True',
    lastTransitionTime: '2024-09-01T00:00:00Z',
    reason: 'AllSidecarsetUpgradable',
    message: '{"log-set":true}',
  };
  const withCondition = (p: Pod, c: Record<string, string>): Pod => ({
    ...p,
    status: {
      ...p.status,
      conditions: [
        ...(p.status?.conditions ?? []),
        { ...c, status: c.status ?? 'True', type: c.type ?? '' },
      ],
    },
  });
  const rows: {
    name: string;
    set?: SidecarSet;
    pods: Pod[];
    want: string[];
    requeue?: number;
    problems?: string[];
  }[] = [
    {
      name: 'writes nothing when every pod runs the current version and the status is current',
      set: steady,
      pods: current(3),
      want: [],
    },
    {
      name: 'writes only the status when it differs',
      pods: current(3),
      want: [status(3, 3, 3, 3)],
    },
    {
      name: 'ignores an older observedGeneration than the one stored (OpenKruise compares with >)',
      set: withStatus(steady, {
        ...steady.status,
        observedGeneration: 3,
        matchedPods: 3,
        updatedPods: 3,
        readyPods: 3,
      }),
      pods: current(3),
      want: [],
    },
    {
      name: 'NotUpdate: status only',
      set: sidecarSet({ updateStrategy: { type: 'NotUpdate' } }),
      pods: pods(2),
      want: [status(2, 0, 2)],
    },
    {
      name: 'paused: status only',
      set: sidecarSet({ updateStrategy: { type: 'RollingUpdate', paused: true } }),
      pods: pods(2),
      want: [status(2, 0, 2)],
    },
    {
      name: 'matches only active pods that list the SidecarSet and hold its containers',
      pods: [
        pod(0, { phase: 'Succeeded' }),
        { ...pod(1), metadata: { ...pod(1).metadata, deletionTimestamp: TS } },
        pod(2, { annotations: { 'kruise.io/sidecarset-injected-list': 'other-set' } }),
        pod(3, { from: sidecarSet({ containers: [logAgent('ex/log:1', { name: 'other' })] }) }),
        pod(4),
      ],
      want: [
        status(1, 0, 1),
        'update Pod ns/web-4 containers/1/image=ex/log:2 @kruise.io/sidecarset-hash @kruise.io/sidecarset-inplace-update-state',
        'condition Pod ns/web-4 True AllSidecarsetUpgradable {"log-set":true}',
      ],
      requeue: CONSISTENCY_REQUEUE_MS,
    },
    {
      name: 'marks pods whose sidecars changed beyond their image as not upgradable, once per round an Event',
      set: IMMUTABLE,
      pods: [pod(0), pod(1)],
      want: [
        status(2, 0, 2, 0, IMMUTABLE),
        'condition Pod ns/web-0 False UpdateImmutableField {"log-set":false}',
        'condition Pod ns/web-1 False UpdateImmutableField {"log-set":false}',
        'event SidecarSet log-set Normal NotUpgradablePods: SidecarSet in-place update detected 2 not upgradable pod(s) in this round, will skip them.',
      ],
    },
    {
      name: 'does not rewrite a condition that is already right',
      set: IMMUTABLE,
      pods: [
        withCondition(pod(0), {
          ...upgradable,
          status: 'False',
          reason: 'UpdateImmutableField',
          message: '{"log-set":false}',
        }),
      ],
      want: [
        status(1, 0, 1, 0, IMMUTABLE),
        'event SidecarSet log-set Normal NotUpgradablePods: SidecarSet in-place update detected 1 not upgradable pod(s) in this round, will skip them.',
      ],
    },
    {
      name: 'keeps other SidecarSets in the condition message; one false one makes it False',
      pods: [
        withCondition(pod(0), {
          ...upgradable,
          status: 'False',
          reason: 'UpdateImmutableField',
          message: '{"other":false}',
        }),
      ],
      want: [
        status(1, 0, 1),
        'update Pod ns/web-0 containers/1/image=ex/log:2 @kruise.io/sidecarset-hash @kruise.io/sidecarset-inplace-update-state',
        'condition Pod ns/web-0 False UpdateImmutableField {"log-set":true,"other":false}',
      ],
      requeue: CONSISTENCY_REQUEUE_MS,
    },
    {
      name: 'writes no condition when the pod is already marked upgradable',
      pods: [withCondition(pod(0), upgradable)],
      want: [
        status(1, 0, 1),
        'update Pod ns/web-0 containers/1/image=ex/log:2 @kruise.io/sidecarset-hash @kruise.io/sidecarset-inplace-update-state',
      ],
      requeue: CONSISTENCY_REQUEUE_MS,
    },
    {
      name: 'waits for a pod whose sidecar is ready but still runs the image it had before its last update',
      set: sidecarSet({ updateStrategy: { type: 'RollingUpdate', maxUnavailable: 5 } }),
      pods: [
        pod(0),
        {
          ...pod(1),
          spec: {
            ...pod(1).spec,
            containers: [
              { name: 'app', image: 'ex/app:1' },
              { name: 'log-agent', image: 'ex/log:1.5' },
            ],
          },
          metadata: {
            ...pod(1).metadata,
            annotations: {
              ...pod(1).metadata?.annotations,
              'kruise.io/sidecarset-inplace-update-state':
                '{"log-set":{"revision":"x","updateTimestamp":null,"lastContainerStatuses":{"log-agent":{"imageID":"docker.io/ex/log@sha256:1"}}}}',
            },
          },
        },
      ],
      want: [
        status(2, 0, 1),
        'update Pod ns/web-0 containers/1/image=ex/log:2 @kruise.io/sidecarset-hash @kruise.io/sidecarset-inplace-update-state',
        'condition Pod ns/web-0 True AllSidecarsetUpgradable {"log-set":true}',
      ],
      requeue: CONSISTENCY_REQUEUE_MS,
    },
    {
      name: 'applies patchPodMetadata with the update',
      set: PATCHING,
      pods: [pod(0, { annotations: { 'example.io/agent': 'v1', 'example.io/conf': '{"a":1}' } })],
      want: [
        status(1, 0, 1, 0, PATCHING),
        'update Pod ns/web-0 containers/1/image=ex/log:2 @kruise.io/sidecarset-hash @example.io/agent=v2 @example.io/conf={"a":1,"b":2} @kruise.io/sidecarset-inplace-update-state',
        'condition Pod ns/web-0 True AllSidecarsetUpgradable {"log-set":true}',
      ],
      requeue: CONSISTENCY_REQUEUE_MS,
    },
    {
      name: 'stops the round at a pod whose MergePatchJson value is not JSON, as OpenKruise returns the error',
      set: MERGING,
      pods: [pod(0), pod(1, { annotations: { 'example.io/conf': 'not json' } })],
      want: [status(2, 0, 2, 0, MERGING)],
      problems: ['Invalid JSON Document'],
    },
    {
      name: 'waits for pod events (no poll) while an updated pod has not yet restarted its sidecar',
      set: withStatus(steady, {
        ...steady.status,
        matchedPods: 1,
        updatedPods: 1,
        readyPods: 0,
        updatedReadyPods: 0,
      }),
      pods: applyPodWrites([pod(0)], planSidecarSet(observed(CURRENT, [pod(0)])).actions),
      want: [],
    },
    {
      name: 'counts the pod ready again once the kubelet runs the new image',
      pods: applyPodWrites([pod(0)], planSidecarSet(observed(CURRENT, [pod(0)])).actions).map(
        kubeletCatchesUp,
      ),
      want: [status(1, 1, 1, 1)],
    },
    {
      name: 'leaves an unreadable condition message to a person',
      pods: [withCondition(pod(0), { ...upgradable, message: 'oops' })],
      want: [
        status(1, 0, 1),
        'update Pod ns/web-0 containers/1/image=ex/log:2 @kruise.io/sidecarset-hash @kruise.io/sidecarset-inplace-update-state',
      ],
      requeue: CONSISTENCY_REQUEUE_MS,
      problems: ["invalid character 'o' looking for beginning of value"],
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const plan = planSidecarSet(observed(row.set ?? CURRENT, row.pods));
      assert.deepStrictEqual(plan.actions.map(render), row.want);
      assert.equal(plan.requeueAfterMs, row.requeue);
      assert.deepStrictEqual(plan.problems, row.problems);
    });
  }

  it('never lists OLD as current (fixture sanity)', () =>
    assert.notEqual(OLD.metadata?.annotations?.['kruise.io/sidecarset-hash'], HASH));
});
