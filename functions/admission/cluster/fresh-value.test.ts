import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
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

/** A loader whose reads the test finishes one by one, and a clock it moves. */
function manual() {
  let clock = 0;
  const reads: { resolve: (v: number) => void; reject: (e: Error) => void }[] = [];
  const load = () =>
    new Promise<number>((resolve, reject) => {
      reads.push({ resolve, reject });
    });
  const read = (i: number) => {
    const r = reads[i];
    assert.ok(r, `read ${i} was started`);
    return r;
  };
  return {
    load,
    now: () => clock,
    advance: (ms: number) => (clock += ms),
    started: () => reads.length,
    finish: (i: number) => read(i).resolve(i + 1),
    fail: (i: number) => read(i).reject(new Error(`read ${i + 1} failed`)),
  };
}

describe('FreshValue off the hot path', () => {
  it('answers from the finished read within the bound while a newer one is in flight', async () => {
    const h = manual();
    const value = new FreshValue(h.load, { maxAgeMs: 500, refreshAfterMs: 250, now: h.now });
    const first = value.get();
    h.finish(0);
    assert.equal(await first, 1);
    h.advance(250);
    assert.equal(await value.get(), 1, 'at refreshAfterMs: no new read yet');
    assert.equal(h.started(), 1);
    h.advance(1);
    assert.equal(await value.get(), 1, 'past refreshAfterMs: answered without waiting');
    assert.equal(h.started(), 2, 'and the next read started in the background');
    h.advance(249);
    assert.equal(await value.get(), 1, 'the read in flight is not awaited within the bound');
    assert.equal(h.started(), 2, 'one background read at a time');
    h.finish(1);
    await Promise.resolve();
    assert.equal(await value.get(), 2);
  });

  it('waits for the read in flight once the finished one is past the bound', async () => {
    const h = manual();
    const value = new FreshValue(h.load, { maxAgeMs: 500, refreshAfterMs: 250, now: h.now });
    const first = value.get();
    h.finish(0);
    await first;
    h.advance(300);
    await value.get();
    h.advance(201);
    const waiting = value.get();
    assert.equal(h.started(), 2, 'the background read (started 201 ms ago) is the fresh one');
    h.finish(1);
    assert.equal(await waiting, 2);
  });

  it('never answers past the bound when background reads fail', async () => {
    const h = manual();
    const value = new FreshValue(h.load, { maxAgeMs: 500, refreshAfterMs: 250, now: h.now });
    const first = value.get();
    h.finish(0);
    await first;
    h.advance(300);
    assert.equal(await value.get(), 1);
    h.fail(1);
    await Promise.resolve();
    h.advance(201);
    const late = value.get();
    assert.equal(h.started(), 3);
    h.fail(2);
    await assert.rejects(late, new Error('read 3 failed'));
  });

  it('refreshes on a timer that stops, one read at a time', async () => {
    mock.timers.enable({ apis: ['setInterval'] });
    try {
      const h = manual();
      const value = new FreshValue(h.load, { maxAgeMs: 500, refreshAfterMs: 250, now: h.now });
      const stop = value.refreshEvery(100);
      assert.equal(h.started(), 1, 'the first read starts at once');
      h.advance(300);
      mock.timers.tick(300);
      assert.equal(h.started(), 1, 'never a second read while one is in flight');
      h.finish(0);
      await Promise.resolve();
      h.advance(1);
      mock.timers.tick(100);
      assert.equal(h.started(), 2, 'due: the finished read started 301 ms ago');
      stop();
      h.advance(1000);
      mock.timers.tick(1000);
      assert.equal(h.started(), 2);
    } finally {
      mock.timers.reset();
    }
  });

  it('by default is due early enough for reads as slow as the recent ones', async () => {
    const h = manual();
    const value = new FreshValue(h.load, { maxAgeMs: 500, now: h.now });
    const first = value.get();
    h.advance(150);
    h.finish(0);
    await first;
    // Due at 500 − 2 × 150 = 200 ms after the read started (150 ms ago).
    h.advance(50);
    value.refresh();
    assert.equal(h.started(), 1);
    h.advance(1);
    value.refresh();
    assert.equal(h.started(), 2);
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
