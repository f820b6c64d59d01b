/**
 * CertsIO over the shared Kubernetes client. A missing Secret or webhook
 * configuration is an answer (`undefined`); a failure names what was being
 * done, and carries the apiserver's Status message, never Secret data (the
 * apiserver does not echo data values in a Status).
 */
import { withAction } from '../../shared/kube/api-error.js';
import type { KubeClient } from '../../shared/kube/client.js';
import { secrets } from '../../shared/kube/core-resources.js';
import { resource } from '../../shared/kube/resource.js';
import {
  MUTATING_CONFIGURATION_NAME,
  VALIDATING_CONFIGURATION_NAME,
} from '../../shared/webhook-names.js';
import type { CertsIO } from './certs-io.js';
import { ConfigKinds, type BundleWrite, type Crd, type WebhookConfiguration } from './observed.js';

const configuration = (kind: string, plural: string) =>
  resource<WebhookConfiguration>({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind,
    plural,
    namespaced: false,
  });

const RESOURCES = {
  [ConfigKinds.mutating]: configuration(ConfigKinds.mutating, 'mutatingwebhookconfigurations'),
  [ConfigKinds.validating]: configuration(
    ConfigKinds.validating,
    'validatingwebhookconfigurations',
  ),
  [ConfigKinds.crd]: resource<Crd>({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: ConfigKinds.crd,
    plural: 'customresourcedefinitions',
    namespaced: false,
  }),
};

async function described<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw withAction(action, err);
  }
}

export function kubeCertsIO(client: KubeClient, namespace: string, secretName: string): CertsIO {
  const key = { namespace, name: secretName };
  return {
    readSecret: () =>
      described(`read secret ${namespace}/${secretName}`, async () => {
        const s = await client.find(secrets, key);
        return s === undefined
          ? undefined
          : { resourceVersion: s.metadata?.resourceVersion ?? '', data: s.data ?? {} };
      }),
    createSecret: (data) =>
      described('create secret', async () => {
        const s = await client.create(secrets, { metadata: { ...key }, data });
        return s.metadata?.resourceVersion ?? '';
      }),
    updateSecret: (resourceVersion, data) =>
      described('update secret', async () => {
        const patch = { type: 'merge', body: { data } } as const;
        const s = await client.patch(secrets, key, patch, { resourceVersion });
        return s.metadata?.resourceVersion ?? '';
      }),
    readBundles: async () => {
      const [mutating, validating, crds] = await Promise.all([
        described('read mutating webhook configuration', () =>
          client.find(RESOURCES[ConfigKinds.mutating], { name: MUTATING_CONFIGURATION_NAME }),
        ),
        described('read validating webhook configuration', () =>
          client.find(RESOURCES[ConfigKinds.validating], {
            name: VALIDATING_CONFIGURATION_NAME,
          }),
        ),
        described('list crds', () => client.list(RESOURCES[ConfigKinds.crd])),
      ]);
      return { mutating, validating, crds: crds.items };
    },
    write: async (change: BundleWrite) => {
      const name = change.object.metadata?.name ?? '';
      await described(`update ${change.kind} ${name}`, () =>
        client.update(RESOURCES[change.kind], change.object),
      );
    },
  };
}
