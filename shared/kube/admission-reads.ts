/**
 * The reads the admission decisions need, through the shared client (one
 * kept-alive connection pool; the SidecarSet list is read every few hundred
 * ms). Lists page through consistent snapshots (no resourceVersion: a quorum
 * read); NotFound is an answer (`undefined`), not an error. Failures read
 * `<action>: <Status message>`, as OpenKruise's answers quote them.
 */
import { withAction } from './api-error.js';
import type { KubeClient } from './client.js';
import { configMaps, controllerRevisions, namespaces } from './core-resources.js';
import { sidecarSets } from './kruise-resources.js';

/** An object as the API server's JSON. */
export type KubeObject = { [key: string]: unknown };

export interface AdmissionReads {
  /** Every SidecarSet, sorted by name. */
  listSidecarSets(): Promise<KubeObject[]>;
  /**
   * Every SidecarSet's metadata only (a PartialObjectMetadataList, about half
   * the bytes of the objects), sorted by name: enough to tell whether a
   * previous list is still current.
   */
  listSidecarSetMetadata(): Promise<KubeObject[]>;
  /** A Namespace's labels; undefined when it does not exist. */
  namespaceLabels(name: string): Promise<Record<string, string> | undefined>;
  readControllerRevision(namespace: string, name: string): Promise<KubeObject | undefined>;
  listControllerRevisions(namespace: string, labelSelector: string): Promise<KubeObject[]>;
  readConfigMap(namespace: string, name: string): Promise<KubeObject | undefined>;
}

/** Reads an answer once more as plain JSON records, the form the decisions decode. */
const asRecords = <T>(items: T[]): KubeObject[] => items as unknown as KubeObject[];

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
        asRecords((await client.list(sidecarSets)).items.sort(byName)),
      ),
    listSidecarSetMetadata: () =>
      described('list SidecarSets', async () =>
        asRecords((await client.listMetadata(sidecarSets)).items.sort(byName)),
      ),
    namespaceLabels: (name) =>
      described(`get Namespace ${name}`, async () => {
        const ns = await client.find(namespaces, { name });
        return ns === undefined ? undefined : (ns.metadata?.labels ?? {});
      }),
    readControllerRevision: (namespace, name) =>
      described(`get ControllerRevision ${namespace}/${name}`, async () => {
        const rev = await client.find(controllerRevisions, { namespace, name });
        return rev === undefined ? undefined : (rev as unknown as KubeObject);
      }),
    listControllerRevisions: (namespace, labelSelector) =>
      described(`list ControllerRevisions in ${namespace}`, async () =>
        asRecords((await client.list(controllerRevisions, { namespace, labelSelector })).items),
      ),
    readConfigMap: (namespace, name) =>
      described(`get ConfigMap ${namespace}/${name}`, async () => {
        const cm = await client.find(configMaps, { namespace, name });
        return cm === undefined ? undefined : (cm as unknown as KubeObject);
      }),
  };
}
