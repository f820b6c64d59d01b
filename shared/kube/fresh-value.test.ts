import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FreshMap, FreshValue } from './fresh-value.js';

/** A loader that counts reads and answers with the read number; a clock the test moves. */
function harness(fail: (n: number) => boolean = () => false) {
  let clock = 1_000;
  let reads = 0;
  const load = async (): Promise<number> => {
    reads += 1;
    if (fail(reads)) throw new Error(`read ${reads} failed`);
    return reads;
  };
  return {
    load,
    now: () => clock,
    advance: (ms: number) => (clock += ms),
    reads: () => reads,
  };
}

describe('FreshValue', () => {
  it('shares one read among callers within the bound and reads again after it', async () => {
    const h = harness();
    const value = new FreshValue(h.load, { maxAgeMs: 500, now: h.now });
    assert.equal(value.synced, false);
    assert.deepStrictEqual(await Promise.all([value.get(), value.get()]), [1, 1]);
    assert.equal(value.synced, true);
    h.advance(500);
    assert.equal(await value.get(), 1);
    h.advance(1);
    assert.equal(await value.get(), 2);
    assert.equal(h.reads(), 2);
  });

  it('never answers from a read that failed, and retries on the next call', async () => {
    const h = harness((n) => n === 1);
    const value = new FreshValue(h.load, { maxAgeMs: 500, now: h.now });
    await assert.rejects(value.get(), new Error('read 1 failed'));
    assert.equal(value.synced, false);
    assert.equal(await value.get(), 2);
  });

  it('does not fall back to an older value when a refresh fails', async () => {
    const h = harness((n) => n === 2);
    const value = new FreshValue(h.load, { maxAgeMs: 500, now: h.now });
    assert.equal(await value.get(), 1);
    h.advance(600);
    await assert.rejects(value.get(), new Error('read 2 failed'));
    assert.equal(await value.get(), 3);
  });

  it('treats a read from the future (clock stepped back) as stale', async () => {
    const h = harness();
    const value = new FreshValue(h.load, { maxAgeMs: 500, now: h.now });
    assert.equal(await value.get(), 1);
    h.advance(-10);
    assert.equal(await value.get(), 2);
  });
});

describe('FreshMap', () => {
  it('keeps one fresh value per key and forgets the oldest key past its size', async () => {
    let clock = 0;
    const reads: string[] = [];
    const map = new FreshMap(async (key: string) => (reads.push(key), key.toUpperCase()), {
      maxAgeMs: 500,
      now: () => clock,
      maxEntries: 2,
    });
    assert.deepStrictEqual(await Promise.all([map.get('a'), map.get('b'), map.get('a')]), [
      'A',
      'B',
      'A',
    ]);
    await map.get('c');
    await map.get('a');
    clock += 100;
    await map.get('c');
    assert.deepStrictEqual(reads, ['a', 'b', 'c', 'a']);
  });
});
