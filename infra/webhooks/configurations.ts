/**
 * OpenKruise's two webhook configurations (chart 1.7.3
 * `templates/webhookconfiguration.yaml`, SPEC §8.4), rendered from the
 * admission function's own descriptors (functions/admission/webhooks.ts),
 * the same list its routes are served from. Each webhook is `failurePolicy:
 * Fail`, `sideEffects: None`, `timeoutSeconds: 30`; only
 * `admissionReviewVersions: [v1]` because that is the only version the
 * function decodes. As OpenKruise's webhook controller does, a webhook whose
 * gate is off is left out.
 */
import type {
  AdmissionregistrationV1WebhookClientConfig,
  V1MutatingWebhook,
  V1MutatingWebhookConfiguration,
  V1RuleWithOperations,
  V1ValidatingWebhook,
  V1ValidatingWebhookConfiguration,
} from '@kubernetes/client-node';
import {
  enabledWebhooks,
  POD_NAMESPACE_SELECTOR,
  type WebhookDescriptor,
} from '../../functions/admission/webhooks.js';
import type { FeatureGates } from '../../shared/feature-gates.js';
import {
  MUTATING_CONFIGURATION_NAME,
  VALIDATING_CONFIGURATION_NAME,
} from '../../shared/webhook-names.js';

export { MUTATING_CONFIGURATION_NAME, VALIDATING_CONFIGURATION_NAME };
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
  /** The chart's `externalCerts.annotations` (e.g. cert-manager's inject-ca-from). */
  readonly annotations?: Readonly<Record<string, string>>;
}

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

const rule = (w: WebhookDescriptor): V1RuleWithOperations => ({
  apiGroups: [...w.rule.apiGroups],
  apiVersions: [...w.rule.apiVersions],
  operations: [...w.rule.operations],
  resources: [...w.rule.resources],
});

function webhooks(type: WebhookDescriptor['type'], opts: WebhookOptions): V1ValidatingWebhook[] {
  return enabledWebhooks(opts.gates)
    .filter((w) => w.type === type)
    .map((w) => ({
      name: w.name,
      admissionReviewVersions: ['v1'],
      clientConfig: clientConfig(opts, w.path),
      failurePolicy: 'Fail',
      rules: [rule(w)],
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
  webhooks: webhooks('mutating', opts) as V1MutatingWebhook[],
});

export const validatingWebhookConfiguration = (
  opts: WebhookOptions,
): V1ValidatingWebhookConfiguration => ({
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'ValidatingWebhookConfiguration',
  metadata: metadata(VALIDATING_CONFIGURATION_NAME, opts),
  webhooks: webhooks('validating', opts),
});
