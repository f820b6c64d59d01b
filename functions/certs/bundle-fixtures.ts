/**
 * Test support: webhook configurations and CRDs shaped like the ones our
 * installer writes, built fresh on every call.
 */
import type { Crd, ObservedBundles, WebhookConfiguration } from './observed.js';

const service = (path: string) => ({
  service: { namespace: 'kruise-system', name: 'kruise-webhook-service', path, port: 443 },
});

export function webhookConfiguration(
  name: string,
  paths: readonly string[],
  caBundle?: string,
): WebhookConfiguration {
  return {
    metadata: { name, resourceVersion: '7' },
    webhooks: paths.map((path, i) => ({
      name: `w${i}.kb.io`,
      clientConfig: { ...service(path), ...(caBundle !== undefined && { caBundle }) },
    })),
  };
}

export function crd(
  name: string,
  group: string,
  conversion: Crd['spec']['conversion'] = { strategy: 'None' },
): Crd {
  return { metadata: { name, resourceVersion: '9' }, spec: { group, conversion } };
}

export const statefulSetCrd = (caBundle?: string): Crd =>
  crd('statefulsets.apps.kruise.io', 'apps.kruise.io', {
    strategy: 'Webhook',
    webhook: {
      clientConfig: { ...service('/convert'), ...(caBundle !== undefined && { caBundle }) },
    },
  });

/** Our two configurations and three CRDs, all with `caBundle` (absent when undefined). */
export function bundles(caBundle?: string): ObservedBundles {
  return {
    mutating: webhookConfiguration(
      'kruise-mutating-webhook-configuration',
      ['/mutate-pod', '/mutate-apps-kruise-io-v1alpha1-sidecarset'],
      caBundle,
    ),
    validating: webhookConfiguration(
      'kruise-validating-webhook-configuration',
      ['/validate-pod'],
      caBundle,
    ),
    crds: [
      statefulSetCrd(caBundle),
      crd('sidecarsets.apps.kruise.io', 'apps.kruise.io'),
      crd('widgets.example.com', 'example.com', {
        strategy: 'Webhook',
        webhook: { clientConfig: { url: 'https://elsewhere/convert' } },
      }),
    ],
  };
}
