/**
 * unorderedUpdate through the whole plan, as
 * `kruise@v1.7.4:pkg/controller/statefulset/stateful_update_utils.go`
 * sortPodsToUpdate orders them (l. 26-75): at most replicas − partition
 * pods, the updated and terminating ones first (highest slice index first),
 * then the old ones in `priorityStrategy` order
 * (`pkg/util/updatesort/priority_sort.go`, ties by the larger index);
 * `stateful_set_control.go` rollingUpdateStatefulsetPods (l. 596-655) then
 * takes them while maxUnavailable allows.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../../shared/api/core/core-v1.js';
import type { UpdatePriorityStrategy } from '../../../shared/api/update-priority.js';
import { planStatefulSet } from './plan.js';
import {
  observed,
  podSteps,
  revisionOf,
  runningPod,
  statefulSet,
  updated,
} from './test-fixtures.js';

const base = statefulSet({ replicas: 5, podManagementPolicy: 'Parallel' });

const labelled = (pod: Pod, labels: Record<string, string>): Pod => ({
  ...pod,
  metadata: { ...pod.metadata, labels: { ...pod.metadata?.labels, ...labels } },
});

interface Row {
  name: string;
  priority?: UpdatePriorityStrategy;
  labels?: Record<number, Record<string, string>>;
  partition?: number;
  maxUnavailable?: number;
  alreadyUpdated?: number[];
  want: string[];
}

/** The pods one round deletes to recreate (ReCreate), in order. */
function recreated(opts: Row): string[] {
  const u = updated(base, 'nginx:2', {
    partition: opts.partition ?? 0,
    maxUnavailable: opts.maxUnavailable ?? 2,
    unorderedUpdate: opts.priority === undefined ? {} : { priorityStrategy: opts.priority },
  });
  const newRevision = revisionOf(u.set).metadata?.name ?? '';
  const pods = [0, 1, 2, 3, 4].map((o) => {
    const pod = labelled(runningPod(base, o), opts.labels?.[o] ?? {});
    return opts.alreadyUpdated?.includes(o)
      ? labelled(pod, { 'controller-revision-hash': newRevision })
      : pod;
  });
  return podSteps(planStatefulSet(observed(u.set, pods, { revisions: u.revisions })).actions);
}

describe('Advanced StatefulSet rolling update: unorderedUpdate.priorityStrategy', () => {
  const cases: Row[] = [
    {
      name: 'without a priority strategy, the highest slice index first',
      want: ['delete web-4', 'delete web-3'],
    },
    {
      name: 'weightPriority: the heavier pods first, equal weights by the larger index',
      priority: {
        weightPriority: [{ weight: 50, matchSelector: { matchLabels: { tier: 'cache' } } }],
      },
      labels: { 0: { tier: 'cache' }, 2: { tier: 'cache' } },
      want: ['delete web-2', 'delete web-0'],
    },
    {
      name: 'orderPriority: a pod without the key first, then the larger suffix',
      priority: { orderPriority: [{ orderedKey: 'rank' }] },
      labels: { 0: { rank: 'r9' }, 1: { rank: 'r1' }, 3: { rank: 'r5' }, 4: { rank: 'r2' } },
      want: ['delete web-2', 'delete web-0'],
    },
    {
      name: 'partition is the number of pods kept old: replicas 5, partition 3 takes two',
      priority: {
        weightPriority: [{ weight: 1, matchSelector: { matchLabels: { first: 'yes' } } }],
      },
      labels: { 0: { first: 'yes' } },
      partition: 3,
      maxUnavailable: 5,
      want: ['delete web-0', 'delete web-4'],
    },
    {
      name: 'updated pods count first against replicas − partition',
      priority: {
        weightPriority: [{ weight: 1, matchSelector: { matchLabels: { first: 'yes' } } }],
      },
      labels: { 1: { first: 'yes' } },
      alreadyUpdated: [4],
      partition: 3,
      maxUnavailable: 5,
      want: ['delete web-1'],
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepStrictEqual(recreated(c), c.want));
});
