/**
 * Decides which webhook configurations and CRDs need our CA as caBundle
 * (SPEC.md §8.2 steps 5-6). kruise-fn generates its configurations from
 * code, so instead of OpenKruise's `template` annotation every webhook of
 * our two configurations gets the caBundle, and so does the conversion
 * webhook of every apps.kruise.io CRD with `strategy: Webhook`. Objects
 * already carrying it are not written.
 */
import { KRUISE_CRD_GROUP } from './pki/names.js';
import {
  MUTATING_CONFIGURATION_NAME,
  VALIDATING_CONFIGURATION_NAME,
} from '../../shared/webhook-names.js';
import {
  type BundleWrite,
  ConfigKinds,
  type Crd,
  type ObservedBundles,
  type WebhookConfiguration,
  nameOf,
} from './observed.js';

export interface BundlePlan {
  readonly writes: readonly BundleWrite[];
  /** OpenKruise's error sentences for what cannot be fixed here. */
  readonly problems: readonly string[];
}

export const toCaBundle = (caCertPem: string): string =>
  Buffer.from(caCertPem, 'utf8').toString('base64');

/** kruise's crd.Ensure only touches kinds it knows; for us that is the group. */
export const hasConversionWebhook = (crd: Crd): boolean =>
  crd.spec.group === KRUISE_CRD_GROUP && crd.spec.conversion?.strategy === 'Webhook';

function withBundle<T extends WebhookConfiguration>(config: T, caBundle: string): T | undefined {
  const webhooks = config.webhooks ?? [];
  if (webhooks.every((w) => w.clientConfig.caBundle === caBundle)) return undefined;
  return {
    ...config,
    webhooks: webhooks.map((w) => ({ ...w, clientConfig: { ...w.clientConfig, caBundle } })),
  };
}

export const notFoundMessage = (kind: string, name: string): string => `not found ${kind} ${name}`;

export const badConversionMessage = (crd: Crd): string =>
  `bad conversion configuration of CRD ${nameOf(crd)}`;

export function planCaBundles(caCertPem: string, observed: ObservedBundles): BundlePlan {
  const caBundle = toCaBundle(caCertPem);
  const writes: BundleWrite[] = [];
  const problems: string[] = [];

  if (observed.mutating === undefined) {
    problems.push(notFoundMessage(ConfigKinds.mutating, MUTATING_CONFIGURATION_NAME));
  } else {
    const object = withBundle(observed.mutating, caBundle);
    if (object !== undefined) writes.push({ kind: ConfigKinds.mutating, object });
  }
  if (observed.validating === undefined) {
    problems.push(notFoundMessage(ConfigKinds.validating, VALIDATING_CONFIGURATION_NAME));
  } else {
    const object = withBundle(observed.validating, caBundle);
    if (object !== undefined) writes.push({ kind: ConfigKinds.validating, object });
  }

  for (const crd of observed.crds.filter(hasConversionWebhook)) {
    const webhook = crd.spec.conversion?.webhook;
    if (webhook?.clientConfig === undefined) {
      problems.push(badConversionMessage(crd));
      continue;
    }
    if (webhook.clientConfig.caBundle === caBundle) continue;
    const object: Crd = {
      ...crd,
      spec: {
        ...crd.spec,
        conversion: {
          strategy: 'Webhook',
          ...crd.spec.conversion,
          webhook: { ...webhook, clientConfig: { ...webhook.clientConfig, caBundle } },
        },
      },
    };
    writes.push({ kind: ConfigKinds.crd, object });
  }
  return { writes, problems };
}
