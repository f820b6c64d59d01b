/**
 * Names OpenKruise v1.7 uses for webhook certificates (SPEC.md §8), in one
 * place: the Secret's data keys in both layouts and which CRDs carry a
 * caBundle (the webhook configurations' names are shared/webhook-names.ts).
 */

/** Keys of the self-signed Secret (kruise writer/certwriter.go). */
export const SelfSignedKeys = {
  caKey: 'ca-key.pem',
  caCert: 'ca-cert.pem',
  key: 'key.pem',
  key2: 'tls.key',
  cert: 'cert.pem',
  cert2: 'tls.crt',
} as const;

/** Keys of an externally issued Secret: cert-manager's layout (kruise writer/external.go). */
export const ExternalKeys = {
  caCert: 'ca.crt',
  caKey: 'ca.key',
  cert: 'tls.crt',
  key: 'tls.key',
} as const;

/** Only CRDs of this group get a conversion caBundle (kruise webhook/util/crd/crd.go). */
export const KRUISE_CRD_GROUP = 'apps.kruise.io';

/** CommonName of the self-signed CA. */
export const CA_COMMON_NAME = 'webhook-cert-ca';
