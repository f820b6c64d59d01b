import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EcrToken } from './ecr-token.js';
import { EXPIRY_MARGIN_MS, tokenCache } from './token-cache.js';

const HOUR = 3_600_000;

function clockAndFetcher(lifetimeMs: number | undefined) {
  let now = 1_000_000;
  let calls = 0;
  const fetch = (): Promise<EcrToken> => {
    calls += 1;
    const token = { username: 'AWS', password: `pw-${calls}` };
    return Promise.resolve(
      lifetimeMs === undefined ? token : { ...token, expiresAt: now + lifetimeMs },
    );
  };
  return {
    now: () => now,
    advance: (ms: number) => (now += ms),
    fetch,
    calls: () => calls,
  };
}

describe('tokenCache', () => {
  it('serves a 12 h token until 15 min before expiresAt, then calls again', async () => {
    const t = clockAndFetcher(12 * HOUR);
    const cache = tokenCache({ now: t.now });
    const first = await cache.get('us-east-1/r', t.fetch);
    assert.equal(first.freshUntil, t.now() + 12 * HOUR - EXPIRY_MARGIN_MS);
    t.advance(12 * HOUR - EXPIRY_MARGIN_MS - 1);
    assert.equal((await cache.get('us-east-1/r', t.fetch)).password, 'pw-1');
    t.advance(1);
    assert.equal((await cache.get('us-east-1/r', t.fetch)).password, 'pw-2');
    assert.equal(t.calls(), 2);
  });

  it('keeps keys apart', async () => {
    const t = clockAndFetcher(12 * HOUR);
    const cache = tokenCache({ now: t.now });
    await cache.get('us-east-1/a', t.fetch);
    await cache.get('eu-west-1/a', t.fetch);
    assert.equal(t.calls(), 2);
  });

  it('does not cache a token without expiresAt or with less than the margin left', async () => {
    for (const lifetime of [undefined, EXPIRY_MARGIN_MS]) {
      const t = clockAndFetcher(lifetime);
      const cache = tokenCache({ now: t.now });
      assert.equal((await cache.get('k', t.fetch)).freshUntil, 0);
      await cache.get('k', t.fetch);
      assert.equal(t.calls(), 2, `lifetime ${lifetime}`);
    }
  });

  it('shares one call among concurrent asks for a key', async () => {
    const t = clockAndFetcher(12 * HOUR);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const slow = async () => {
      await gate;
      return t.fetch();
    };
    const cache = tokenCache({ now: t.now });
    const asks = [cache.get('k', slow), cache.get('k', slow), cache.get('k', slow)];
    release();
    const got = await Promise.all(asks);
    assert.deepEqual(
      got.map((g) => g.password),
      ['pw-1', 'pw-1', 'pw-1'],
    );
    assert.equal(t.calls(), 1);
  });

  it('does not cache a failure: the asks waiting share it, the next one calls again', async () => {
    const t = clockAndFetcher(12 * HOUR);
    const cache = tokenCache({ now: t.now });
    let fail = true;
    const flaky = () => (fail ? Promise.reject(new Error('ThrottlingException')) : t.fetch());
    const both = await Promise.allSettled([cache.get('k', flaky), cache.get('k', flaky)]);
    assert.deepEqual(
      both.map((r) => r.status),
      ['rejected', 'rejected'],
    );
    fail = false;
    assert.equal((await cache.get('k', flaky)).password, 'pw-1');
  });
});
