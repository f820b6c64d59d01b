import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StatefulSet } from '../../../shared/api/statefulset.js';
import { planStatefulSet } from './plan.js';
import {
  flatActions,
  observed,
  podSteps,
  revisionOf,
  runningPod,
  slowStartGroups,
  statefulSet,
  updated,
} from './test-fixtures.js';

const plan = (...args: Parameters<typeof observed>) => planStatefulSet(observed(...args));

describe('Advanced StatefulSet plan: scaling', () => {
  const sample = statefulSet({ replicas: 5, ordinals: { start: 3 } });
  it('creates the first pod of the seed sample at ordinal 3 (OrderedReady, gate on)', () => {
    assert.deepStrictEqual(podSteps(plan(sample, []).actions), ['create web-3']);
  });
  it('creates it at ordinal 0 with the gate off', () => {
    const p = plan(sample, [], {
      gates: { startOrdinal: false, podIndexLabel: true, autoDeletePVC: true },
    });
    assert.deepStrictEqual(podSteps(p.actions), ['create web-0']);
  });
  it('creates all of 3..7 at once with Parallel', () => {
    const par = statefulSet({
      replicas: 5,
      ordinals: { start: 3 },
      podManagementPolicy: 'Parallel',
    });
    assert.deepStrictEqual(podSteps(plan(par, []).actions), [
      'create web-3',
      'create web-4',
      'create web-5',
      'create web-6',
      'create web-7',
    ]);
  });
  it('bounds Parallel creation by scaleStrategy.maxUnavailable', () => {
    const par = statefulSet({
      replicas: 5,
      podManagementPolicy: 'Parallel',
      scaleStrategy: { maxUnavailable: 2 },
    });
    assert.deepStrictEqual(podSteps(plan(par, []).actions), ['create web-0', 'create web-1']);
  });
  it('waits for the previous pod to be Running and Ready (OrderedReady)', () => {
    assert.deepStrictEqual(
      podSteps(plan(sample, [runningPod(sample, 3, { ready: false })]).actions),
      [],
    );
    assert.deepStrictEqual(podSteps(plan(sample, [runningPod(sample, 3)]).actions), [
      'create web-4',
    ]);
  });
  it('waits out minReadySeconds and comes back when it ends', () => {
    const s = statefulSet({
      replicas: 2,
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: {
          partition: 0,
          maxUnavailable: 1,
          podUpdatePolicy: 'ReCreate',
          minReadySeconds: 30,
        },
      },
    });
    const p = plan(s, [runningPod(s, 0, { readySince: '2024-09-05T07:59:50Z' })]);
    assert.deepStrictEqual(podSteps(p.actions), []);
    assert.equal(p.requeueAfterMs, 20_000);
  });
  it('skips reserved ordinals', () => {
    const s = statefulSet({ replicas: 3, reserveOrdinals: [1], podManagementPolicy: 'Parallel' });
    assert.deepStrictEqual(podSteps(plan(s, []).actions), [
      'create web-0',
      'create web-2',
      'create web-3',
    ]);
  });
  it('scales down from the highest ordinal, one at a time (OrderedReady)', () => {
    const s = statefulSet({ replicas: 2, ordinals: { start: 3 } });
    const pods = [3, 4, 5, 6, 7].map((o) => runningPod(s, o));
    assert.deepStrictEqual(podSteps(plan(s, pods).actions), ['delete web-7']);
  });
  it('moves start 3→0 by creating 0 first, then deleting the old highest first', () => {
    const s = statefulSet({ replicas: 2, ordinals: { start: 0 } });
    const old = [3, 4].map((o) => runningPod(s, o));
    assert.deepStrictEqual(podSteps(plan(s, old).actions), ['create web-0']);
    const both = [0, 1, 3, 4].map((o) => runningPod(s, o));
    assert.deepStrictEqual(podSteps(plan(s, both).actions), ['delete web-4']);
  });
  it('recreates a Failed pod by deleting it first', () => {
    const s = statefulSet({ replicas: 1 });
    assert.deepStrictEqual(podSteps(plan(s, [runningPod(s, 0, { phase: 'Failed' })]).actions), [
      'delete web-0',
    ]);
  });
  it('creates the claims before the pod, owned by the set with whenDeleted Delete', () => {
    const s = statefulSet({
      replicas: 1,
      volumeClaimTemplates: [
        { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } },
      ],
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' },
    });
    const p = plan(s, []);
    assert.deepStrictEqual(podSteps(p.actions), ['claim data-web-0', 'create web-0']);
    const claim = p.actions.find((a) => 'type' in a && a.type === 'claimCreate');
    assert.ok(claim !== undefined && 'write' in claim && claim.write.verb === 'create');
    assert.deepStrictEqual(claim.write.object.metadata?.ownerReferences, [
      { apiVersion: 'apps.kruise.io/v1beta1', kind: 'StatefulSet', name: 'web', uid: 'set-uid' },
    ]);
    assert.deepStrictEqual(claim.write.object.metadata?.labels, { app: 'web' });
  });
});

/** `set` after a template change to `image`, with its old revision listed. */
describe('Advanced StatefulSet plan: rolling update', () => {
  const base = statefulSet({ replicas: 3 });
  const pods = [0, 1, 2].map((o) => runningPod(base, o));
  it('recreates the highest ordinal first, one at a time', () => {
    const u = updated(base, 'nginx:2');
    assert.deepStrictEqual(podSteps(plan(u.set, pods, { revisions: u.revisions }).actions), [
      'delete web-2',
    ]);
  });
  it('stops at the partition', () => {
    const u = updated(base, 'nginx:2', { partition: 2 });
    const p = plan(u.set, pods, { revisions: u.revisions });
    assert.deepStrictEqual(podSteps(p.actions), ['delete web-2']);
    const rev = revisionOf(u.set).metadata?.name ?? '';
    const done = pods.map((pod, i) =>
      i === 2
        ? {
            ...pod,
            metadata: {
              ...pod.metadata,
              labels: { ...pod.metadata?.labels, 'controller-revision-hash': rev },
            },
          }
        : pod,
    );
    assert.deepStrictEqual(podSteps(plan(u.set, done, { revisions: u.revisions }).actions), []);
  });
  it('updates maxUnavailable pods at once', () => {
    const u = updated(statefulSet({ replicas: 3, podManagementPolicy: 'Parallel' }), 'nginx:2', {
      maxUnavailable: 2,
    });
    const ps = [0, 1, 2]
      .map((o) => runningPod(u.set, o))
      .map((p) => ({
        ...p,
        metadata: {
          ...p.metadata,
          labels: {
            ...p.metadata?.labels,
            'controller-revision-hash': revisionOf(base).metadata?.name ?? '',
          },
        },
      }));
    assert.deepStrictEqual(podSteps(plan(u.set, ps, { revisions: u.revisions }).actions), [
      'delete web-2',
      'delete web-1',
    ]);
  });
  it('updates an image in place, readiness gate False first', () => {
    const inPlace = statefulSet({
      replicas: 3,
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: { partition: 0, maxUnavailable: 1, podUpdatePolicy: 'InPlaceIfPossible' },
      },
    });
    const ps = [0, 1, 2].map((o) => runningPod(inPlace, o));
    const u = updated(inPlace, 'nginx:2');
    const p = plan(u.set, ps, { revisions: u.revisions });
    assert.deepStrictEqual(podSteps(p.actions), ['condition web-2', 'inplace web-2']);
    const write = p.actions.find(
      (a) =>
        'verb' in a && a.verb === 'patch' && a.resource.kind === 'Pod' && a.options === undefined,
    );
    assert.ok(write !== undefined && 'patch' in write && write.patch.type === 'strategic');
    const body = write.patch.body as {
      metadata: { annotations: Record<string, string> };
      spec: unknown;
    };
    assert.deepStrictEqual(body.spec, { containers: [{ name: 'main', image: 'nginx:2' }] });
    const rev = revisionOf(u.set).metadata?.name ?? '';
    assert.equal(
      body.metadata.annotations['apps.kruise.io/inplace-update-state'],
      `{"revision":"${rev}","updateTimestamp":"2024-09-05T08:00:00Z","lastContainerStatuses":{"main":{"imageID":"sha-1"}},"containerBatchesRecord":[{"timestamp":"2024-09-05T08:00:00Z","containers":["main"]}]}`,
    );
  });
  it('refuses a non-image change with InPlaceOnly', () => {
    const only = statefulSet({
      replicas: 1,
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: { partition: 0, maxUnavailable: 1, podUpdatePolicy: 'InPlaceOnly' },
      },
    });
    const ps = [runningPod(only, 0)];
    const next = statefulSet({
      ...only.spec,
      template: {
        ...only.spec.template,
        spec: { containers: [{ name: 'main', image: 'nginx:1', args: ['x'] }] },
      },
    });
    const p = plan(next, ps, { revisions: [revisionOf(only)] });
    assert.deepStrictEqual(p.problems, [
      'find strategy is InPlaceOnly but Pod web-0 can not update in-place',
    ]);
    assert.deepStrictEqual(podSteps(p.actions), []);
  });
  it('gives a recreated pod the old revision only below the absolute partition (SPEC §5.3 quirk)', () => {
    const s = statefulSet({ replicas: 3, ordinals: { start: 5 }, podManagementPolicy: 'Parallel' });
    const u = updated(s, 'nginx:2', { partition: 1 });
    const p = plan(
      u.set,
      [6, 7].map((o) => runningPod(s, o)),
      { revisions: u.revisions },
    );
    const create = flatActions(p.actions).find(
      (a) => 'type' in a && a.type === 'podWrite' && a.verb === 'create',
    );
    assert.ok(create !== undefined && 'write' in create && create.write.verb === 'create');
    assert.equal(
      create.write.object.metadata?.labels?.['controller-revision-hash'],
      revisionOf(u.set).metadata?.name,
    );
  });
  it('deletes a specified-delete pod within maxUnavailable, below the partition too', () => {
    const marked = pods.map((p, i) =>
      i === 0
        ? {
            ...p,
            metadata: {
              ...p.metadata,
              labels: { ...p.metadata?.labels, 'apps.kruise.io/specified-delete': 'true' },
            },
          }
        : p,
    );
    const u = updated(base, 'nginx:1', { partition: 3 });
    assert.deepStrictEqual(podSteps(plan(u.set, marked).actions), ['delete web-0']);
  });
});

describe('Advanced StatefulSet plan: bounded fan-out (slow-start batches)', () => {
  const parallel = (spec: Partial<StatefulSet['spec']> = {}) =>
    statefulSet({ podManagementPolicy: 'Parallel', ...spec });
  it('makes Parallel creates one slow-start action, a group per pod', () => {
    const p = plan(parallel({ replicas: 4 }), []);
    assert.deepStrictEqual(slowStartGroups(p.actions), [
      [['create web-0'], ['create web-1'], ['create web-2'], ['create web-3']],
    ]);
  });
  it('keeps a pod’s claims in its group, before the pod', () => {
    const s = parallel({
      replicas: 2,
      volumeClaimTemplates: [
        { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } },
      ],
    });
    assert.deepStrictEqual(slowStartGroups(plan(s, []).actions), [
      [
        ['claim data-web-0', 'create web-0'],
        ['claim data-web-1', 'create web-1'],
      ],
    ]);
  });
  it('creates one at a time, without batches, under OrderedReady', () => {
    const p = plan(statefulSet({ replicas: 3 }), []);
    assert.deepStrictEqual(slowStartGroups(p.actions), []);
    assert.deepStrictEqual(podSteps(p.actions), ['create web-0']);
  });
  it('deletes Parallel’s condemned pods in slow-start batches, highest first', () => {
    const s = parallel({ replicas: 2 });
    const pods = [0, 1, 2, 3, 4].map((o) => runningPod(s, o));
    assert.deepStrictEqual(slowStartGroups(plan(s, pods).actions), [
      [['delete web-4'], ['delete web-3'], ['delete web-2']],
    ]);
  });
  it('moves Parallel’s condemned pods to PreparingDelete in the batches with a preDelete hook', () => {
    const s = parallel({
      replicas: 1,
      lifecycle: { preDelete: { labelsHandler: { hold: 'true' } } },
    });
    const hooked = runningPod(s, 1);
    hooked.metadata = { ...hooked.metadata, labels: { ...hooked.metadata?.labels, hold: 'true' } };
    assert.deepStrictEqual(
      slowStartGroups(plan(s, [runningPod(s, 0), hooked, runningPod(s, 2)]).actions),
      [[['delete web-2'], ['patch web-1']]],
    );
  });
});

describe('Advanced StatefulSet plan: FailedCreatePod / FailedUpdatePod', () => {
  const failureOf = (actions: ReturnType<typeof plan>['actions']) =>
    flatActions(actions).flatMap((a) =>
      'type' in a && (a.type === 'podWrite' || a.type === 'claimCreate') && a.onFailure
        ? [`${a.type === 'podWrite' ? a.verb : 'claim'} ${a.pod}: ${a.onFailure.condition}`]
        : [],
    );
  it('gives a create the status its round writes when it fails', () => {
    const s = statefulSet({ replicas: 1 });
    const p = plan(s, []);
    assert.deepStrictEqual(failureOf(p.actions), ['create web-0: FailedCreatePod']);
    const create = flatActions(p.actions).find((a) => 'type' in a && a.type === 'podWrite');
    assert.ok(create !== undefined && 'onFailure' in create && create.onFailure !== undefined);
    const status = p.actions.find((a) => 'verb' in a && a.verb === 'updateStatus');
    assert.ok(status !== undefined && 'status' in status);
    assert.deepStrictEqual(create.onFailure.status, status.status);
  });
  it('writes no status for a failed create when the round’s status is already there', () => {
    const s = statefulSet({ replicas: 1 });
    const first = plan(s, []).actions.find((a) => 'verb' in a && a.verb === 'updateStatus');
    assert.ok(first !== undefined && 'status' in first);
    const again = plan({ ...s, status: first.status as NonNullable<StatefulSet['status']> }, []);
    assert.deepStrictEqual(podSteps(again.actions), ['create web-0']);
    assert.deepStrictEqual(failureOf(again.actions), []);
  });
  it('marks Parallel’s creates and an identity update the same way', () => {
    const s = statefulSet({ replicas: 2, podManagementPolicy: 'Parallel' });
    const drifted = runningPod(s, 0);
    drifted.metadata = { ...drifted.metadata, labels: { app: 'web' } };
    assert.deepStrictEqual(failureOf(plan(s, [drifted]).actions), [
      'update web-0: FailedUpdatePod',
      'create web-1: FailedCreatePod',
    ]);
  });
});

describe('Advanced StatefulSet plan: lifecycle hooks', () => {
  const withLabels = (pod: ReturnType<typeof runningPod>, labels: Record<string, string>) => ({
    ...pod,
    metadata: { ...pod.metadata, labels: { ...pod.metadata?.labels, ...labels } },
  });
  const withFinalizers = (pod: ReturnType<typeof runningPod>, finalizers: string[]) => ({
    ...pod,
    metadata: { ...pod.metadata, finalizers },
  });
  const state = (actions: ReturnType<typeof plan>['actions']) =>
    flatActions(actions).flatMap((a) => {
      if (!('verb' in a) || a.verb !== 'patch' || a.patch.type === 'json') return [];
      const labels = (a.patch.body as { metadata?: { labels?: Record<string, string> } }).metadata
        ?.labels;
      const s = labels?.['lifecycle.apps.kruise.io/state'];
      return s === undefined ? [] : [`${a.key.name} ${s}`];
    });
  const LIFECYCLE = 'lifecycle.apps.kruise.io/state';

  describe('preDelete', () => {
    const cases = [
      {
        name: 'labelsHandler',
        hook: { labelsHandler: { hold: 'true' } },
        mark: (p: ReturnType<typeof runningPod>) => withLabels(p, { hold: 'true' }),
      },
      {
        name: 'finalizersHandler',
        hook: { finalizersHandler: ['example.com/hold'] },
        mark: (p: ReturnType<typeof runningPod>) => withFinalizers(p, ['example.com/hold']),
      },
    ];
    for (const c of cases) {
      const s = statefulSet({ replicas: 1, lifecycle: { preDelete: c.hook } });
      it(`moves a hooked pod (${c.name}) to PreparingDelete instead of deleting it`, () => {
        const p = plan(s, [runningPod(s, 0), c.mark(runningPod(s, 1))]);
        assert.deepStrictEqual(podSteps(p.actions), ['patch web-1']);
        assert.deepStrictEqual(state(p.actions), ['web-1 PreparingDelete']);
      });
      it(`waits while the PreparingDelete pod is still hooked (${c.name})`, () => {
        const held = withLabels(c.mark(runningPod(s, 1)), { [LIFECYCLE]: 'PreparingDelete' });
        assert.deepStrictEqual(podSteps(plan(s, [runningPod(s, 0), held]).actions), []);
      });
    }
    it('deletes the pod once the hook is gone', () => {
      const s = statefulSet({
        replicas: 1,
        lifecycle: { preDelete: { labelsHandler: { hold: 'true' } } },
      });
      const released = withLabels(runningPod(s, 1), { [LIFECYCLE]: 'PreparingDelete' });
      assert.deepStrictEqual(podSteps(plan(s, [runningPod(s, 0), released]).actions), [
        'delete web-1',
      ]);
    });
  });

  describe('inPlaceUpdate', () => {
    const hook = { labelsHandler: { 'example.com/ready-to-update': 'true' } };
    const base = statefulSet({
      replicas: 1,
      lifecycle: { inPlaceUpdate: hook },
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: { partition: 0, maxUnavailable: 1, podUpdatePolicy: 'InPlaceIfPossible' },
      },
    });
    const u = updated(base, 'nginx:2');
    const hooked = (extra: Record<string, string> = {}) =>
      withLabels(runningPod(base, 0), { 'example.com/ready-to-update': 'true', ...extra });
    it('moves a hooked Normal pod to PreparingUpdate first, without touching its images', () => {
      const p = plan(u.set, [hooked({ [LIFECYCLE]: 'Normal' })], { revisions: u.revisions });
      assert.deepStrictEqual(podSteps(p.actions), ['patch web-0']);
      assert.deepStrictEqual(state(p.actions), ['web-0 PreparingUpdate']);
    });
    it('waits in PreparingUpdate while the hook holds', () => {
      const p = plan(u.set, [hooked({ [LIFECYCLE]: 'PreparingUpdate' })], {
        revisions: u.revisions,
      });
      assert.deepStrictEqual(podSteps(p.actions), []);
    });
    it('updates in place (state Updating) once the hook is released', () => {
      const released = withLabels(runningPod(base, 0), { [LIFECYCLE]: 'PreparingUpdate' });
      const p = plan(u.set, [released], { revisions: u.revisions });
      assert.deepStrictEqual(podSteps(p.actions), ['condition web-0', 'inplace web-0']);
      assert.deepStrictEqual(state(p.actions), ['web-0 Updating']);
    });
    it('moves an updated pod on to Updated while the hook is not all there, then Normal', () => {
      const rev = revisionOf(u.set).metadata?.name ?? '';
      const done = withLabels(runningPod(u.set, 0), {
        [LIFECYCLE]: 'Updating',
        'controller-revision-hash': rev,
      });
      assert.deepStrictEqual(state(plan(u.set, [done], { revisions: u.revisions }).actions), [
        'web-0 Updated',
      ]);
      const back = withLabels(done, {
        [LIFECYCLE]: 'Updated',
        'example.com/ready-to-update': 'true',
      });
      assert.deepStrictEqual(state(plan(u.set, [back], { revisions: u.revisions }).actions), [
        'web-0 Normal',
      ]);
    });
  });
});
