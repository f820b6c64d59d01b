import type { V1CustomResourceDefinition } from '@kubernetes/client-node';

/**
 * A minimal `statefulsets.apps.kruise.io` CRD whose conversion goes through
 * the webhook service, as OpenKruise's chart installs it: the object the
 * certs function writes (or, with external certs, checks) a caBundle into.
 */
export const conversionStatefulSetCrd = (
  namespace: string,
  annotations: Record<string, string> = {},
): V1CustomResourceDefinition => ({
  metadata: { name: 'statefulsets.apps.kruise.io', annotations },
  spec: {
    group: 'apps.kruise.io',
    scope: 'Namespaced',
    names: { plural: 'statefulsets', singular: 'statefulset', kind: 'StatefulSet' },
    versions: [
      {
        name: 'v1beta1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', x_kubernetes_preserve_unknown_fields: true } },
      },
    ],
    conversion: {
      strategy: 'Webhook',
      webhook: {
        clientConfig: {
          service: { namespace, name: 'kruise-webhook-service', path: '/convert', port: 443 },
        },
        conversionReviewVersions: ['v1', 'v1beta1'],
      },
    },
  },
});
