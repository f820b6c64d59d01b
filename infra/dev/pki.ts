/**
 * Test PKI for the local control plane and for webhook servers in tests:
 * ECDSA P-256 keys (fast to make) and short certificates issued with
 * @peculiar/x509 over Node's webcrypto. Product certificates (RSA-2048, as
 * OpenKruise issues them) live in functions/certs/pki, not here.
 */
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
// Node's webcrypto is the standard Crypto; the DOM type name is not in our lib.
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface KeyPairPem {
  readonly certPem: string;
  readonly keyPem: string;
}

export interface TestCa extends KeyPairPem {
  readonly cert: x509.X509Certificate;
  readonly keys: CryptoKeyPair;
}

export interface IssueOptions {
  readonly commonName: string;
  readonly organization?: string;
  readonly dnsNames?: readonly string[];
  readonly ips?: readonly string[];
  readonly usage: 'server' | 'client';
  /** Validity start; defaults to one hour ago so clock skew never matters. */
  readonly notBefore?: Date;
  readonly validDays?: number;
}

const generateKeys = async (): Promise<CryptoKeyPair> =>
  (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;

const toKeyPem = async (key: CryptoKey): Promise<string> =>
  x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');

const serial = (): string =>
  webcrypto
    .getRandomValues(new Uint8Array(8))
    .reduce((s, b) => s + b.toString(16).padStart(2, '0'), '01');

const escapeRdn = (value: string): string => value.replace(/([,+"\\<>;=])/g, '\\$1');

export async function createTestCa(commonName = 'kruise-fn-test-ca'): Promise<TestCa> {
  const keys = await generateKeys();
  const notBefore = new Date(Date.now() - 60 * 60 * 1000);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${escapeRdn(commonName)}`,
    notBefore,
    notAfter: new Date(notBefore.getTime() + 30 * DAY_MS),
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign |
          x509.KeyUsageFlags.cRLSign |
          x509.KeyUsageFlags.digitalSignature,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, keys, certPem: cert.toString('pem'), keyPem: await toKeyPem(keys.privateKey) };
}

export async function issueCert(ca: TestCa, opts: IssueOptions): Promise<KeyPairPem> {
  const keys = await generateKeys();
  const notBefore = opts.notBefore ?? new Date(Date.now() - 60 * 60 * 1000);
  const subject = [`CN=${escapeRdn(opts.commonName)}`];
  if (opts.organization !== undefined) subject.push(`O=${escapeRdn(opts.organization)}`);
  const altNames = [
    ...(opts.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(opts.ips ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: subject.join(', '),
    issuer: ca.cert.subject,
    notBefore,
    notAfter: new Date(notBefore.getTime() + (opts.validDays ?? 30) * DAY_MS),
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
        true,
      ),
      new x509.ExtendedKeyUsageExtension(
        [
          opts.usage === 'server'
            ? x509.ExtendedKeyUsage.serverAuth
            : x509.ExtendedKeyUsage.clientAuth,
        ],
        false,
      ),
      ...(altNames.length > 0 ? [new x509.SubjectAlternativeNameExtension(altNames)] : []),
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await toKeyPem(keys.privateKey) };
}

/** A serving certificate for a server on this machine's loopback. */
export const issueServingCert = (
  ca: TestCa,
  opts: {
    dnsNames?: readonly string[];
    ips?: readonly string[];
    notBefore?: Date;
    validDays?: number;
  } = {},
): Promise<KeyPairPem> =>
  issueCert(ca, {
    commonName: opts.dnsNames?.[0] ?? 'localhost',
    dnsNames: opts.dnsNames ?? ['localhost'],
    ips: opts.ips ?? ['127.0.0.1'],
    usage: 'server',
    ...(opts.notBefore !== undefined && { notBefore: opts.notBefore }),
    ...(opts.validDays !== undefined && { validDays: opts.validDays }),
  });

/** A bare key pair in PEM (the apiserver's service-account signing key). */
export async function createSigningKey(): Promise<KeyPairPem & { publicPem: string }> {
  const keys = await generateKeys();
  const publicPem = x509.PemConverter.encode(
    await webcrypto.subtle.exportKey('spki', keys.publicKey),
    'PUBLIC KEY',
  );
  return { certPem: '', keyPem: await toKeyPem(keys.privateKey), publicPem };
}
