/**
 * CertsIO over the Kubernetes API (@kubernetes/client-node). A 409 becomes
 * ConflictError; a 404 on read means absent; other errors propagate with the
 * API status code only (no response body, which could echo Secret data).
 */
import {
  AdmissionregistrationV1Api,
  ApiException,
  ApiextensionsV1Api,
  CoreV1Api,
  type KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type V1CustomResourceDefinition,
  type V1MutatingWebhookConfiguration,
  type V1ValidatingWebhookConfiguration,
} from '@kubernetes/client-node';
import {
  MUTATING_WEBHOOK_CONFIGURATION,
  VALIDATING_WEBHOOK_CONFIGURATION,
} from '../../shared/certs/names.js';
import { KruiseFnError } from '../../shared/errors.js';
import { ConflictError, type CertsIO } from './certs-io.js';
import { ConfigKinds, type BundleWrite } from './observed.js';

const codeOf = (err: unknown): number | undefined =>
  err instanceof ApiException ? err.code : undefined;

function translate(err: unknown, what: string): Error {
  const code = codeOf(err);
  if (code === 409) return new ConflictError(`${what}: conflict`);
  if (code !== undefined) return new KruiseFnError(`${what}: API status ${code}`);
  return err instanceof Error ? err : new KruiseFnError(`${what}: ${String(err)}`);
}

async function orAbsent<T>(read: Promise<T>, what: string): Promise<T | undefined> {
  try {
    return await read;
  } catch (err) {
    if (codeOf(err) === 404) return undefined;
    throw translate(err, what);
  }
}

async function mapErrors<T>(call: Promise<T>, what: string): Promise<T> {
  try {
    return await call;
  } catch (err) {
    throw translate(err, what);
  }
}

export function kubeCertsIO(kc: KubeConfig, namespace: string, secretName: string): CertsIO {
  const core = kc.makeApiClient(CoreV1Api);
  const admission = kc.makeApiClient(AdmissionregistrationV1Api);
  const ext = kc.makeApiClient(ApiextensionsV1Api);
  const secretWhat = `read secret ${namespace}/${secretName}`;
  return {
    async readSecret() {
      const s = await orAbsent(
        core.readNamespacedSecret({ name: secretName, namespace }),
        secretWhat,
      );
      return s === undefined
        ? undefined
        : { resourceVersion: s.metadata?.resourceVersion ?? '', data: s.data ?? {} };
    },
    async createSecret(data) {
      const body = { metadata: { name: secretName, namespace }, data };
      const s = await mapErrors(core.createNamespacedSecret({ namespace, body }), 'create secret');
      return s.metadata?.resourceVersion ?? '';
    },
    async updateSecret(resourceVersion, data) {
      // A merge patch carrying metadata.resourceVersion is a precondition: 409 if stale.
      const body = { metadata: { resourceVersion }, data };
      const s = await mapErrors(
        core.patchNamespacedSecret(
          { name: secretName, namespace, body },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
        ),
        'update secret',
      );
      return s.metadata?.resourceVersion ?? '';
    },
    async readBundles() {
      const [mutating, validating, crds] = await Promise.all([
        orAbsent(
          admission.readMutatingWebhookConfiguration({ name: MUTATING_WEBHOOK_CONFIGURATION }),
          'read mutating webhook configuration',
        ),
        orAbsent(
          admission.readValidatingWebhookConfiguration({ name: VALIDATING_WEBHOOK_CONFIGURATION }),
          'read validating webhook configuration',
        ),
        mapErrors(ext.listCustomResourceDefinition(), 'list crds'),
      ]);
      return { mutating, validating, crds: crds.items };
    },
    async write(change: BundleWrite) {
      const name = change.object.metadata?.name ?? '';
      const what = `update ${change.kind} ${name}`;
      // The objects came from this client's reads; the plan only set caBundle fields.
      switch (change.kind) {
        case ConfigKinds.mutating:
          await mapErrors(
            admission.replaceMutatingWebhookConfiguration({
              name,
              body: change.object as V1MutatingWebhookConfiguration,
            }),
            what,
          );
          return;
        case ConfigKinds.validating:
          await mapErrors(
            admission.replaceValidatingWebhookConfiguration({
              name,
              body: change.object as V1ValidatingWebhookConfiguration,
            }),
            what,
          );
          return;
        case ConfigKinds.crd:
          await mapErrors(
            ext.replaceCustomResourceDefinition({
              name,
              body: change.object as V1CustomResourceDefinition,
            }),
            what,
          );
          return;
      }
    },
  };
}
