/**
 * Registers both webhook configurations with a cluster, creating them or
 * replacing what is there (tests point them at a function they started;
 * `unregisterWebhooks` removes them so no later test meets a dead webhook).
 */
import { AdmissionregistrationV1Api, type KubeConfig } from '@kubernetes/client-node';
import type { FeatureGates } from '../../shared/feature-gates.js';
import { isNotFound, toKubeApiError } from '../../shared/kube/api-error.js';
import {
  MUTATING_CONFIGURATION_NAME,
  VALIDATING_CONFIGURATION_NAME,
  mutatingWebhookConfiguration,
  validatingWebhookConfiguration,
} from './configurations.js';

export interface RegisterOptions {
  /** Base URL of the function, e.g. `https://127.0.0.1:9443`; each webhook appends its path. */
  readonly url: string;
  /** PEM of the CA that signed the function's serving certificate. */
  readonly caBundle: string;
  readonly gates: FeatureGates;
  readonly servedPaths?: readonly string[];
}

const isConflict = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 409;

export async function registerWebhooks(kc: KubeConfig, opts: RegisterOptions): Promise<void> {
  const api = kc.makeApiClient(AdmissionregistrationV1Api);
  const options = {
    target: { url: opts.url },
    caBundlePem: opts.caBundle,
    gates: opts.gates,
    ...(opts.servedPaths !== undefined && { servedPaths: opts.servedPaths }),
  };
  const mutating = mutatingWebhookConfiguration(options);
  const validating = validatingWebhookConfiguration(options);
  try {
    await api.createMutatingWebhookConfiguration({ body: mutating }).catch(async (err: unknown) => {
      if (!isConflict(err)) throw err;
      const current = await api.readMutatingWebhookConfiguration({
        name: MUTATING_CONFIGURATION_NAME,
      });
      const body = {
        ...mutating,
        metadata: { ...mutating.metadata, resourceVersion: current.metadata?.resourceVersion },
      };
      await api.replaceMutatingWebhookConfiguration({ name: MUTATING_CONFIGURATION_NAME, body });
    });
    await api
      .createValidatingWebhookConfiguration({ body: validating })
      .catch(async (err: unknown) => {
        if (!isConflict(err)) throw err;
        const current = await api.readValidatingWebhookConfiguration({
          name: VALIDATING_CONFIGURATION_NAME,
        });
        const body = {
          ...validating,
          metadata: { ...validating.metadata, resourceVersion: current.metadata?.resourceVersion },
        };
        await api.replaceValidatingWebhookConfiguration({
          name: VALIDATING_CONFIGURATION_NAME,
          body,
        });
      });
  } catch (err) {
    throw toKubeApiError('register webhook configurations', err);
  }
}

export async function unregisterWebhooks(kc: KubeConfig): Promise<void> {
  const api = kc.makeApiClient(AdmissionregistrationV1Api);
  const ignoreMissing = (err: unknown) => {
    if (!isNotFound(err)) throw toKubeApiError('unregister webhook configurations', err);
  };
  await api
    .deleteMutatingWebhookConfiguration({ name: MUTATING_CONFIGURATION_NAME })
    .catch(ignoreMissing);
  await api
    .deleteValidatingWebhookConfiguration({ name: VALIDATING_CONFIGURATION_NAME })
    .catch(ignoreMissing);
}
