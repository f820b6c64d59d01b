import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, it } from 'node:test';
import * as x509 from '@peculiar/x509';
import { TEN_YEARS_MS, generateCa, generateServingCert, randomSerial } from './generate.js';

const NOW = new Date('2026-03-04T05:06:07Z');

/** What a certificate says, in the terms OpenKruise's generator sets. */
function describeCert(pem: string) {
  const c = new x509.X509Certificate(pem);
  const ku = c.getExtension(x509.KeyUsagesExtension);
  const bc = c.getExtension(x509.BasicConstraintsExtension);
  const eku = c.getExtension(x509.ExtendedKeyUsageExtension);
  const san = c.getExtension(x509.SubjectAlternativeNameExtension);
  return {
    subject: c.subject,
    issuer: c.issuer,
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
    signature: (c.signatureAlgorithm as { name?: string }).name,
    keyUsages: ku?.usages,
    keyUsageCritical: ku?.critical,
    ca: bc?.ca,
    extendedKeyUsages: eku ? [...eku.usages] : undefined,
    altNames: san?.names.toJSON(),
  };
}

const rsaBits = (keyPem: string) => createPrivateKey(keyPem).asymmetricKeyDetails?.modulusLength;

describe('generateCa', () => {
  it('issues OpenKruise’s self-signed CA: RSA-2048, CN webhook-cert-ca, ten years from now', async () => {
    const ca = await generateCa(NOW);
    assert.match(ca.keyPem, /^-----BEGIN RSA PRIVATE KEY-----\n/);
    assert.equal(rsaBits(ca.keyPem), 2048);
    assert.deepEqual(describeCert(ca.certPem), {
      subject: 'CN=webhook-cert-ca',
      issuer: 'CN=webhook-cert-ca',
      notBefore: NOW.toISOString(),
      notAfter: new Date(NOW.getTime() + TEN_YEARS_MS).toISOString(),
      signature: 'RSASSA-PKCS1-v1_5',
      keyUsages:
        x509.KeyUsageFlags.keyEncipherment |
        x509.KeyUsageFlags.digitalSignature |
        x509.KeyUsageFlags.keyCertSign,
      keyUsageCritical: true,
      ca: true,
      extendedKeyUsages: undefined,
      altNames: [{ type: 'dns', value: 'webhook-cert-ca' }],
    });
    assert.ok(new X509Certificate(ca.certPem).checkPrivateKey(createPrivateKey(ca.keyPem)));
  });
});

describe('generateServingCert', () => {
  const cases = [
    {
      name: 'covers localhost and the service DNS name',
      dnsName: 'kruise-webhook-service.kruise-system.svc',
      altNames: [
        { type: 'dns', value: 'localhost' },
        { type: 'dns', value: 'kruise-webhook-service.kruise-system.svc' },
      ],
    },
    {
      name: 'puts an IPv4 WEBHOOK_HOST in an IP SAN instead of a DNS SAN',
      dnsName: '10.0.0.7',
      altNames: [
        { type: 'dns', value: 'localhost' },
        { type: 'ip', value: '10.0.0.7' },
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const caAt = new Date(NOW.getTime() - 1000 * 24 * 60 * 60 * 1000);
      const ca = await generateCa(caAt);
      const serving = await generateServingCert(ca, c.dnsName, NOW);
      assert.match(serving.keyPem, /^-----BEGIN RSA PRIVATE KEY-----\n/);
      assert.equal(rsaBits(serving.keyPem), 2048);
      assert.deepEqual(describeCert(serving.certPem), {
        subject: `CN=${c.dnsName}`,
        issuer: 'CN=webhook-cert-ca',
        notBefore: caAt.toISOString(),
        notAfter: new Date(NOW.getTime() + TEN_YEARS_MS).toISOString(),
        signature: 'RSASSA-PKCS1-v1_5',
        keyUsages: x509.KeyUsageFlags.keyEncipherment | x509.KeyUsageFlags.digitalSignature,
        keyUsageCritical: true,
        ca: undefined,
        extendedKeyUsages: [x509.ExtendedKeyUsage.serverAuth],
        altNames: c.altNames,
      });
      const leaf = new X509Certificate(serving.certPem);
      assert.ok(leaf.verify(new X509Certificate(ca.certPem).publicKey));
    });
  }
});

describe('randomSerial', () => {
  it('is a positive DER-minimal integer below 2^63', () => {
    for (let i = 0; i < 200; i++) {
      const hex = randomSerial(1n);
      assert.match(hex, /^([0-7][0-9a-f]|00[89a-f])([0-9a-f]{2})*$/);
      const value = BigInt(`0x${hex}`);
      assert.ok(value >= 1n && value < 2n ** 63n);
    }
  });
});
