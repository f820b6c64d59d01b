import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bundles, crd } from './bundle-fixtures.js';
import { checkExternal } from './check-external.js';
import { observedSecret } from './test-fixtures.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const CA = b64('-----BEGIN CERTIFICATE-----\nEXTERNAL\n-----END CERTIFICATE-----\n');
const certManagerSecret = observedSecret({
  'ca.crt': CA,
  'tls.crt': b64('crt'),
  'tls.key': b64('key'),
});

describe('checkExternal (EnableExternalCerts)', () => {
  const cases = [
    {
      name: 'accepts caBundles byte-equal to ca.crt',
      secret: certManagerSecret,
      observed: bundles(CA),
      want: [],
    },
    {
      name: 'fails like OpenKruise when the Secret is missing',
      secret: undefined,
      observed: bundles(CA),
      want: ['failed to ensure certs: secrets "kruise-webhook-certs" not found'],
    },
    {
      name: 'reports a Secret without ca.crt',
      secret: observedSecret({ 'tls.crt': b64('crt') }),
      observed: bundles(CA),
      want: ['Secret kruise-webhook-certs has no ca.crt'],
    },
    {
      name: 'reports every object whose caBundle was not injected, with OpenKruise’s messages',
      secret: certManagerSecret,
      observed: bundles(b64('other')),
      want: [
        'caBundle of MutatingWebhookConfiguration kruise-mutating-webhook-configuration does not match the external caBundle',
        'caBundle of ValidatingWebhookConfiguration kruise-validating-webhook-configuration does not match the external caBundle',
        'caBundle of CRD statefulsets.apps.kruise.io does not match external caBundle',
      ],
    },
    {
      name: 'reports missing configurations and a bad conversion configuration',
      secret: certManagerSecret,
      observed: {
        mutating: undefined,
        validating: bundles(CA).validating,
        crds: [crd('statefulsets.apps.kruise.io', 'apps.kruise.io', { strategy: 'Webhook' })],
      },
      want: [
        'not found MutatingWebhookConfiguration kruise-mutating-webhook-configuration',
        'bad conversion configuration of CRD statefulsets.apps.kruise.io',
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () =>
      assert.deepEqual(checkExternal('kruise-webhook-certs', c.secret, c.observed), c.want),
    );
  }
});
