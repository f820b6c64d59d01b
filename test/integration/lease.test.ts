/**
 * Leases (shared/kube/lease.ts) on the real kube-apiserver: one holder at a
 * time, a second one told how long to wait, a released or expired lease
 * taken again, and a race of many acquirers won by exactly one.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { kubeClient, type KubeClient } from '../../shared/kube/client.js';
import { acquireLease, leaseName, leases } from '../../shared/kube/lease.js';
import { sharedControlPlane, testNamespace } from '../support/control-plane.js';

let client: KubeClient;
let namespace: string;

before(async () => {
  const cp = await sharedControlPlane();
  client = kubeClient(cp.kubeConfig);
  namespace = await testNamespace(cp.kubeConfig, 'lease');
});

const opts = (name: string, holder: string, now?: () => Date) => ({
  namespace,
  name,
  holder,
  durationMs: 10_000,
  ...(now !== undefined && { now }),
});

describe('acquireLease', () => {
  it('lets one holder in, tells the next how long to wait, and lets it in once released', async () => {
    const first = await acquireLease(client, opts('a', 'r1'));
    assert.equal(first.held, true);
    const second = await acquireLease(client, opts('a', 'r2'));
    assert.equal(second.held, false);
    assert.ok(!second.held && second.retryAfterMs > 8_000 && second.retryAfterMs <= 10_000);
    if (first.held) await first.release();
    const third = await acquireLease(client, opts('a', 'r2'));
    assert.equal(third.held, true);
    const stored = await client.get(leases, { namespace, name: 'a' });
    assert.deepStrictEqual(
      [
        stored.spec?.holderIdentity,
        stored.spec?.leaseDurationSeconds,
        stored.spec?.leaseTransitions,
      ],
      ['r2', 10, 1],
    );
  });

  it('takes over a lease whose holder stopped answering', async () => {
    const stale = await acquireLease(client, opts('b', 'gone'));
    assert.equal(stale.held, true);
    const later = () => new Date(Date.now() + 11_000);
    const next = await acquireLease(client, opts('b', 'r3', later));
    assert.equal(next.held, true);
  });

  it('lets exactly one of many concurrent acquirers in', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 10 }, (_, i) => acquireLease(client, opts('c', `r${i}`))),
    );
    assert.equal(attempts.filter((a) => a.held).length, 1);
  });

  it('names any key within the API’s limits', () => {
    assert.equal(leaseName(['sidecarset', '', 'log-agent']), 'sidecarset.log-agent');
    const long = leaseName(['sidecarset', 'x'.repeat(300)]);
    assert.ok(long.length <= 253 && /^[a-z0-9][-a-z0-9.]*[a-z0-9]$/.test(long));
    assert.notEqual(long, leaseName(['sidecarset', 'x'.repeat(301)]));
  });
});
