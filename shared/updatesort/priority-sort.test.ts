/**
 * prioritySort as `kruise@v1.7.4:pkg/util/updatesort/priority_sort.go`
 * orders pods: Sort l. 38-50 (no terms: the indexes as given; ties: the
 * larger index first, SliceStable), compare l. 53-68 (weights win over
 * orders; lower order level first, then the larger suffix),
 * getPodWeightPriority l. 70-83 (matching terms add up, an invalid selector
 * is skipped), getPodOrderPriority l. 85-92 (first listed key present,
 * else level -1), getIntFromStringSuffix l. 94-111 (trailing digits, 0 when
 * none or beyond int64).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../api/core/core-v1.js';
import type { UpdatePriorityStrategy } from '../api/update-priority.js';
import { prioritySort } from './priority-sort.js';

const pod = (labels: Record<string, string>): Pod => ({ metadata: { name: 'p', labels } });

const weight = (w: number, matchLabels: Record<string, string>) => ({
  weight: w,
  matchSelector: { matchLabels },
});

const cases: {
  name: string;
  strategy: UpdatePriorityStrategy | undefined;
  labels: Record<string, string>[];
  indexes?: number[];
  want: number[];
}[] = [
  {
    name: 'no strategy keeps the indexes as given',
    strategy: undefined,
    labels: [{}, {}, {}],
    indexes: [0, 2, 1],
    want: [0, 2, 1],
  },
  {
    name: 'a strategy without terms keeps the indexes as given',
    strategy: { weightPriority: [], orderPriority: [] },
    labels: [{}, {}, {}],
    indexes: [1, 0, 2],
    want: [1, 0, 2],
  },
  {
    name: 'heavier pods first, equal weights by the larger index',
    strategy: { weightPriority: [weight(50, { tier: 'a' }), weight(10, { zone: 'x' })] },
    labels: [{ zone: 'x' }, { tier: 'a' }, {}, { tier: 'a', zone: 'x' }, { zone: 'x' }],
    want: [3, 1, 4, 0, 2],
  },
  {
    name: 'an invalid selector adds no weight',
    strategy: {
      weightPriority: [
        { weight: 90, matchSelector: { matchExpressions: [{ key: 'k', operator: 'Bogus' }] } },
        weight(5, { k: 'v' }),
      ],
    },
    labels: [{ k: 'v' }, {}, { k: 'v' }],
    want: [2, 0, 1],
  },
  {
    name: 'weights win over orders when both are given',
    strategy: { weightPriority: [weight(1, { a: '1' })], orderPriority: [{ orderedKey: 'o' }] },
    labels: [{ a: '1', o: '1' }, { o: '99' }, {}],
    want: [0, 2, 1],
  },
  {
    name: 'orders: no key first, then by key level, then the larger suffix',
    strategy: { orderPriority: [{ orderedKey: 'first' }, { orderedKey: 'second' }] },
    labels: [{ second: 'v9' }, { first: 'v2' }, {}, { first: 'v10' }, { second: 'x' }],
    want: [2, 3, 1, 0, 4],
  },
  {
    name: 'a value without a digit suffix, or beyond int64, orders as 0',
    strategy: { orderPriority: [{ orderedKey: 'o' }] },
    labels: [{ o: '1' }, { o: 'abc' }, { o: '9223372036854775808' }, { o: '9223372036854775807' }],
    want: [3, 0, 2, 1],
  },
];

describe('prioritySort (updatesort priority_sort.go)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const pods = c.labels.map(pod);
      assert.deepStrictEqual(
        prioritySort(c.strategy, pods, c.indexes ?? pods.map((_, i) => i)),
        c.want,
      );
    });
  }

  it('a missing pod (a hole in the replica slice) has no labels', () => {
    const strategy = { weightPriority: [weight(1, { a: '1' })] };
    assert.deepStrictEqual(
      prioritySort(strategy, [pod({}), undefined, pod({ a: '1' })], [0, 1, 2]),
      [2, 1, 0],
    );
  });
});
