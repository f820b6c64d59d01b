/**
 * Issues the self-signed CA and the serving certificate as OpenKruise v1.7
 * does (kruise webhook/util/generator/selfsigned.go with client-go's
 * NewSelfSignedCACert): RSA-2048, SHA-256 signatures, PKCS#1 `RSA PRIVATE
 * KEY` PEM. Time comes in as `now`; randomness is the only hidden input.
 */
import { createPrivateKey, webcrypto } from 'node:crypto';
import { isIPv4 } from 'node:net';
import * as x509 from '@peculiar/x509';
import { CA_COMMON_NAME } from './names.js';

// Node's webcrypto is the standard Crypto; the DOM type name is not in our lib.
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
const RSA_GEN = { ...RSA, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) };
/** client-go's duration365d × 10, also the serving certificate's lifetime. */
export const TEN_YEARS_MS = 10 * 365 * 24 * 60 * 60 * 1000;

export interface KeyPairPem {
  readonly certPem: string;
  readonly keyPem: string;
}

type CryptoKeyPair = webcrypto.CryptoKeyPair;

async function newRsaKeys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(RSA_GEN, true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function toPkcs1Pem(key: webcrypto.CryptoKey): Promise<string> {
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })
    .export({ type: 'pkcs1', format: 'pem' })
    .toString();
}

function importSigningKey(keyPem: string): Promise<webcrypto.CryptoKey> {
  const pkcs8 = createPrivateKey(keyPem).export({ type: 'pkcs8', format: 'der' });
  return webcrypto.subtle.importKey('pkcs8', pkcs8, RSA, false, ['sign']);
}

/**
 * A positive serial in [min, 2^63 - 1], DER-minimal hex, as Go's
 * `rand.Int(rand.Reader, MaxInt64)` gives (client-go adds 1 for the CA).
 */
export function randomSerial(min: bigint): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(8));
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  const value = bytes.reduce((n, b) => (n << 8n) | BigInt(b), 0n);
  let hex = (value < min ? min : value).toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  return /^[89a-f]/.test(hex) ? `00${hex}` : hex;
}

/** CN `webhook-cert-ca`, CA, keyEncipherment+digitalSignature+certSign, ten years from now. */
export async function generateCa(now: Date): Promise<KeyPairPem> {
  const keys = await newRsaKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(1n),
    name: `CN=${CA_COMMON_NAME}`,
    notBefore: now,
    notAfter: new Date(now.getTime() + TEN_YEARS_MS),
    keys,
    signingAlgorithm: RSA,
    extensions: [
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyEncipherment |
          x509.KeyUsageFlags.digitalSignature |
          x509.KeyUsageFlags.keyCertSign,
        true,
      ),
      new x509.BasicConstraintsExtension(true, undefined, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: CA_COMMON_NAME }]),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await toPkcs1Pem(keys.privateKey) };
}

/**
 * Serving certificate for `dnsName`, signed by `ca`: SANs DNS `localhost` and
 * dnsName, or an IP SAN instead when dnsName is an IPv4 address; EKU
 * serverAuth; NotBefore = the CA's NotBefore; NotAfter = now + ten years.
 */
export async function generateServingCert(
  ca: KeyPairPem,
  dnsName: string,
  now: Date,
): Promise<KeyPairPem> {
  const caCert = new x509.X509Certificate(ca.certPem);
  const keys = await newRsaKeys();
  const altNames: x509.JsonGeneralName[] = [{ type: 'dns', value: 'localhost' }];
  altNames.push(isIPv4(dnsName) ? { type: 'ip', value: dnsName } : { type: 'dns', value: dnsName });
  const caKeyId = caCert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(0n),
    subject: `CN=${dnsName.replace(/([,+"\\<>;=])/g, '\\$1')}`,
    issuer: caCert.subject,
    notBefore: caCert.notBefore,
    notAfter: new Date(now.getTime() + TEN_YEARS_MS),
    publicKey: keys.publicKey,
    signingKey: await importSigningKey(ca.keyPem),
    signingAlgorithm: RSA,
    extensions: [
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyEncipherment | x509.KeyUsageFlags.digitalSignature,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      ...(caKeyId !== undefined ? [new x509.AuthorityKeyIdentifierExtension(caKeyId)] : []),
      new x509.SubjectAlternativeNameExtension(altNames),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await toPkcs1Pem(keys.privateKey) };
}
