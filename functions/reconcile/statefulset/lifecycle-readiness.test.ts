/**
 * `markPodNotReady` of the lifecycle hooks as
 * `kruise@v1.7.4:pkg/util/lifecycle/lifecycle_utils.go` applies it:
 * UpdatePodLifecycle(WithHandler) l. 125-204 runs executePodNotReadyPolicy
 * (l. 108-123) first, also for a pod already in the state; PreparingDelete
 * and PreparingUpdate add the `Lifecycle` keys `preDeleteHook` /
 * `preUpdateHook` (l. 37-40) to the KruisePodReady condition
 * (`pkg/util/podreadiness/pod_readiness_utils.go` addNotReadyKey: created
 * without a status, Ready then False through its gate), Updated removes
 * `preUpdateHook` (the condition True with `[]`). Callers:
 * `stateful_set_control.go` deletePod l. 701-705 (preDelete),
 * refreshPodState l. 765-770 and inPlaceUpdatePod l. 812-829 (inPlaceUpdate).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod, PodStatus } from '../../../shared/api/core/core-v1.js';
import type { StatefulSet } from '../../../shared/api/statefulset.js';
import type { StatefulSetAction } from './actions.js';
import { planStatefulSet } from './plan.js';
import { observed, revisionOf, runningPod, statefulSet, updated } from './test-fixtures.js';

const LIFECYCLE = 'lifecycle.apps.kruise.io/state';
const HOLD = { 'example.com/hold': 'true' };

/** A pod as the admission webhook leaves it: the KruisePodReady gate too (unless `gate` is false). */
function pod(set: StatefulSet, ordinal: number, labels: Record<string, string>, gate = true): Pod {
  const p = runningPod(set, ordinal);
  return {
    ...p,
    metadata: { ...p.metadata, labels: { ...p.metadata?.labels, ...labels } },
    spec: {
      ...p.spec,
      containers: p.spec?.containers ?? [],
      readinessGates: [
        ...(p.spec?.readinessGates ?? []),
        ...(gate ? [{ conditionType: 'KruisePodReady' }] : []),
      ],
    },
  };
}

/** Each pod write as `<verb> <pod>`, with the KruisePodReady and Ready conditions of a status update. */
const writes = (actions: readonly StatefulSetAction[]) =>
  actions.flatMap((a) => {
    if (!('verb' in a) || !('resource' in a) || a.resource.kind !== 'Pod') return [];
    if (a.verb === 'updateStatus') {
      const conds = ((a.status as PodStatus).conditions ?? []).filter(
        (c) => c.type === 'KruisePodReady' || c.type === 'Ready',
      );
      return [{ write: `status ${a.object.metadata?.name ?? ''}`, conditions: conds }];
    }
    if (a.verb === 'patch' && a.patch.type === 'strategic') {
      const labels = (a.patch.body as { metadata?: { labels?: Record<string, string> } }).metadata
        ?.labels;
      return [{ write: `patch ${a.key.name} ${labels?.[LIFECYCLE] ?? ''}` }];
    }
    return [];
  });

const held = (key: string) => ({
  type: 'KruisePodReady',
  status: '',
  lastTransitionTime: '2024-09-05T08:00:00Z',
  message: `[{"userAgent":"Lifecycle","key":"${key}"}]`,
});
const READY_FALSE = {
  type: 'Ready',
  status: 'False',
  reason: 'ReadinessGatesNotReady',
  message: 'the status of pod readiness gate "KruisePodReady" is not "True", but ',
};

describe('Advanced StatefulSet lifecycle: markPodNotReady', () => {
  const preDelete = (mark: boolean) =>
    statefulSet({
      replicas: 1,
      lifecycle: { preDelete: { labelsHandler: HOLD, markPodNotReady: mark } },
    });

  it('preDelete: KruisePodReady False (preDeleteHook) first, then PreparingDelete', () => {
    const s = preDelete(true);
    const p = planStatefulSet(observed(s, [pod(s, 0, {}), pod(s, 1, HOLD)]));
    assert.deepStrictEqual(writes(p.actions), [
      { write: 'status web-1', conditions: [READY_FALSE, held('preDeleteHook')] },
      { write: 'patch web-1 PreparingDelete' },
    ]);
  });

  it('preDelete without markPodNotReady leaves the condition alone', () => {
    const s = preDelete(false);
    const p = planStatefulSet(observed(s, [pod(s, 0, {}), pod(s, 1, HOLD)]));
    assert.deepStrictEqual(writes(p.actions), [{ write: 'patch web-1 PreparingDelete' }]);
  });

  it('holds the condition again for a pod already in PreparingDelete that lost it', () => {
    const s = preDelete(true);
    const waiting = pod(s, 1, { ...HOLD, [LIFECYCLE]: 'PreparingDelete' });
    const p = planStatefulSet(observed(s, [pod(s, 0, {}), waiting]));
    assert.deepStrictEqual(writes(p.actions), [
      { write: 'status web-1', conditions: [READY_FALSE, held('preDeleteHook')] },
    ]);
  });

  it('writes nothing to a pod without the KruisePodReady readiness gate', () => {
    const s = preDelete(true);
    const p = planStatefulSet(observed(s, [pod(s, 0, {}), pod(s, 1, HOLD, false)]));
    assert.deepStrictEqual(writes(p.actions), [{ write: 'patch web-1 PreparingDelete' }]);
  });

  const inPlace = statefulSet({
    replicas: 1,
    lifecycle: { inPlaceUpdate: { labelsHandler: HOLD, markPodNotReady: true } },
    updateStrategy: {
      type: 'RollingUpdate',
      rollingUpdate: { partition: 0, maxUnavailable: 1, podUpdatePolicy: 'InPlaceIfPossible' },
    },
  });
  const u = updated(inPlace, 'nginx:2');

  it('inPlaceUpdate: KruisePodReady False (preUpdateHook) first, then PreparingUpdate', () => {
    const p = planStatefulSet(
      observed(u.set, [pod(inPlace, 0, { ...HOLD, [LIFECYCLE]: 'Normal' })], {
        revisions: u.revisions,
      }),
    );
    assert.deepStrictEqual(writes(p.actions), [
      { write: 'status web-0', conditions: [READY_FALSE, held('preUpdateHook')] },
      { write: 'patch web-0 PreparingUpdate' },
    ]);
  });

  it('inPlaceUpdate: Updated lets go of preUpdateHook (condition True, message [])', () => {
    const rev = revisionOf(u.set).metadata?.name ?? '';
    const done = pod(u.set, 0, { [LIFECYCLE]: 'Updating', 'controller-revision-hash': rev });
    const withHold: Pod = {
      ...done,
      status: {
        ...done.status,
        conditions: [
          ...(done.status?.conditions ?? []),
          { ...held('preUpdateHook'), status: 'False' },
        ],
      },
    };
    const p = planStatefulSet(observed(u.set, [withHold], { revisions: u.revisions }));
    assert.deepStrictEqual(writes(p.actions), [
      {
        write: 'status web-0',
        conditions: [
          { type: 'Ready', status: 'True', lastTransitionTime: '2024-09-05T07:00:00Z' },
          {
            type: 'KruisePodReady',
            status: 'True',
            lastTransitionTime: '2024-09-05T08:00:00Z',
            message: '[]',
          },
        ],
      },
      { write: 'patch web-0 Updated' },
    ]);
  });
});
