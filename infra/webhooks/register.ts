/**
 * Registers both webhook configurations with a cluster, creating them or
 * replacing what is there (tests point them at a function they started;
 * `unregisterWebhooks` removes them so no later test meets a dead webhook).
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { FeatureGates } from '../../shared/feature-gates.js';
import { AlreadyExistsError, isNotFound, withAction } from '../../shared/kube/api-error.js';
import { kubeClient, type KubeClient } from '../../shared/kube/client.js';
import { resource, type KubeObject, type Resource } from '../../shared/kube/resource.js';
import {
  MUTATING_CONFIGURATION_NAME,
  VALIDATING_CONFIGURATION_NAME,
  mutatingWebhookConfiguration,
  validatingWebhookConfiguration,
} from './configurations.js';

const configuration = (kind: string, plural: string) =>
  resource<KubeObject>({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind,
    plural,
    namespaced: false,
  });
const mutatingConfigurations = configuration(
  'MutatingWebhookConfiguration',
  'mutatingwebhookconfigurations',
);
const validatingConfigurations = configuration(
  'ValidatingWebhookConfiguration',
  'validatingwebhookconfigurations',
);

/** Creates `object`, or replaces the one of its name at its current resourceVersion. */
async function createOrReplace(client: KubeClient, r: Resource<KubeObject>, object: KubeObject) {
  try {
    await client.create(r, object);
  } catch (err) {
    if (!(err instanceof AlreadyExistsError)) throw err;
    const current = await client.get(r, { name: object.metadata?.name ?? '' });
    const resourceVersion = current.metadata?.resourceVersion;
    await client.update(r, { ...object, metadata: { ...object.metadata, resourceVersion } });
  }
}

export interface RegisterOptions {
  /** Base URL of the function, e.g. `https://127.0.0.1:9443`; each webhook appends its path. */
  readonly url: string;
  /** PEM of the CA that signed the function's serving certificate. */
  readonly caBundle: string;
  readonly gates: FeatureGates;
}

export async function registerWebhooks(kc: KubeConfig, opts: RegisterOptions): Promise<void> {
  const client = kubeClient(kc);
  const options = {
    target: { url: opts.url },
    caBundlePem: opts.caBundle,
    gates: opts.gates,
  };
  // The builders' client-node model types are plain JSON shapes here.
  const mutating = mutatingWebhookConfiguration(options) as KubeObject;
  const validating = validatingWebhookConfiguration(options) as KubeObject;
  try {
    await createOrReplace(client, mutatingConfigurations, mutating);
    await createOrReplace(client, validatingConfigurations, validating);
  } catch (err) {
    throw withAction('register webhook configurations', err);
  }
}

export async function unregisterWebhooks(kc: KubeConfig): Promise<void> {
  const client = kubeClient(kc);
  for (const [r, name] of [
    [mutatingConfigurations, MUTATING_CONFIGURATION_NAME],
    [validatingConfigurations, VALIDATING_CONFIGURATION_NAME],
  ] as const) {
    try {
      await client.delete(r, { name });
    } catch (err) {
      if (!isNotFound(err)) throw withAction('unregister webhook configurations', err);
    }
  }
}
