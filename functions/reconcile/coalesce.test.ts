/**
 * coalescing: one batch reconciled at a time; batches that arrive while one
 * runs are merged into the next run, whose summary each of their callers
 * gets; a resync is never merged; a failed run does not stop the next.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '../../shared/log/index.js';
import { captureLines } from '../../shared/log/test-support.js';
import { coalescing } from './coalesce.js';
import type { ObjectRef } from './controller.js';
import type { Batch } from './intake/batch.js';
import type { BatchSummary } from './reconcile-batch.js';

const log = createLogger({ destination: captureLines().destination, level: 0, env: {} });

const refs = (...names: string[]): Batch => ({
  kind: 'refs',
  refs: names.map((name): ObjectRef => ({ group: '', resource: 'nodes', name })),
  skipped: [{ at: `record ${names.join(',')}`, reason: 'test' }],
});

/** A reconcile that holds each run until released, recording what each run got. */
function held() {
  const runs: string[] = [];
  const releases: ((fail?: Error) => void)[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const reconcile = (batch: Batch): Promise<BatchSummary> => {
    const got =
      batch.kind === 'resync'
        ? 'resync'
        : `${batch.refs.map((r) => r.name).join(',')} (${batch.skipped.length} skipped)`;
    runs.push(got);
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    return new Promise((resolve, reject) =>
      releases.push((fail) => {
        inFlight--;
        if (fail !== undefined) reject(fail);
        else
          resolve({
            named: batch.kind === 'refs' ? batch.refs.length : 0,
            skipped: 0,
            keys: 0,
            outcomes: { [got]: 1 },
            leftToResync: [],
          });
      }),
    );
  };
  const settle = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { reconcile, runs, releases, settle, maxInFlight: () => maxInFlight };
}

describe('coalescing', () => {
  it('merges batches that arrive before the run they would start has started', async () => {
    const h = held();
    const run = coalescing(h.reconcile);
    const both = [run(refs('a'), log), run(refs('b'), log)];
    await h.settle();
    h.releases[0]?.();
    const [s1, s2] = await Promise.all(both);
    assert.strictEqual(s1, s2);
    assert.deepStrictEqual(h.runs, ['a,b (2 skipped)']);
  });
  it('merges the batches that arrive while one runs into the next run', async () => {
    const h = held();
    const run = coalescing(h.reconcile);
    const first = run(refs('a'), log);
    await h.settle();
    const second = run(refs('b', 'c'), log);
    const third = run(refs('a', 'd'), log);
    await h.settle();
    assert.deepStrictEqual(h.runs, ['a (1 skipped)']);
    h.releases[0]?.();
    assert.equal((await first).named, 1);
    await h.settle();
    assert.deepStrictEqual(h.runs, ['a (1 skipped)', 'b,c,a,d (2 skipped)']);
    // The batch that arrives once the merged one has started waits for a run of its own.
    const fourth = run(refs('e'), log);
    h.releases[1]?.();
    const [s2, s3] = await Promise.all([second, third]);
    assert.strictEqual(s2, s3);
    assert.equal(s2.named, 4);
    await h.settle();
    h.releases[2]?.();
    assert.equal((await fourth).named, 1);
    assert.deepStrictEqual(h.runs, ['a (1 skipped)', 'b,c,a,d (2 skipped)', 'e (1 skipped)']);
    assert.equal(h.maxInFlight(), 1);
  });
  it('runs a resync on its own, in turn, never merged', async () => {
    const h = held();
    const run = coalescing(h.reconcile);
    const first = run(refs('a'), log);
    await h.settle();
    const before = run(refs('b'), log);
    const resync = run({ kind: 'resync' }, log);
    const after = run(refs('c'), log);
    for (let i = 0; i < 4; i++) {
      await h.settle();
      h.releases[i]?.();
    }
    await Promise.all([first, before, resync, after]);
    assert.deepStrictEqual(h.runs, ['a (1 skipped)', 'b (1 skipped)', 'resync', 'c (1 skipped)']);
  });
  it('goes on after a run that failed, which its callers see', async () => {
    const h = held();
    const run = coalescing(h.reconcile);
    const first = run(refs('a'), log);
    await h.settle();
    const second = run(refs('b'), log);
    h.releases[0]?.(new Error('boom'));
    await assert.rejects(first, /boom/);
    await h.settle();
    h.releases[1]?.();
    assert.equal((await second).named, 1);
  });
});
