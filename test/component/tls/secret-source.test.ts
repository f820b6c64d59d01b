import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type KeyPair, KeyPairError } from '../../../shared/tls/key-pair-source.js';
import {
  type SecretSnapshot,
  keyPairOf,
  openSecretKeyPairSource,
} from '../../../shared/tls/secret-source.js';
import { captureLog, keepAlive, nextChange, testPairs } from '../../support/key-pairs.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const tlsData = (p: KeyPair) => ({ 'tls.crt': b64(p.cert), 'tls.key': b64(p.key) });

describe('keyPairOf', () => {
  const cases: { name: string; data: Record<string, string>; want: KeyPair }[] = [
    {
      name: 'reads tls.crt/tls.key (both layouts)',
      data: { 'tls.crt': b64('C'), 'tls.key': b64('K'), 'ca.crt': b64('CA') },
      want: { cert: 'C', key: 'K' },
    },
    {
      name: 'falls back to cert.pem/key.pem',
      data: { 'cert.pem': b64('C'), 'key.pem': b64('K') },
      want: { cert: 'C', key: 'K' },
    },
    { name: 'yields empty text when absent', data: {}, want: { cert: '', key: '' } },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(keyPairOf(c.data), c.want));
});

describe('openSecretKeyPairSource', () => {
  let pairs: KeyPair[];
  let release = (): void => undefined;
  after(() => release());
  before(async () => {
    release = keepAlive();
    pairs = await testPairs(2);
  });

  it('polls the Secret and swaps in a pair with a new resourceVersion', async () => {
    let secret: SecretSnapshot | undefined = { resourceVersion: '1', data: tlsData(pairs[0]!) };
    let reads = 0;
    const read = async () => {
      reads++;
      return secret;
    };
    const { log, lines } = captureLog();
    const source = await openSecretKeyPairSource(
      read,
      { secret: 'kruise-system/c', pollMs: 10 },
      log,
    );
    assert.deepEqual(source.current(), pairs[0]);
    secret = undefined; // a deleted Secret keeps the current pair
    while (reads < 3) await new Promise((r) => setTimeout(r, 5));
    const changed = nextChange(source);
    secret = { resourceVersion: '2', data: tlsData(pairs[1]!) };
    assert.deepEqual(await changed, pairs[1]);
    source.close();
    assert.deepEqual(lines()[0], {
      level: 40,
      origin: 'secret kruise-system/c',
      msg: 'TLS key pair Secret is gone, keeping the current pair',
    });
  });

  it('refuses to open on a missing Secret or an empty one', async () => {
    const { log } = captureLog();
    await assert.rejects(
      openSecretKeyPairSource(async () => undefined, { secret: 'ns/s' }, log),
      new KeyPairError('secret ns/s: not found'),
    );
    await assert.rejects(
      openSecretKeyPairSource(
        async () => ({ resourceVersion: '1', data: {} }),
        { secret: 'ns/s' },
        log,
      ),
      new KeyPairError('secret ns/s: certificate: no CERTIFICATE PEM block'),
    );
  });
});
