import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createChaos } from '../../support/audit-chaos.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Feeds `batches` batches of `perBatch` distinct events, then flushes; every delivery in order. */
function deliver(seed: number, batches: number, perBatch: number, opts: object = {}) {
  const chaos = createChaos<number>({ seed, ...opts });
  const out: number[] = [];
  for (let b = 0; b < batches; b++)
    out.push(...chaos.take(range(perBatch).map((i) => b * perBatch + i)));
  out.push(...chaos.flush());
  return { out, stats: chaos.stats() };
}

const counts = (xs: readonly number[]) => {
  const m = new Map<number, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
};

describe('audit chaos', () => {
  it('delivers every event it keeps exactly `copies` times and loses about `drop` of them', () => {
    const { out, stats } = deliver(7, 50, 20);
    const seen = counts(out);
    for (const n of seen.values()) assert.equal(n, 3);
    assert.equal(stats.received, 1000);
    assert.equal(stats.dropped, 1000 - seen.size);
    assert.equal(stats.delivered, out.length);
    assert.equal(stats.held, 0);
    // 1,000 Bernoulli(0.3) draws: 300 ± 5 standard deviations (≈ 72).
    assert.ok(Math.abs(stats.dropped - 300) < 73, `dropped ${stats.dropped}`);
  });

  it('reorders: some event arrives after one that came in a later batch', () => {
    const { out } = deliver(11, 20, 5);
    assert.ok(
      out.some((x, i) => out.slice(i + 1).some((y) => Math.floor(y / 5) < Math.floor(x / 5))),
    );
  });

  it('is the same for the same seed, and differs for another', () => {
    assert.deepStrictEqual(deliver(3, 10, 10).out, deliver(3, 10, 10).out);
    assert.notDeepStrictEqual(deliver(3, 10, 10).out, deliver(4, 10, 10).out);
  });

  const table = [
    {
      name: 'no loss, no copies, no reorder: the input as is',
      opts: { drop: 0, copies: 1, reorder: false },
      check: (out: number[]) => assert.deepStrictEqual(out, range(30)),
    },
    {
      name: 'drop everything: nothing delivered',
      opts: { drop: 1 },
      check: (out: number[]) => assert.deepStrictEqual(out, []),
    },
    {
      name: 'no loss, 3 copies: every event 3 times',
      opts: { drop: 0 },
      check: (out: number[]) =>
        assert.deepStrictEqual(
          [...counts(out).entries()].sort((a, b) => a[0] - b[0]),
          range(30).map((i) => [i, 3]),
        ),
    },
  ];
  for (const { name, opts, check } of table) it(name, () => check(deliver(5, 3, 10, opts).out));
});
