import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { semaphore } from './semaphore.js';

describe('the node-wide pull cap', () => {
  it('lets `limit` hold at once and serves waiters in order', async () => {
    const s = semaphore(2);
    const order: string[] = [];
    const a = await s.acquire();
    const b = await s.acquire();
    assert.equal(s.full, true);
    const c = s.acquire().then((r) => (order.push('c'), r));
    const d = s.acquire().then((r) => (order.push('d'), r));
    assert.deepEqual([s.active, s.waiting], [2, 2]);
    a();
    a(); // a release counts once
    (await c)();
    b();
    (await d)();
    assert.deepEqual(order, ['c', 'd']);
    assert.deepEqual([s.active, s.waiting, s.full], [0, 0, false]);
  });

  it('drops an aborted waiter', async () => {
    const s = semaphore(1);
    const held = await s.acquire();
    const ac = new AbortController();
    const waiting = s.acquire(ac.signal);
    ac.abort(new Error('gone'));
    await assert.rejects(waiting, { message: 'gone' });
    assert.equal(s.waiting, 0);
    held();
    assert.equal(s.active, 0);
  });

  it('has no cap at 0', async () => {
    const s = semaphore(0);
    await Promise.all([s.acquire(), s.acquire(), s.acquire()]);
    assert.deepEqual([s.active, s.full], [3, false]);
  });
});
