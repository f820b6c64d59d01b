/**
 * The checks OpenKruise v1.7 runs on stored certificates
 * (kruise webhook/util/generator/util.go ValidCACert, Go's x509 Verify and
 * tls.X509KeyPair), as pure functions of PEM text and a time. Each returns
 * undefined when the material is fine, else a short reason for the log.
 */
import { X509Certificate, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const ANY_EKU = '2.5.29.37.0';
const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g;

export interface ServingMaterial {
  readonly keyPem: string;
  readonly certPem: string;
  readonly caCertPem: string;
}

type Parsed<T> = { readonly value: T } | { readonly problem: string };

function parseCerts(pem: string, what: string): Parsed<X509Certificate[]> {
  const blocks = pem.match(CERT_BLOCK) ?? [];
  if (blocks.length === 0) return { problem: `${what}: no CERTIFICATE PEM block` };
  try {
    return { value: blocks.map((b) => new X509Certificate(b)) };
  } catch {
    return { problem: `${what}: not a parseable X.509 certificate` };
  }
}

function parseKey(pem: string, what: string): Parsed<KeyObject> {
  try {
    return { value: createPrivateKey(pem) };
  } catch {
    return { problem: `${what}: not a parseable private key PEM` };
  }
}

const spki = (key: KeyObject): Buffer => key.export({ type: 'spki', format: 'der' });

function checkPair(cert: X509Certificate, key: KeyObject, what: string): string | undefined {
  const pub = createPublicKey(key);
  return spki(pub).equals(spki(cert.publicKey))
    ? undefined
    : `${what}: private key does not match the certificate`;
}

function checkTime(cert: X509Certificate, at: Date, what: string): string | undefined {
  const t = at.getTime();
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  if (t < from) return `${what}: not valid before ${new Date(from).toISOString()}`;
  if (t > to) return `${what}: expires ${new Date(to).toISOString()}, before ${at.toISOString()}`;
  return undefined;
}

const coversName = (cert: X509Certificate, name: string): boolean =>
  isIP(name) !== 0
    ? cert.checkIP(name) !== undefined
    : cert.checkHost(name, { subject: 'never' }) !== undefined;

/** tls.X509KeyPair: the key parses and matches the first certificate. */
export function checkKeyPair(certPem: string, keyPem: string): string | undefined {
  const certs = parseCerts(certPem, 'certificate');
  if ('problem' in certs) return certs.problem;
  const key = parseKey(keyPem, 'key');
  if ('problem' in key) return key.problem;
  const [leaf] = certs.value;
  return leaf === undefined ? 'certificate: missing' : checkPair(leaf, key.value, 'certificate');
}

/**
 * ValidCACert(key, cert, caCert, dnsName, at): key matches cert, cert chains
 * to a certificate of caCert, names dnsName and, with its CA, is valid at `at`.
 */
export function checkServingCert(
  m: ServingMaterial,
  dnsName: string,
  at: Date,
): string | undefined {
  if (m.keyPem === '' || m.certPem === '' || m.caCertPem === '') return 'missing key, cert or CA';
  const pair = checkKeyPair(m.certPem, m.keyPem);
  if (pair !== undefined) return pair;
  const leaves = parseCerts(m.certPem, 'certificate');
  const roots = parseCerts(m.caCertPem, 'CA certificate');
  if ('problem' in leaves) return leaves.problem;
  if ('problem' in roots) return roots.problem;
  const [leaf] = leaves.value;
  if (leaf === undefined) return 'certificate: missing';
  const tooLate = checkTime(leaf, at, 'certificate');
  if (tooLate !== undefined) return tooLate;
  if (dnsName !== '' && !coversName(leaf, dnsName)) {
    return `certificate: not valid for ${dnsName}`;
  }
  const eku = leaf.keyUsage;
  if (eku !== undefined && !eku.includes(SERVER_AUTH) && !eku.includes(ANY_EKU)) {
    return 'certificate: not for server authentication';
  }
  const issuers = roots.value.filter((ca) => leaf.checkIssued(ca) && leaf.verify(ca.publicKey));
  if (issuers.length === 0) return 'certificate: not signed by the CA';
  const problems = issuers.map((ca) => checkTime(ca, at, 'CA certificate'));
  return problems.includes(undefined) ? undefined : problems[0];
}

/**
 * The CA can sign again: an RSA key matching the one CA certificate, valid at
 * `at` (OpenKruise passes now + 1 year).
 */
export function checkCa(caKeyPem: string, caCertPem: string, at: Date): string | undefined {
  if (caKeyPem === '' || caCertPem === '') return 'missing CA key or CA cert';
  const certs = parseCerts(caCertPem, 'CA certificate');
  if ('problem' in certs) return certs.problem;
  const key = parseKey(caKeyPem, 'CA key');
  if ('problem' in key) return key.problem;
  const [ca] = certs.value;
  if (ca === undefined || certs.value.length !== 1) return 'CA certificate: expected exactly one';
  if (key.value.asymmetricKeyType !== 'rsa') return 'CA key: not an RSA key';
  return checkPair(ca, key.value, 'CA certificate') ?? checkTime(ca, at, 'CA certificate');
}
