import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { type KeyPairPem, generateCa, generateServingCert } from './generate.js';
import { checkCa, checkKeyPair, checkServingCert } from './validate.js';

const T0 = new Date('2026-01-01T00:00:00Z');
const DAY_MS = 24 * 60 * 60 * 1000;
const at = (days: number) => new Date(T0.getTime() + days * DAY_MS);
const DNS = 'kruise-webhook-service.kruise-system.svc';

describe('certificate checks', () => {
  let ca: KeyPairPem;
  let otherCa: KeyPairPem;
  let serving: KeyPairPem;
  let foreign: KeyPairPem;
  before(async () => {
    [ca, otherCa] = await Promise.all([generateCa(T0), generateCa(T0)]);
    serving = await generateServingCert(ca, DNS, T0);
    foreign = await generateServingCert(otherCa, DNS, T0);
  });

  it('checkKeyPair accepts a matching pair and names what is wrong otherwise', () => {
    assert.equal(checkKeyPair(serving.certPem, serving.keyPem), undefined);
    assert.equal(
      checkKeyPair(serving.certPem, foreign.keyPem),
      'certificate: private key does not match the certificate',
    );
    assert.equal(
      checkKeyPair(
        serving.certPem,
        '-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n',
      ),
      'key: not a parseable private key PEM',
    );
    assert.equal(checkKeyPair('garbage', serving.keyPem), 'certificate: no CERTIFICATE PEM block');
  });

  it('checkServingCert follows ValidCACert', () => {
    const good = { keyPem: serving.keyPem, certPem: serving.certPem, caCertPem: ca.certPem };
    const cases = [
      { name: 'valid now', m: good, dns: DNS, at: at(1), want: undefined },
      {
        name: 'an empty DNS name skips the name check',
        m: good,
        dns: '',
        at: at(1),
        want: undefined,
      },
      { name: 'localhost is covered', m: good, dns: 'localhost', at: at(1), want: undefined },
      {
        name: 'another DNS name',
        m: good,
        dns: 'other.kruise-system.svc',
        at: at(1),
        want: 'certificate: not valid for other.kruise-system.svc',
      },
      {
        name: 'after expiry',
        m: good,
        dns: DNS,
        at: at(3651),
        want: 'certificate: expires 2035-12-30T00:00:00.000Z, before 2035-12-31T00:00:00.000Z',
      },
      {
        name: 'signed by another CA',
        m: { ...good, caCertPem: otherCa.certPem },
        dns: DNS,
        at: at(1),
        want: 'certificate: not signed by the CA',
      },
      {
        name: 'a bundle with the right CA among others',
        m: { ...good, caCertPem: otherCa.certPem + ca.certPem },
        dns: DNS,
        at: at(1),
        want: undefined,
      },
      {
        name: 'missing key',
        m: { ...good, keyPem: '' },
        dns: DNS,
        at: at(1),
        want: 'missing key, cert or CA',
      },
      {
        name: 'key of another certificate',
        m: { ...good, keyPem: foreign.keyPem },
        dns: DNS,
        at: at(1),
        want: 'certificate: private key does not match the certificate',
      },
      {
        name: 'a CA certificate as the serving cert is not for serverAuth-only use but passes EKU',
        m: { keyPem: ca.keyPem, certPem: ca.certPem, caCertPem: ca.certPem },
        dns: 'webhook-cert-ca',
        at: at(1),
        want: undefined,
      },
    ];
    for (const c of cases) {
      assert.equal(checkServingCert(c.m, c.dns, c.at), c.want, c.name);
    }
  });

  it('checkCa wants a matching RSA key and validity at the given time', () => {
    assert.equal(checkCa(ca.keyPem, ca.certPem, at(365)), undefined);
    assert.equal(
      checkCa(ca.keyPem, ca.certPem, at(-1)),
      'CA certificate: not valid before 2026-01-01T00:00:00.000Z',
    );
    assert.match(checkCa(ca.keyPem, ca.certPem, at(3651)) ?? '', /^CA certificate: expires /);
    assert.equal(
      checkCa(otherCa.keyPem, ca.certPem, at(1)),
      'CA certificate: private key does not match the certificate',
    );
    assert.equal(checkCa('', ca.certPem, at(1)), 'missing CA key or CA cert');
    assert.equal(
      checkCa(ca.keyPem, ca.certPem + otherCa.certPem, at(1)),
      'CA certificate: expected exactly one',
    );
  });
});
