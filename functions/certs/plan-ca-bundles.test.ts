import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bundles, crd, webhookConfiguration } from './bundle-fixtures.js';
import { planCaBundles, toCaBundle } from './plan-ca-bundles.js';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const BUNDLE = toCaBundle(CA);
const OLD = toCaBundle('old');

describe('planCaBundles', () => {
  const cases = [
    {
      name: 'writes the caBundle into every webhook and the kruise conversion webhook',
      observed: bundles(),
      want: {
        writes: [
          { kind: 'MutatingWebhookConfiguration', object: bundles(BUNDLE).mutating },
          { kind: 'ValidatingWebhookConfiguration', object: bundles(BUNDLE).validating },
          { kind: 'CustomResourceDefinition', object: bundles(BUNDLE).crds[0] },
        ],
        problems: [],
      },
    },
    {
      name: 'replaces an old caBundle',
      observed: bundles(OLD),
      want: {
        writes: [
          { kind: 'MutatingWebhookConfiguration', object: bundles(BUNDLE).mutating },
          { kind: 'ValidatingWebhookConfiguration', object: bundles(BUNDLE).validating },
          { kind: 'CustomResourceDefinition', object: bundles(BUNDLE).crds[0] },
        ],
        problems: [],
      },
    },
    {
      name: 'writes nothing when every caBundle is current',
      observed: bundles(BUNDLE),
      want: { writes: [], problems: [] },
    },
    {
      name: 'writes only the configuration whose one webhook is stale',
      observed: {
        ...bundles(BUNDLE),
        mutating: {
          ...webhookConfiguration('kruise-mutating-webhook-configuration', ['/mutate-pod'], BUNDLE),
          webhooks: [
            { name: 'w0.kb.io', clientConfig: { caBundle: BUNDLE } },
            { name: 'w1.kb.io', clientConfig: { caBundle: OLD } },
          ],
        },
      },
      want: {
        writes: [
          {
            kind: 'MutatingWebhookConfiguration',
            object: {
              metadata: { name: 'kruise-mutating-webhook-configuration', resourceVersion: '7' },
              webhooks: [
                { name: 'w0.kb.io', clientConfig: { caBundle: BUNDLE } },
                { name: 'w1.kb.io', clientConfig: { caBundle: BUNDLE } },
              ],
            },
          },
        ],
        problems: [],
      },
    },
    {
      name: 'reports missing configurations in OpenKruise’s words and still fixes the rest',
      observed: {
        ...bundles(BUNDLE),
        mutating: undefined,
        validating: undefined,
        crds: [bundles().crds[0]!],
      },
      want: {
        writes: [{ kind: 'CustomResourceDefinition', object: bundles(BUNDLE).crds[0] }],
        problems: [
          'not found MutatingWebhookConfiguration kruise-mutating-webhook-configuration',
          'not found ValidatingWebhookConfiguration kruise-validating-webhook-configuration',
        ],
      },
    },
    {
      name: 'reports a kruise CRD with Webhook strategy but no clientConfig',
      observed: {
        ...bundles(BUNDLE),
        crds: [crd('statefulsets.apps.kruise.io', 'apps.kruise.io', { strategy: 'Webhook' })],
      },
      want: {
        writes: [],
        problems: ['bad conversion configuration of CRD statefulsets.apps.kruise.io'],
      },
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(planCaBundles(CA, c.observed), c.want));
  }

  it('does not modify what it was given', () => {
    const observed = bundles(OLD);
    planCaBundles(CA, observed);
    assert.deepEqual(observed, bundles(OLD));
  });
});
