/**
 * With EnableExternalCerts, nothing of ours writes certificates or caBundles
 * (SPEC.md §8.3): this only checks that every webhook of our configurations
 * and every conversion webhook already carries the Secret's `ca.crt`, and
 * returns OpenKruise's messages for what does not.
 */
import { ExternalKeys } from './pki/names.js';
import {
  MUTATING_CONFIGURATION_NAME,
  VALIDATING_CONFIGURATION_NAME,
} from '../../shared/webhook-names.js';
import {
  ConfigKinds,
  type ObservedBundles,
  type WebhookConfiguration,
  nameOf,
} from './observed.js';
import type { ObservedSecret } from './plan-secret.js';
import { badConversionMessage, hasConversionWebhook, notFoundMessage } from './plan-ca-bundles.js';

const sameBytes = (a: string | undefined, b: string): boolean =>
  Buffer.from(a ?? '', 'base64').equals(Buffer.from(b, 'base64'));

function checkConfig(
  kind: string,
  name: string,
  config: WebhookConfiguration | undefined,
  caBundle: string,
): string | undefined {
  if (config === undefined) return notFoundMessage(kind, name);
  return (config.webhooks ?? []).every((w) => sameBytes(w.clientConfig.caBundle, caBundle))
    ? undefined
    : `caBundle of ${kind} ${name} does not match the external caBundle`;
}

export function checkExternal(
  secretName: string,
  secret: ObservedSecret | undefined,
  observed: ObservedBundles,
): string[] {
  if (secret === undefined) return [`failed to ensure certs: secrets "${secretName}" not found`];
  const caBundle = secret.data[ExternalKeys.caCert] ?? '';
  if (caBundle === '') return [`Secret ${secretName} has no ${ExternalKeys.caCert}`];
  const problems = [
    checkConfig(ConfigKinds.mutating, MUTATING_CONFIGURATION_NAME, observed.mutating, caBundle),
    checkConfig(
      ConfigKinds.validating,
      VALIDATING_CONFIGURATION_NAME,
      observed.validating,
      caBundle,
    ),
  ];
  for (const crd of observed.crds.filter(hasConversionWebhook)) {
    const clientConfig = crd.spec.conversion?.webhook?.clientConfig;
    if (clientConfig === undefined) problems.push(badConversionMessage(crd));
    else if (!sameBytes(clientConfig.caBundle, caBundle)) {
      problems.push(`caBundle of CRD ${nameOf(crd)} does not match external caBundle`);
    }
  }
  return problems.filter((p): p is string => p !== undefined);
}
