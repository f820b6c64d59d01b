import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { MAX_BATCH_SIZE, slowStartBatch, slowStartSizes } from './slow-start.js';

describe('slowStartSizes', () => {
  const cases = [
    { n: 0, want: [] },
    { n: 1, want: [1] },
    { n: 5, want: [1, 2, 2] },
    { n: 7, want: [1, 2, 4] },
    { n: 1000, want: [1, 2, 4, 8, 16, 32, 64, 128, 256, 489] },
    { n: 2000, want: [1, 2, 4, 8, 16, 32, 64, 128, 256, 500, 500, 489] },
  ];
  for (const c of cases) {
    it(`takes ${c.n} items in batches ${c.want.join(', ') || '(none)'}`, () => {
      assert.deepStrictEqual(slowStartSizes(c.n), c.want);
    });
  }
  it('caps a batch at 500', () => assert.equal(MAX_BATCH_SIZE, 500));
});

describe('slowStartBatch', () => {
  it('runs each batch at once and the next only after it', async () => {
    let inFlight = 0;
    const seen: number[][] = [];
    let batch: number[] = [];
    const result = await slowStartBatch([...Array(7).keys()], async (i) => {
      inFlight++;
      batch.push(inFlight);
      await sleep(5);
      inFlight--;
      if (inFlight === 0) {
        seen.push(batch);
        batch = [];
      }
      return Promise.resolve(i).then(() => undefined);
    });
    assert.deepStrictEqual(result, { successes: 7, errors: [] });
    assert.deepStrictEqual(
      seen.map((b) => Math.max(...b)),
      [1, 2, 4],
    );
  });
  it('stops after the batch with a failure, counting that batch’s successes', async () => {
    const ran: number[] = [];
    const result = await slowStartBatch([...Array(10).keys()], async (i) => {
      ran.push(i);
      if (i === 2) throw new Error('no room');
      await Promise.resolve();
    });
    assert.deepStrictEqual(ran, [0, 1, 2]);
    assert.equal(result.successes, 2);
    assert.deepStrictEqual(
      result.errors.map((e) => (e as Error).message),
      ['no room'],
    );
  });
});
