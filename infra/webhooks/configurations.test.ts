import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFeatureGates } from '../../shared/feature-gates.js';
import type { AdmissionData } from '../../functions/admission/cluster/admission-data.js';
import { routeDeps } from '../../functions/admission/route-deps.js';
import { admissionRoutes } from '../../functions/admission/routes.js';
import { mutatingWebhookConfiguration, validatingWebhookConfiguration } from './configurations.js';

const CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const CA_B64 = Buffer.from(CA_PEM).toString('base64');
const service = { service: { namespace: 'kruise-system', name: 'kruise-webhook-service' } };

const common = {
  admissionReviewVersions: ['v1'],
  failurePolicy: 'Fail',
  sideEffects: 'None',
  timeoutSeconds: 30,
};
const svc = (path: string) => ({
  service: { namespace: 'kruise-system', name: 'kruise-webhook-service', path, port: 443 },
  caBundle: CA_B64,
});
const kruise = (resource: string, operations: string[], apiVersions = ['v1alpha1']) => [
  { apiGroups: ['apps.kruise.io'], apiVersions, operations, resources: [resource] },
];

describe('webhook configurations', () => {
  it('renders the mutating configuration as the chart does, for a Service', () => {
    const gates = parseFeatureGates('');
    assert.deepStrictEqual(
      mutatingWebhookConfiguration({ target: service, caBundlePem: CA_PEM, gates }),
      {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'MutatingWebhookConfiguration',
        metadata: { name: 'kruise-mutating-webhook-configuration' },
        webhooks: [
          {
            name: 'mpod.kb.io',
            ...common,
            clientConfig: svc('/mutate-pod'),
            rules: [
              { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] },
            ],
            namespaceSelector: {
              matchExpressions: [
                { key: 'control-plane', operator: 'NotIn', values: ['openkruise'] },
                { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] },
              ],
            },
          },
          {
            name: 'msidecarset.kb.io',
            ...common,
            clientConfig: svc('/mutate-apps-kruise-io-v1alpha1-sidecarset'),
            rules: kruise('sidecarsets', ['CREATE', 'UPDATE']),
          },
          {
            name: 'mstatefulset.kb.io',
            ...common,
            clientConfig: svc('/mutate-apps-kruise-io-statefulset'),
            rules: kruise('statefulsets', ['CREATE', 'UPDATE'], ['v1alpha1', 'v1beta1']),
          },
          {
            name: 'mimagepulljob.kb.io',
            ...common,
            clientConfig: svc('/mutate-apps-kruise-io-v1alpha1-imagepulljob'),
            rules: kruise('imagepulljobs', ['CREATE', 'UPDATE']),
          },
          {
            name: 'mnodeimage.kb.io',
            ...common,
            clientConfig: svc('/mutate-apps-kruise-io-v1alpha1-nodeimage'),
            rules: kruise('nodeimages', ['CREATE', 'UPDATE']),
          },
          {
            name: 'mcontainerrecreaterequest.kb.io',
            ...common,
            clientConfig: svc('/mutate-apps-kruise-io-v1alpha1-containerrecreaterequest'),
            rules: kruise('containerrecreaterequests', ['CREATE', 'UPDATE']),
          },
        ],
      },
    );
  });

  it('renders the validating configuration as the chart does, with annotations', () => {
    const gates = parseFeatureGates('');
    const annotations = { 'cert-manager.io/inject-ca-from': 'kruise-system/kruise-webhook-certs' };
    assert.deepStrictEqual(
      validatingWebhookConfiguration({ target: service, caBundlePem: CA_PEM, gates, annotations }),
      {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingWebhookConfiguration',
        metadata: { name: 'kruise-validating-webhook-configuration', annotations },
        webhooks: [
          {
            name: 'vsidecarset.kb.io',
            ...common,
            clientConfig: svc('/validate-apps-kruise-io-v1alpha1-sidecarset'),
            rules: kruise('sidecarsets', ['CREATE', 'UPDATE']),
          },
          {
            name: 'vstatefulset.kb.io',
            ...common,
            clientConfig: svc('/validate-apps-kruise-io-statefulset'),
            rules: kruise('statefulsets', ['CREATE', 'UPDATE', 'DELETE'], ['v1alpha1', 'v1beta1']),
          },
          {
            name: 'vimagepulljob.kb.io',
            ...common,
            clientConfig: svc('/validate-apps-kruise-io-v1alpha1-imagepulljob'),
            rules: kruise('imagepulljobs', ['CREATE', 'UPDATE']),
          },
          {
            name: 'vnodeimage.kb.io',
            ...common,
            clientConfig: svc('/validate-apps-kruise-io-v1alpha1-nodeimage'),
            rules: kruise('nodeimages', ['CREATE', 'UPDATE']),
          },
        ],
      },
    );
  });

  it('drops the pod webhook when PodWebhook is off, with URLs', () => {
    const config = mutatingWebhookConfiguration({
      target: { url: 'https://127.0.0.1:9443/' },
      gates: parseFeatureGates('PodWebhook=false'),
    });
    assert.deepStrictEqual(
      config.webhooks?.map((w) => [w.name, w.clientConfig.url]),
      [
        ['msidecarset.kb.io', 'https://127.0.0.1:9443/mutate-apps-kruise-io-v1alpha1-sidecarset'],
        ['mstatefulset.kb.io', 'https://127.0.0.1:9443/mutate-apps-kruise-io-statefulset'],
        [
          'mimagepulljob.kb.io',
          'https://127.0.0.1:9443/mutate-apps-kruise-io-v1alpha1-imagepulljob',
        ],
        ['mnodeimage.kb.io', 'https://127.0.0.1:9443/mutate-apps-kruise-io-v1alpha1-nodeimage'],
        [
          'mcontainerrecreaterequest.kb.io',
          'https://127.0.0.1:9443/mutate-apps-kruise-io-v1alpha1-containerrecreaterequest',
        ],
      ],
    );
  });

  for (const gates of ['', 'PodWebhook=false', 'KruiseDaemon=false']) {
    it(`registers exactly the paths the function serves (gates: ${JSON.stringify(gates)})`, () => {
      const parsed = parseFeatureGates(gates);
      const opts = { target: { url: 'https://fn' }, gates: parsed };
      const registered = [
        ...(mutatingWebhookConfiguration(opts).webhooks ?? []),
        ...(validatingWebhookConfiguration(opts).webhooks ?? []),
      ].map((w) => w.clientConfig.url?.replace('https://fn', ''));
      const served = admissionRoutes(
        routeDeps({ data: noData, gates: parsed, pods: async () => ({ notFound: true }) }),
      ).map((r) => r.path);
      assert.deepStrictEqual([...registered].sort(), [...served].sort());
    });
  }
});

/** No cluster: only the route table is looked at. */
const noData: AdmissionData = {
  synced: true,
  warm: () => undefined,
  sidecarSets: async () => [],
  namespaceLabels: async () => undefined,
  controllerRevision: async () => undefined,
  customVersionRevisions: async () => [],
  kruiseConfig: async () => undefined,
};
