/**
 * Every webhook the admission function serves, once: name, path, rule and
 * gate as OpenKruise registers them (chart 1.7.3
 * `templates/webhookconfiguration.yaml`, SPEC §8.4). routes.ts serves one
 * route per descriptor and infra/webhooks renders the two webhook
 * configurations from the same list, so a path cannot be served and never
 * registered, or registered and never served. The pod webhook exists only
 * while the `PodWebhook` gate is on, on both sides.
 */
import type { ExpectedKind } from './review/route.js';
import type { FeatureGates } from '../../shared/feature-gates.js';

export interface WebhookRule {
  readonly apiGroups: readonly string[];
  readonly apiVersions: readonly string[];
  readonly operations: readonly string[];
  readonly resources: readonly string[];
}

export interface WebhookDescriptor {
  readonly name: WebhookName;
  readonly type: 'mutating' | 'validating';
  readonly path: string;
  /** The kind of `request.object` (its apiVersions follow from the rule). */
  readonly kind: string;
  readonly rule: WebhookRule;
  /** The pod webhooks skip OpenKruise's own namespace and kube-system. */
  readonly podSelector?: boolean;
  readonly gate?: 'PodWebhook';
}

/** Pods in namespaces labelled `control-plane: openkruise` or in kube-system are never sent. */
export const POD_NAMESPACE_SELECTOR = {
  matchExpressions: [
    { key: 'control-plane', operator: 'NotIn', values: ['openkruise'] },
    { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] },
  ],
};

const CU = ['CREATE', 'UPDATE'];
const STS_VERSIONS = ['v1alpha1', 'v1beta1'];
const kruiseRule = (resource: string, operations: string[], apiVersions = ['v1alpha1']) => ({
  apiGroups: ['apps.kruise.io'],
  apiVersions,
  operations,
  resources: [resource],
});

export const WEBHOOK_NAMES = [
  'mpod.kb.io',
  'msidecarset.kb.io',
  'mstatefulset.kb.io',
  'mimagepulljob.kb.io',
  'mnodeimage.kb.io',
  'mcontainerrecreaterequest.kb.io',
  'vsidecarset.kb.io',
  'vstatefulset.kb.io',
  'vimagepulljob.kb.io',
  'vnodeimage.kb.io',
] as const;
export type WebhookName = (typeof WEBHOOK_NAMES)[number];

export const WEBHOOKS: readonly WebhookDescriptor[] = [
  {
    name: 'mpod.kb.io',
    type: 'mutating',
    path: '/mutate-pod',
    kind: 'Pod',
    rule: { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] },
    podSelector: true,
    gate: 'PodWebhook',
  },
  {
    name: 'msidecarset.kb.io',
    type: 'mutating',
    path: '/mutate-apps-kruise-io-v1alpha1-sidecarset',
    kind: 'SidecarSet',
    rule: kruiseRule('sidecarsets', CU),
  },
  {
    name: 'mstatefulset.kb.io',
    type: 'mutating',
    path: '/mutate-apps-kruise-io-statefulset',
    kind: 'StatefulSet',
    rule: kruiseRule('statefulsets', CU, STS_VERSIONS),
  },
  {
    name: 'mimagepulljob.kb.io',
    type: 'mutating',
    path: '/mutate-apps-kruise-io-v1alpha1-imagepulljob',
    kind: 'ImagePullJob',
    rule: kruiseRule('imagepulljobs', CU),
  },
  {
    name: 'mnodeimage.kb.io',
    type: 'mutating',
    path: '/mutate-apps-kruise-io-v1alpha1-nodeimage',
    kind: 'NodeImage',
    rule: kruiseRule('nodeimages', CU),
  },
  {
    name: 'mcontainerrecreaterequest.kb.io',
    type: 'mutating',
    path: '/mutate-apps-kruise-io-v1alpha1-containerrecreaterequest',
    kind: 'ContainerRecreateRequest',
    rule: kruiseRule('containerrecreaterequests', CU),
  },
  {
    name: 'vsidecarset.kb.io',
    type: 'validating',
    path: '/validate-apps-kruise-io-v1alpha1-sidecarset',
    kind: 'SidecarSet',
    rule: kruiseRule('sidecarsets', CU),
  },
  {
    name: 'vstatefulset.kb.io',
    type: 'validating',
    path: '/validate-apps-kruise-io-statefulset',
    kind: 'StatefulSet',
    rule: kruiseRule('statefulsets', [...CU, 'DELETE'], STS_VERSIONS),
  },
  {
    name: 'vimagepulljob.kb.io',
    type: 'validating',
    path: '/validate-apps-kruise-io-v1alpha1-imagepulljob',
    kind: 'ImagePullJob',
    rule: kruiseRule('imagepulljobs', CU),
  },
  {
    name: 'vnodeimage.kb.io',
    type: 'validating',
    path: '/validate-apps-kruise-io-v1alpha1-nodeimage',
    kind: 'NodeImage',
    rule: kruiseRule('nodeimages', CU),
  },
];

/** The webhooks that exist under these gates, in registration order. */
export const enabledWebhooks = (gates: FeatureGates): WebhookDescriptor[] =>
  WEBHOOKS.filter((w) => w.gate === undefined || gates.enabled(w.gate));

/** The kind and apiVersions a webhook's request objects must have. */
export function expectedKind(w: WebhookDescriptor): ExpectedKind {
  const [group = ''] = w.rule.apiGroups;
  return {
    kind: w.kind,
    apiVersions: w.rule.apiVersions.map((v) => (group === '' ? v : `${group}/${v}`)),
  };
}
