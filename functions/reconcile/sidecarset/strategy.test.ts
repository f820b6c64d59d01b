/**
 * The rollout rules of SPEC §2.9 step 7 through the whole plan: which pods a
 * round updates under partition / maxUnavailable (the SPEC's table, exactly),
 * the update selector, priority and scatter orders. Pods web-0 … web-9 are
 * created a minute apart, so the health order (newest first) is web-9 … web-0.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../../shared/api/core/core-v1.js';
import type { SidecarSetSpec } from '../../../shared/api/sidecarset.js';
import { planSidecarSet } from './plan.js';
import { applyPodWrites, kubeletCatchesUp, render } from './test-actions.js';
import { observed, pod, pods, sidecarSet } from './test-fixtures.js';

type Strategy = NonNullable<SidecarSetSpec['updateStrategy']>;

const rolling = (s: Partial<Strategy>): Partial<SidecarSetSpec> => ({
  updateStrategy: { type: 'RollingUpdate', ...s },
});

/** The pods a plan updates in place, in write order. */
const updated = (listed: readonly Pod[], spec: Partial<SidecarSetSpec>): string[] =>
  planSidecarSet(observed(sidecarSet(spec), listed))
    .actions.map(render)
    .filter((line) => line.startsWith('update Pod'))
    .map((line) => line.split(' ')[2]?.replace('ns/', '') ?? '');

const names = (...i: number[]) => i.map((n) => `web-${n}`);

describe('SidecarSet rollout: partition and maxUnavailable (SPEC §2.9 table, 10 ready pods)', () => {
  const table = [
    { partition: 0, maxUnavailable: 1, want: names(9) },
    { partition: 0, maxUnavailable: '30%', want: names(9, 8, 7) },
    // Quirk: percentages round down, 5% of 10 pods is 0.
    { partition: 0, maxUnavailable: '5%', want: [] },
    { partition: 4, maxUnavailable: 10, want: names(9, 8, 7, 6, 5, 4) },
    { partition: '50%', maxUnavailable: 2, want: names(9, 8) },
    { partition: 0, maxUnavailable: 0, want: [] },
  ];
  for (const row of table) {
    it(`partition ${row.partition}, maxUnavailable ${row.maxUnavailable}: ${row.want.length} updated`, () =>
      assert.deepStrictEqual(updated(pods(10), rolling(row)), row.want));
  }

  it('partition 50%, maxUnavailable 2: 2 per round until 5 remain old', () => {
    const spec = rolling({ partition: '50%', maxUnavailable: 2 });
    let listed = pods(10);
    const rounds: string[][] = [];
    for (let round = 0; round < 4; round++) {
      const plan = planSidecarSet(observed(sidecarSet(spec), listed));
      rounds.push(updated(listed, spec));
      listed = applyPodWrites(listed, plan.actions).map(kubeletCatchesUp);
    }
    assert.deepStrictEqual(rounds, [names(9, 8), names(7, 6), names(5), []]);
  });

  it('maxUnavailable 0 still takes the pods that are not ready, without budget', () => {
    const listed = [...pods(8), pod(8, { ready: false }), pod(9, { ready: false })];
    assert.deepStrictEqual(updated(listed, rolling({ maxUnavailable: 0 })), names(9, 8));
  });

  it('counts updated pods that are not ready against maxUnavailable', () => {
    const listed = pods(10);
    const first = planSidecarSet(observed(sidecarSet(), listed));
    // web-9 was updated; the kubelet has not restarted its sidecar yet.
    const next = applyPodWrites(listed, first.actions);
    assert.deepStrictEqual(updated(next, rolling({ maxUnavailable: 1 })), []);
    assert.deepStrictEqual(updated(next, rolling({ maxUnavailable: 2 })), names(8));
  });
});

describe('SidecarSet rollout: which pods and in which order', () => {
  const labelled = (labels: Record<number, Record<string, string>>) =>
    Array.from({ length: 6 }, (_, i) => pod(i, { labels: { app: 'web', ...labels[i] } }));

  const rows = [
    {
      name: 'updateStrategy.selector limits the candidates',
      listed: labelled({ 1: { canary: 'yes' }, 4: { canary: 'yes' } }),
      spec: rolling({ selector: { matchLabels: { canary: 'yes' } }, maxUnavailable: 6 }),
      want: names(4, 1),
    },
    {
      name: 'an invalid updateStrategy.selector selects no pod',
      listed: labelled({}),
      spec: rolling({
        selector: { matchExpressions: [{ key: 'a', operator: 'Bad', values: ['x'] }] },
        maxUnavailable: 6,
      }),
      want: [],
    },
    {
      name: 'weightPriority: heavier first; equal weights by larger pod index (the health order is dropped)',
      listed: labelled({ 0: { tier: 'gold' }, 2: { tier: 'gold' }, 3: { tier: 'silver' } }),
      spec: rolling({
        maxUnavailable: 6,
        priorityStrategy: {
          weightPriority: [
            { weight: 50, matchSelector: { matchLabels: { tier: 'gold' } } },
            { weight: 10, matchSelector: { matchLabels: { tier: 'silver' } } },
          ],
        },
      }),
      want: names(2, 0, 3, 5, 4, 1),
    },
    {
      name: 'orderPriority: pods without the key first, then larger number suffix first',
      listed: labelled({ 0: { order: 'o-3' }, 1: { order: 'o-10' }, 2: { order: 'o-1' } }),
      spec: rolling({
        maxUnavailable: 6,
        priorityStrategy: { orderPriority: [{ orderedKey: 'order' }] },
      }),
      want: names(5, 4, 3, 1, 0, 2),
    },
    {
      name: 'scatterStrategy spreads the pods of a zone among the others',
      listed: labelled({ 3: { zone: 'a' }, 4: { zone: 'a' }, 5: { zone: 'a' } }),
      spec: rolling({ maxUnavailable: 6, scatterStrategy: [{ key: 'zone', value: 'a' }] }),
      want: names(5, 2, 1, 4, 0, 3),
    },
    {
      name: 'scatterStrategy value * stands for every value on the pods',
      listed: labelled({ 0: { zone: 'b' }, 1: { zone: 'b' }, 4: { zone: 'a' }, 5: { zone: 'a' } }),
      spec: rolling({ maxUnavailable: 6, scatterStrategy: [{ key: 'zone', value: '*' }] }),
      want: names(5, 1, 3, 2, 0, 4),
    },
    {
      name: 'least healthy first: unassigned, pending, not ready; the ready web-0 then waits for budget',
      listed: [
        pod(0),
        pod(1, { ready: false }),
        pod(2, { phase: 'Pending', ready: false }),
        {
          ...pod(3),
          spec: { ...pod(3).spec, nodeName: '', containers: pod(3).spec?.containers ?? [] },
        },
      ],
      spec: rolling({ maxUnavailable: 1 }),
      want: names(3, 2, 1),
    },
  ];
  for (const row of rows) {
    it(row.name, () => assert.deepStrictEqual(updated(row.listed, row.spec), row.want));
  }
});
