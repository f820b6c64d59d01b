/**
 * The reads the admission decisions need, over @kubernetes/client-node; the
 * SidecarSet list, read every few hundred ms, as raw JSON over a kept-alive
 * connection (raw-get.ts). Lists page through consistent snapshots (no
 * resourceVersion: a quorum read); NotFound is an answer (`undefined`), not
 * an error.
 */
import { AppsV1Api, CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { isNotFound, toKubeApiError } from './api-error.js';
import { jsonGetter, type JsonGet } from './raw-get.js';

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

const PAGE = 500;
const SIDECARSETS_PATH = '/apis/apps.kruise.io/v1alpha1/sidecarsets';
const METADATA_LIST = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';

interface ListPage {
  readonly items?: unknown;
  readonly metadata?: { readonly _continue?: string; readonly continue?: string };
}

const isObject = (value: unknown): value is KubeObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const nameOf = (o: KubeObject): string => {
  const metadata = o['metadata'];
  return isObject(metadata) && typeof metadata['name'] === 'string' ? metadata['name'] : '';
};

async function listAll(page: (token: string | undefined) => Promise<ListPage>) {
  const items: KubeObject[] = [];
  let token: string | undefined;
  do {
    const result = await page(token);
    if (Array.isArray(result.items)) items.push(...result.items.filter(isObject));
    token = result.metadata?._continue ?? result.metadata?.continue;
  } while (token !== undefined && token !== '');
  return items;
}

/** Typed client objects as plain JSON (client-node returns class instances with dates). */
const plain = (value: unknown): KubeObject => JSON.parse(JSON.stringify(value)) as KubeObject;

async function orUndefined<T>(action: string, read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw toKubeApiError(action, err);
  }
}

async function listSidecarSets(get: JsonGet, accept: string): Promise<KubeObject[]> {
  try {
    const items = await listAll(
      (token) =>
        get(
          `${SIDECARSETS_PATH}?limit=${PAGE}` +
            (token === undefined ? '' : `&continue=${encodeURIComponent(token)}`),
          accept,
        ) as Promise<ListPage>,
    );
    return items.sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0));
  } catch (err) {
    throw toKubeApiError('list SidecarSets', err);
  }
}

export function kubeAdmissionReads(kc: KubeConfig): AdmissionReads {
  const get = jsonGetter(kc);
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  return {
    listSidecarSets: () => listSidecarSets(get, 'application/json'),
    listSidecarSetMetadata: () => listSidecarSets(get, METADATA_LIST),
    async namespaceLabels(name) {
      const ns = await orUndefined(`get Namespace ${name}`, () => core.readNamespace({ name }));
      return ns === undefined ? undefined : (ns.metadata?.labels ?? {});
    },
    async readControllerRevision(namespace, name) {
      const action = `get ControllerRevision ${namespace}/${name}`;
      const rev = await orUndefined(action, () =>
        apps.readNamespacedControllerRevision({ namespace, name }),
      );
      return rev === undefined ? undefined : plain(rev);
    },
    async listControllerRevisions(namespace, labelSelector) {
      try {
        const items = await listAll(async (token) => {
          const list = await apps.listNamespacedControllerRevision({
            namespace,
            labelSelector,
            limit: PAGE,
            ...(token !== undefined && { _continue: token }),
          });
          return {
            items: list.items.map(plain),
            metadata: { _continue: list.metadata?._continue },
          };
        });
        return items;
      } catch (err) {
        throw toKubeApiError(`list ControllerRevisions in ${namespace}`, err);
      }
    },
    async readConfigMap(namespace, name) {
      const action = `get ConfigMap ${namespace}/${name}`;
      const cm = await orUndefined(action, () => core.readNamespacedConfigMap({ namespace, name }));
      return cm === undefined ? undefined : plain(cm);
    },
  };
}
