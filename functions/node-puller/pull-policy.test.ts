import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attemptTimeout, backoffAfter, pullPlanOf } from './pull-policy.js';

describe('pull attempts as OpenKruise runs them', () => {
  it('defaults to 600 s per attempt and 3 + 1 attempts without a deadline', () =>
    assert.deepEqual(pullPlanOf({ tag: 'v1' }, 0), { attempts: 4, timeoutMs: 600_000 }));

  it('reads backoffLimit, a negative one as the default, and the deadline from the start', () => {
    assert.deepEqual(
      pullPlanOf(
        {
          tag: 'v1',
          pullPolicy: { timeoutSeconds: 5, backoffLimit: 0, activeDeadlineSeconds: 30 },
        },
        1_000,
      ),
      { attempts: 1, timeoutMs: 5_000, deadlineAt: 31_000 },
    );
    assert.equal(pullPlanOf({ tag: 'v1', pullPolicy: { backoffLimit: -2 } }, 0).attempts, 4);
  });

  it('cuts an attempt to the time left and refuses one after the deadline', () => {
    const plan = { attempts: 4, timeoutMs: 10_000, deadlineAt: 25_000 };
    assert.deepEqual(attemptTimeout(plan, 0), { timeoutMs: 10_000 });
    assert.deepEqual(attemptTimeout(plan, 20_000), { timeoutMs: 5_000 });
    assert.deepEqual(attemptTimeout(plan, 25_000), { exceeded: true });
  });

  it('waits 1, 2, 4 … s between attempts, at most 30 s', () =>
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7].map(backoffAfter),
      [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000],
    ));
});
