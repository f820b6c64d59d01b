import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { type KeyPair, KeyPairError, keyPairHolder } from '../../../shared/tls/key-pair-source.js';
import { captureLog, testPairs } from '../../support/key-pairs.js';

describe('keyPairHolder', () => {
  let a: KeyPair;
  let b: KeyPair;
  before(async () => {
    [a, b] = (await testPairs(2)) as [KeyPair, KeyPair];
  });

  it('refuses to start with a key that does not match its certificate', () => {
    const { log } = captureLog();
    assert.throws(
      () => keyPairHolder({ cert: a.cert, key: b.key }, 'files x', log),
      new KeyPairError('files x: certificate: private key does not match the certificate'),
    );
  });

  it('swaps in a new valid pair and tells listeners; ignores the same pair', () => {
    const { log, lines } = captureLog();
    const h = keyPairHolder(a, 'secret ns/s', log);
    const seen: KeyPair[] = [];
    const off = h.source.onChange((p) => seen.push(p));
    assert.equal(h.offer({ ...a }), false);
    assert.equal(h.offer(b), true);
    assert.deepEqual(h.source.current(), b);
    off();
    assert.equal(h.offer(a), true);
    assert.deepEqual(seen, [b]);
    assert.deepEqual(lines(), [
      { level: 30, origin: 'secret ns/s', msg: 'Loaded a new TLS key pair' },
      { level: 30, origin: 'secret ns/s', msg: 'Loaded a new TLS key pair' },
    ]);
  });

  it('keeps the current pair when offered a torn one, logging once', () => {
    const { log, lines } = captureLog();
    const h = keyPairHolder(a, 'files x', log);
    const torn = { cert: b.cert, key: a.key };
    assert.equal(h.offer(torn), false);
    assert.equal(h.offer(torn), false);
    assert.deepEqual(h.source.current(), a);
    assert.deepEqual(lines(), [
      {
        level: 40,
        origin: 'files x',
        reason: 'certificate: private key does not match the certificate',
        msg: 'Ignoring an unusable TLS key pair, keeping the current one',
      },
    ]);
  });
});
