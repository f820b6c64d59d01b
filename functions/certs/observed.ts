/**
 * The parts of webhook configurations and CRDs the certs function reads and
 * writes. The client's model types fit these shapes; fields not named here
 * pass through untouched.
 */

export interface ClientConfig {
  caBundle?: string;
  url?: string;
  service?: { namespace: string; name: string; path?: string; port?: number };
}

export interface WebhookConfiguration {
  metadata?: { name?: string; resourceVersion?: string };
  webhooks?: { name: string; clientConfig: ClientConfig }[];
}

export interface Crd {
  metadata?: { name?: string; resourceVersion?: string };
  spec: {
    group: string;
    conversion?: { strategy: string; webhook?: { clientConfig?: ClientConfig } };
  };
}

/** Objects that carry our caBundle, as read; a configuration is undefined when absent. */
export interface ObservedBundles {
  readonly mutating: WebhookConfiguration | undefined;
  readonly validating: WebhookConfiguration | undefined;
  readonly crds: readonly Crd[];
}

export const ConfigKinds = {
  mutating: 'MutatingWebhookConfiguration',
  validating: 'ValidatingWebhookConfiguration',
  crd: 'CustomResourceDefinition',
} as const;

export type BundleWrite =
  | { readonly kind: typeof ConfigKinds.mutating; readonly object: WebhookConfiguration }
  | { readonly kind: typeof ConfigKinds.validating; readonly object: WebhookConfiguration }
  | { readonly kind: typeof ConfigKinds.crd; readonly object: Crd };

export const nameOf = (o: { metadata?: { name?: string } }): string => o.metadata?.name ?? '';
