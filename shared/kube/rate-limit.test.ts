import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rateLimitFromEnv, tokenBucket, type Clock } from './rate-limit.js';

/** A clock that only moves when a caller sleeps: each sleep is recorded and then passes. */
function fakeClock() {
  let now = 0;
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(Math.round(ms));
      return undefined;
    },
  };
  return { clock, sleeps, advance: (ms: number) => void (now += ms) };
}

describe('tokenBucket', () => {
  it('lets a burst through at once, then spaces calls at 1/qps, in order', async () => {
    const { clock, sleeps } = fakeClock();
    const limiter = tokenBucket({ qps: 30, burst: 50 }, clock);
    await Promise.all(Array.from({ length: 53 }, () => limiter.acquire()));
    assert.deepEqual(sleeps, [33, 67, 100]);
  });

  it('refills while idle, never above the burst', async () => {
    const { clock, sleeps, advance } = fakeClock();
    const limiter = tokenBucket({ qps: 10, burst: 2 }, clock);
    await limiter.acquire();
    await limiter.acquire();
    advance(10_000);
    for (let i = 0; i < 3; i++) await limiter.acquire();
    assert.deepEqual(sleeps, [100]);
  });

  it('does not limit with qps 0', async () => {
    const { clock, sleeps } = fakeClock();
    const limiter = tokenBucket({ qps: 0, burst: 0 }, clock);
    await Promise.all(Array.from({ length: 1000 }, () => limiter.acquire()));
    assert.deepEqual(sleeps, []);
  });
});

describe('rateLimitFromEnv', () => {
  const cases = [
    { name: 'defaults to kruise-manager’s 30/50', env: {}, want: { qps: 30, burst: 50 } },
    {
      name: 'reads KUBE_API_QPS and KUBE_API_BURST',
      env: { KUBE_API_QPS: '5', KUBE_API_BURST: '10' },
      want: { qps: 5, burst: 10 },
    },
    {
      name: 'keeps a burst of at least 1',
      env: { KUBE_API_BURST: '0' },
      want: { qps: 30, burst: 1 },
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(rateLimitFromEnv(c.env), c.want));

  it('refuses a value that is not a number, naming it', () => {
    assert.throws(() => rateLimitFromEnv({ KUBE_API_QPS: 'fast' }), {
      message: 'KUBE_API_QPS: "fast" is not a number',
    });
  });
});
