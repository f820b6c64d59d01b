import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StatefulSet } from '../../../shared/api/statefulset.js';
import { inRange, parentAndOrdinal, replicaOrdinals, replicasRange } from './ordinals.js';

const set = (replicas: number, start?: number, reserveOrdinals?: number[]): StatefulSet => ({
  metadata: { name: 'web' },
  spec: {
    replicas,
    selector: {},
    template: {},
    ...(start !== undefined && { ordinals: { start } }),
    ...(reserveOrdinals !== undefined && { reserveOrdinals }),
  },
});

describe('ordinals (SPEC §5.3 table)', () => {
  const rows = [
    { replicas: 3, start: 0, reserve: [], gate: true, want: [0, 1, 2], end: 3 },
    { replicas: 3, start: 0, reserve: [1], gate: true, want: [0, 2, 3], end: 4 },
    { replicas: 4, start: 2, reserve: [1, 3], gate: true, want: [2, 4, 5, 6], end: 7 },
    { replicas: 3, start: 5, reserve: [5], gate: true, want: [6, 7, 8], end: 9 },
    { replicas: 2, start: 0, reserve: [0, 1], gate: true, want: [2, 3], end: 4 },
    { replicas: 3, start: 3, reserve: [], gate: false, want: [0, 1, 2], end: 3 },
    { replicas: 0, start: 4, reserve: [1], gate: true, want: [], end: 4 },
    { replicas: 5, start: 3, reserve: [], gate: true, want: [3, 4, 5, 6, 7], end: 8 },
  ];
  for (const r of rows) {
    it(`replicas ${r.replicas}, start ${r.start}${r.gate ? '' : ' (gate off)'}, reserve [${r.reserve.join(',')}] → [${r.want.join(',')}]`, () => {
      const range = replicasRange(set(r.replicas, r.start, r.reserve), r.gate);
      assert.deepStrictEqual(replicaOrdinals(range), r.want);
      assert.equal(range.end, r.end);
    });
  }

  it('keeps the start when ordinals is set without a start', () => {
    const s: StatefulSet = { ...set(2), spec: { ...set(2).spec, ordinals: {} } };
    assert.deepStrictEqual(replicaOrdinals(replicasRange(s, true)), [0, 1]);
  });

  it('condemns reserved and out-of-range ordinals', () => {
    const range = replicasRange(set(4, 2, [1, 3]), true);
    assert.deepStrictEqual(
      [0, 1, 2, 3, 6, 7].map((o) => inRange(o, range)),
      [false, false, true, false, true, false],
    );
  });

  const names = [
    { name: 'web-0', want: ['web', 0] },
    { name: 'web-12', want: ['web', 12] },
    { name: 'my-web-007', want: ['my-web', 7] },
    { name: 'web--1', want: ['web-', 1] },
    { name: 'web', want: ['', -1] },
    { name: 'web-x', want: ['', -1] },
    { name: 'web-2147483648', want: ['web', -1] },
  ];
  for (const c of names) {
    it(`reads ${c.name} as ${JSON.stringify(c.want)}`, () =>
      assert.deepStrictEqual(parentAndOrdinal(c.name), c.want));
  }
});
