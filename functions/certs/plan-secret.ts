/**
 * Decides what the certificate Secret needs (SPEC.md §8.2 steps 2-3), from
 * what was read, the time and the config. Pure: it names what to issue;
 * issue-certs.ts does the key generation.
 */
import type { KeyPairPem } from './pki/generate.js';
import { SelfSignedKeys } from './pki/names.js';
import { checkCa, checkServingCert } from './pki/validate.js';

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** The Secret as read: base64 data as the API returns it. */
export interface ObservedSecret {
  readonly resourceVersion: string;
  readonly data: Readonly<Record<string, string>>;
}

/** The four PEMs of a self-signed installation. */
export interface Certs {
  readonly caKeyPem: string;
  readonly caCertPem: string;
  readonly keyPem: string;
  readonly certPem: string;
}

/** What to put in the Secret: the stored certs as they are, or newly issued ones. */
export type Issue =
  | { readonly kind: 'none'; readonly certs: Certs }
  | { readonly kind: 'serving'; readonly ca: KeyPairPem }
  | { readonly kind: 'all'; readonly caReason: string };

export type SecretPlan =
  | { readonly action: 'keep'; readonly certs: Certs }
  | {
      readonly action: 'create' | 'update';
      /** Precondition for update; absent for create. */
      readonly resourceVersion?: string;
      readonly issue: Issue;
      /** Why the Secret is written, for the log. */
      readonly reason: string;
    };

export interface SecretPlanConfig {
  readonly dnsName: string;
  readonly renewBeforeMs: number;
}

const decode = (data: Readonly<Record<string, string>>, key: string): string =>
  Buffer.from(data[key] ?? '', 'base64').toString('utf8');

export function certsFromSecret(data: Readonly<Record<string, string>>): Certs {
  return {
    caKeyPem: decode(data, SelfSignedKeys.caKey),
    caCertPem: decode(data, SelfSignedKeys.caCert),
    keyPem: decode(data, SelfSignedKeys.key),
    certPem: decode(data, SelfSignedKeys.cert),
  };
}

/** The six keys OpenKruise writes; tls.key/tls.crt repeat key.pem/cert.pem. */
export function secretData(certs: Certs): Record<string, string> {
  const b64 = (pem: string): string => Buffer.from(pem, 'utf8').toString('base64');
  return {
    [SelfSignedKeys.caKey]: b64(certs.caKeyPem),
    [SelfSignedKeys.caCert]: b64(certs.caCertPem),
    [SelfSignedKeys.key]: b64(certs.keyPem),
    [SelfSignedKeys.key2]: b64(certs.keyPem),
    [SelfSignedKeys.cert]: b64(certs.certPem),
    [SelfSignedKeys.cert2]: b64(certs.certPem),
  };
}

function caIssue(certs: Certs, now: Date): Issue {
  // OpenKruise keeps a CA that is still good one year from now.
  const caProblem = checkCa(certs.caKeyPem, certs.caCertPem, new Date(now.getTime() + YEAR_MS));
  return caProblem === undefined
    ? { kind: 'serving', ca: { keyPem: certs.caKeyPem, certPem: certs.caCertPem } }
    : { kind: 'all', caReason: caProblem };
}

export function planSecret(
  observed: ObservedSecret | undefined,
  now: Date,
  config: SecretPlanConfig,
): SecretPlan {
  if (observed === undefined) {
    return {
      action: 'create',
      issue: { kind: 'all', caReason: 'no Secret' },
      reason: 'Secret not found',
    };
  }
  const certs = certsFromSecret(observed.data);
  const renewAt = new Date(now.getTime() + config.renewBeforeMs);
  const problem = checkServingCert(
    { keyPem: certs.keyPem, certPem: certs.certPem, caCertPem: certs.caCertPem },
    config.dnsName,
    renewAt,
  );
  const { resourceVersion } = observed;
  if (problem !== undefined) {
    return { action: 'update', resourceVersion, issue: caIssue(certs, now), reason: problem };
  }
  // Our admission function serves tls.crt/tls.key: keep them equal to cert.pem/key.pem.
  const data = secretData(certs);
  const drifted = [SelfSignedKeys.key2, SelfSignedKeys.cert2].filter(
    (k) => observed.data[k] !== data[k],
  );
  if (drifted.length > 0) {
    return {
      action: 'update',
      resourceVersion,
      issue: { kind: 'none', certs },
      reason: `${drifted.join(', ')} differ from key.pem/cert.pem`,
    };
  }
  return { action: 'keep', certs };
}
