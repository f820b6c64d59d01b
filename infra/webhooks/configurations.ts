/**
 * OpenKruise's two webhook configurations (chart 1.7.3
 * `templates/webhookconfiguration.yaml`, SPEC §8.4), generated from code for
 * the webhooks kruise-fn serves. Each webhook is `failurePolicy: Fail`,
 * `sideEffects: None`, `timeoutSeconds: 30`; only `admissionReviewVersions:
 * [v1]` because that is the only version the function decodes. As
 * OpenKruise's webhook controller does, a webhook whose path has no handler
 * (gate off, decision not served) is left out.
 */
import type {
  AdmissionregistrationV1WebhookClientConfig,
  V1MutatingWebhook,
  V1MutatingWebhookConfiguration,
  V1RuleWithOperations,
  V1ValidatingWebhook,
  V1ValidatingWebhookConfiguration,
} from '@kubernetes/client-node';
import type { FeatureGates } from '../../shared/feature-gates.js';

export const MUTATING_CONFIGURATION_NAME = 'kruise-mutating-webhook-configuration';
export const VALIDATING_CONFIGURATION_NAME = 'kruise-validating-webhook-configuration';
export const WEBHOOK_TIMEOUT_SECONDS = 30;

/** Where the apiserver calls: the chart's Service, or a URL (Lambda Function URL, tests). */
export type WebhookTarget =
  | {
      readonly service: {
        readonly namespace: string;
        readonly name: string;
        readonly port?: number;
      };
    }
  | { readonly url: string };

export interface WebhookOptions {
  readonly target: WebhookTarget;
  /** PEM of the CA that signed the serving certificate; omitted when another party injects it. */
  readonly caBundlePem?: string;
  readonly gates: FeatureGates;
  /** Paths the function serves; a webhook for any other path is left out. Default: all. */
  readonly servedPaths?: readonly string[];
  /** The chart's `externalCerts.annotations` (e.g. cert-manager's inject-ca-from). */
  readonly annotations?: Readonly<Record<string, string>>;
}

interface WebhookSpec {
  readonly name: string;
  readonly path: string;
  readonly rule: V1RuleWithOperations;
  /** The pod webhooks skip OpenKruise's own namespace and kube-system. */
  readonly podSelector?: boolean;
  readonly gate?: 'PodWebhook';
}

const kruiseRule = (
  resource: string,
  operations: string[],
  apiVersions = ['v1alpha1'],
): V1RuleWithOperations => ({
  apiGroups: ['apps.kruise.io'],
  apiVersions,
  operations,
  resources: [resource],
});

const CU = ['CREATE', 'UPDATE'];
const STS_VERSIONS = ['v1alpha1', 'v1beta1'];

export const MUTATING_WEBHOOKS: readonly WebhookSpec[] = [
  {
    name: 'mpod.kb.io',
    path: '/mutate-pod',
    rule: { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] },
    podSelector: true,
    gate: 'PodWebhook',
  },
  {
    name: 'msidecarset.kb.io',
    path: '/mutate-apps-kruise-io-v1alpha1-sidecarset',
    rule: kruiseRule('sidecarsets', CU),
  },
  {
    name: 'mstatefulset.kb.io',
    path: '/mutate-apps-kruise-io-statefulset',
    rule: kruiseRule('statefulsets', CU, STS_VERSIONS),
  },
  {
    name: 'mimagepulljob.kb.io',
    path: '/mutate-apps-kruise-io-v1alpha1-imagepulljob',
    rule: kruiseRule('imagepulljobs', CU),
  },
  {
    name: 'mnodeimage.kb.io',
    path: '/mutate-apps-kruise-io-v1alpha1-nodeimage',
    rule: kruiseRule('nodeimages', CU),
  },
  {
    name: 'mcontainerrecreaterequest.kb.io',
    path: '/mutate-apps-kruise-io-v1alpha1-containerrecreaterequest',
    rule: kruiseRule('containerrecreaterequests', CU),
  },
];

export const VALIDATING_WEBHOOKS: readonly WebhookSpec[] = [
  {
    name: 'vsidecarset.kb.io',
    path: '/validate-apps-kruise-io-v1alpha1-sidecarset',
    rule: kruiseRule('sidecarsets', CU),
  },
  {
    name: 'vstatefulset.kb.io',
    path: '/validate-apps-kruise-io-statefulset',
    rule: kruiseRule('statefulsets', [...CU, 'DELETE'], STS_VERSIONS),
  },
  {
    name: 'vimagepulljob.kb.io',
    path: '/validate-apps-kruise-io-v1alpha1-imagepulljob',
    rule: kruiseRule('imagepulljobs', CU),
  },
  {
    name: 'vnodeimage.kb.io',
    path: '/validate-apps-kruise-io-v1alpha1-nodeimage',
    rule: kruiseRule('nodeimages', CU),
  },
];

/** Pods in namespaces labelled `control-plane: openkruise` or in kube-system are never sent. */
const POD_NAMESPACE_SELECTOR = {
  matchExpressions: [
    { key: 'control-plane', operator: 'NotIn', values: ['openkruise'] },
    { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] },
  ],
};

function clientConfig(
  opts: WebhookOptions,
  path: string,
): AdmissionregistrationV1WebhookClientConfig {
  const caBundle =
    opts.caBundlePem === undefined
      ? {}
      : { caBundle: Buffer.from(opts.caBundlePem).toString('base64') };
  if ('url' in opts.target)
    return { url: `${opts.target.url.replace(/\/+$/, '')}${path}`, ...caBundle };
  const { namespace, name, port } = opts.target.service;
  return { service: { namespace, name, path, port: port ?? 443 }, ...caBundle };
}

function webhooks(specs: readonly WebhookSpec[], opts: WebhookOptions): V1ValidatingWebhook[] {
  return specs
    .filter((w) => w.gate === undefined || opts.gates.enabled(w.gate))
    .filter((w) => opts.servedPaths === undefined || opts.servedPaths.includes(w.path))
    .map((w) => ({
      name: w.name,
      admissionReviewVersions: ['v1'],
      clientConfig: clientConfig(opts, w.path),
      failurePolicy: 'Fail',
      rules: [w.rule],
      sideEffects: 'None',
      timeoutSeconds: WEBHOOK_TIMEOUT_SECONDS,
      ...(w.podSelector === true && { namespaceSelector: POD_NAMESPACE_SELECTOR }),
    }));
}

const metadata = (name: string, opts: WebhookOptions) => ({
  name,
  ...(opts.annotations !== undefined &&
    Object.keys(opts.annotations).length > 0 && { annotations: { ...opts.annotations } }),
});

export const mutatingWebhookConfiguration = (
  opts: WebhookOptions,
): V1MutatingWebhookConfiguration => ({
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'MutatingWebhookConfiguration',
  metadata: metadata(MUTATING_CONFIGURATION_NAME, opts),
  webhooks: webhooks(MUTATING_WEBHOOKS, opts) as V1MutatingWebhook[],
});

export const validatingWebhookConfiguration = (
  opts: WebhookOptions,
): V1ValidatingWebhookConfiguration => ({
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'ValidatingWebhookConfiguration',
  metadata: metadata(VALIDATING_CONFIGURATION_NAME, opts),
  webhooks: webhooks(VALIDATING_WEBHOOKS, opts),
});
