/**
 * The reads the admission decisions need, through the shared client (one
 * kept-alive connection pool; the SidecarSet list is read every few hundred
 * ms). Lists page through consistent snapshots (no resourceVersion: a quorum
 * read); NotFound is an answer (`undefined`), not an error. Failures read
 * `<action>: <Status message>`, as OpenKruise's answers quote them.
 */
import { withAction } from '../../../shared/kube/api-error.js';
import type { ControllerRevision } from '../../../shared/api/core/apps-v1.js';
import type { ConfigMap } from '../../../shared/api/core/core-v1.js';
import type { SidecarSet } from '../../../shared/api/sidecarset.js';
import type { KubeClient, PartialObjectMetadata } from '../../../shared/kube/client.js';
import {
  configMaps,
  controllerRevisions,
  namespaces,
} from '../../../shared/kube/core-resources.js';
import { sidecarSets } from '../../../shared/kube/kruise-resources.js';

export interface AdmissionReads {
  /** Every SidecarSet, sorted by name. */
  listSidecarSets(): Promise<SidecarSet[]>;
  /**
   * Every SidecarSet's metadata only (a PartialObjectMetadataList, about half
   * the bytes of the objects), sorted by name: enough to tell whether a
   * previous list is still current.
   */
  listSidecarSetMetadata(): Promise<PartialObjectMetadata[]>;
  /** A Namespace's labels; undefined when it does not exist. */
  namespaceLabels(name: string): Promise<Record<string, string> | undefined>;
  readControllerRevision(namespace: string, name: string): Promise<ControllerRevision | undefined>;
  listControllerRevisions(namespace: string, labelSelector: string): Promise<ControllerRevision[]>;
  readConfigMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
}

const byName = (a: { metadata?: { name?: string } }, b: { metadata?: { name?: string } }) => {
  const x = a.metadata?.name ?? '';
  const y = b.metadata?.name ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
};

async function described<T>(action: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    throw withAction(action, err);
  }
}

export function kubeAdmissionReads(client: KubeClient): AdmissionReads {
  return {
    listSidecarSets: () =>
      described('list SidecarSets', async () =>
        (await client.list(sidecarSets)).items.sort(byName),
      ),
    listSidecarSetMetadata: () =>
      described('list SidecarSets', async () =>
        (await client.listMetadata(sidecarSets)).items.sort(byName),
      ),
    namespaceLabels: (name) =>
      described(`get Namespace ${name}`, async () => {
        const ns = await client.find(namespaces, { name });
        return ns === undefined ? undefined : (ns.metadata?.labels ?? {});
      }),
    readControllerRevision: (namespace, name) =>
      described(`get ControllerRevision ${namespace}/${name}`, () =>
        client.find(controllerRevisions, { namespace, name }),
      ),
    listControllerRevisions: (namespace, labelSelector) =>
      described(
        `list ControllerRevisions in ${namespace}`,
        async () => (await client.list(controllerRevisions, { namespace, labelSelector })).items,
      ),
    readConfigMap: (namespace, name) =>
      described(`get ConfigMap ${namespace}/${name}`, () =>
        client.find(configMaps, { namespace, name }),
      ),
  };
}
