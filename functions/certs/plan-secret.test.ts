import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { DEFAULT_RENEW_BEFORE_MS, parseRenewBefore } from './pki/config.js';
import { type Certs, planSecret, secretData } from './plan-secret.js';
import { DAY_MS, DNS_NAME, T0, installation, observedSecret } from './test-fixtures.js';

const at = (days: number) => new Date(T0.getTime() + days * DAY_MS);
const config = { dnsName: DNS_NAME, renewBeforeMs: DEFAULT_RENEW_BEFORE_MS };
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('planSecret', () => {
  let certs: Certs;
  let data: Record<string, string>;
  before(async () => {
    certs = await installation();
    data = secretData(certs);
  });

  it('creates the Secret with a new CA when there is none', () => {
    assert.deepEqual(planSecret(undefined, at(0), config), {
      action: 'create',
      issue: { kind: 'all', caReason: 'no Secret' },
      reason: 'Secret not found',
    });
  });

  it('keeps valid certs: nothing to write', () => {
    assert.deepEqual(planSecret(observedSecret(data), at(1), config), { action: 'keep', certs });
  });

  it('writes the six OpenKruise keys, tls.* equal to key.pem/cert.pem', () => {
    assert.deepEqual(Object.keys(data).sort(), [
      'ca-cert.pem',
      'ca-key.pem',
      'cert.pem',
      'key.pem',
      'tls.crt',
      'tls.key',
    ]);
    assert.equal(data['tls.crt'], b64(certs.certPem));
    assert.equal(data['tls.key'], b64(certs.keyPem));
  });

  const cases: {
    name: string;
    data: () => Record<string, string>;
    now: Date;
    config?: { dnsName: string; renewBeforeMs: number };
    want: (c: Certs) => unknown;
  }[] = [
    {
      name: 'fills a Secret the chart shipped empty, with a new CA',
      data: () => ({}),
      now: at(0),
      want: () => ({
        action: 'update',
        resourceVersion: '100',
        issue: { kind: 'all', caReason: 'missing CA key or CA cert' },
        reason: 'missing key, cert or CA',
      }),
    },
    {
      name: 'replaces a corrupt serving key, reusing the CA',
      data: () => ({
        ...data,
        'key.pem': b64('-----BEGIN RSA PRIVATE KEY-----\nbad\n-----END RSA PRIVATE KEY-----\n'),
      }),
      now: at(1),
      want: (c) => ({
        action: 'update',
        resourceVersion: '100',
        issue: { kind: 'serving', ca: { keyPem: c.caKeyPem, certPem: c.caCertPem } },
        reason: 'key: not a parseable private key PEM',
      }),
    },
    {
      name: 'replaces everything when the CA key is corrupt too',
      data: () => ({ ...data, 'key.pem': b64('junk'), 'ca-key.pem': b64('junk') }),
      now: at(1),
      want: () => ({
        action: 'update',
        resourceVersion: '100',
        issue: { kind: 'all', caReason: 'CA key: not a parseable private key PEM' },
        reason: 'key: not a parseable private key PEM',
      }),
    },
    {
      name: 'renews the serving cert for a new DNS name (WEBHOOK_HOST), reusing the CA',
      data: () => data,
      now: at(1),
      config: { dnsName: 'webhook.example.com', renewBeforeMs: DEFAULT_RENEW_BEFORE_MS },
      want: (c) => ({
        action: 'update',
        resourceVersion: '100',
        issue: { kind: 'serving', ca: { keyPem: c.caKeyPem, certPem: c.caCertPem } },
        reason: 'certificate: not valid for webhook.example.com',
      }),
    },
    {
      name: 'renews at now + renewBefore (300y quirk = 300×365 h, past the ten years)',
      data: () => data,
      now: at(1),
      config: { dnsName: DNS_NAME, renewBeforeMs: parseRenewBefore('300y').ms },
      want: (c) => ({
        action: 'update',
        resourceVersion: '100',
        issue: { kind: 'serving', ca: { keyPem: c.caKeyPem, certPem: c.caCertPem } },
        reason: 'certificate: expires 2035-12-30T00:00:00.000Z, before 2038-06-30T12:00:00.000Z',
      }),
    },
    {
      name: 'keeps certs 180 days before the renewal point',
      data: () => data,
      now: at(3650 - 181),
      want: (c) => ({ action: 'keep', certs: c }),
    },
    {
      name: 'renews inside the 180 days, with a new CA because it expires within a year',
      data: () => data,
      now: at(3650 - 179),
      want: () => ({
        action: 'update',
        resourceVersion: '100',
        issue: {
          kind: 'all',
          caReason:
            'CA certificate: expires 2035-12-30T00:00:00.000Z, before 2036-07-03T00:00:00.000Z',
        },
        reason: 'certificate: expires 2035-12-30T00:00:00.000Z, before 2035-12-31T00:00:00.000Z',
      }),
    },
    {
      name: 'regenerates everything once the CA has expired',
      data: () => data,
      now: at(3651),
      want: () => ({
        action: 'update',
        resourceVersion: '100',
        issue: {
          kind: 'all',
          caReason:
            'CA certificate: expires 2035-12-30T00:00:00.000Z, before 2036-12-30T00:00:00.000Z',
        },
        reason: 'certificate: expires 2035-12-30T00:00:00.000Z, before 2036-06-28T00:00:00.000Z',
      }),
    },
    {
      name: 'repairs tls.crt/tls.key that drifted from cert.pem/key.pem without reissuing',
      data: () => ({ ...data, 'tls.crt': b64('stale') }),
      now: at(1),
      want: (c) => ({
        action: 'update',
        resourceVersion: '100',
        issue: { kind: 'none', certs: c },
        reason: 'tls.crt differ from key.pem/cert.pem',
      }),
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = planSecret(observedSecret(c.data()), c.now, c.config ?? config);
      assert.deepEqual(got, c.want(certs));
    });
  }
});
