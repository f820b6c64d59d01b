import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LabelSelector } from '../../../shared/api/core/meta.js';
import type { StatefulSetStatus } from '../../../shared/api/statefulset.js';
import { completeRollingUpdate, countPods, inconsistentStatus, selectorString } from './status.js';
import { NOW, revisionOf, runningPod, statefulSet } from './test-fixtures.js';

const status = (over: Partial<StatefulSetStatus> = {}): StatefulSetStatus => ({
  observedGeneration: 1,
  replicas: 3,
  readyReplicas: 3,
  availableReplicas: 3,
  currentReplicas: 1,
  updatedReplicas: 3,
  currentRevision: 'web-old',
  updateRevision: 'web-new',
  labelSelector: 'app=web',
  ...over,
});

describe('selectorString (labels.Selector.String())', () => {
  const cases: { name: string; sel: LabelSelector; want: string }[] = [
    { name: 'matchLabels', sel: { matchLabels: { b: '2', a: '1' } }, want: 'a=1,b=2' },
    {
      name: 'expressions sorted by key, values sorted',
      sel: {
        matchLabels: { tier: 'web' },
        matchExpressions: [
          { key: 'zone', operator: 'NotIn', values: ['b', 'a'] },
          { key: 'app', operator: 'In', values: ['y', 'x'] },
          { key: 'canary', operator: 'DoesNotExist' },
          { key: 'env', operator: 'Exists' },
        ],
      },
      want: 'app in (x,y),!canary,env,tier=web,zone notin (a,b)',
    },
  ];
  for (const c of cases) it(c.name, () => assert.equal(selectorString(c.sel), c.want));
});

describe('completeRollingUpdate and inconsistentStatus', () => {
  const set = statefulSet();
  it('makes the update revision current once all are updated and ready', () => {
    assert.deepStrictEqual(completeRollingUpdate(set, status()), {
      ...status(),
      currentReplicas: 3,
      currentRevision: 'web-new',
    });
  });
  it('leaves a rollout that is not done, or OnDelete, alone', () => {
    assert.deepStrictEqual(
      completeRollingUpdate(set, status({ readyReplicas: 2 })),
      status({ readyReplicas: 2 }),
    );
    const onDelete = statefulSet({ updateStrategy: { type: 'OnDelete' } });
    assert.deepStrictEqual(completeRollingUpdate(onDelete, status()), status());
  });
  it('writes only for the fields OpenKruise compares', () => {
    const written = { ...set, status: status() };
    assert.equal(inconsistentStatus(written, status()), false);
    assert.equal(inconsistentStatus(written, status({ updatedReadyReplicas: 1 })), false);
    assert.equal(
      inconsistentStatus(
        written,
        status({ conditions: [{ type: 'FailedCreatePod', status: 'True' }] }),
      ),
      false,
    );
    assert.equal(inconsistentStatus(written, status({ readyReplicas: 2 })), true);
    assert.equal(inconsistentStatus(written, status({ observedGeneration: 2 })), true);
    assert.equal(inconsistentStatus(written, status({ labelSelector: 'app=other' })), true);
  });
});

describe('countPods (computeReplicaStatus)', () => {
  it('counts created, ready, available, current and updated pods', () => {
    const s = statefulSet({ replicas: 3 });
    const rev = revisionOf(s).metadata?.name ?? '';
    const terminating = runningPod(s, 2);
    terminating.metadata = { ...terminating.metadata, deletionTimestamp: '2024-09-05T07:59:00Z' };
    const counts = countPods(
      [runningPod(s, 0), runningPod(s, 1, { ready: false }), terminating, undefined],
      0,
      'web-old',
      rev,
      NOW,
    );
    assert.deepStrictEqual(counts, {
      replicas: 3,
      readyReplicas: 2,
      availableReplicas: 2,
      currentReplicas: 0,
      updatedReplicas: 2,
      updatedReadyReplicas: 2,
      updatedAvailableReplicas: 2,
    });
  });
});
