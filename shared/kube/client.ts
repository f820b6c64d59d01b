/**
 * The typed Kubernetes client every function uses: get / list / create /
 * update / updateStatus / patch (merge, strategic-merge, JSON patch) /
 * delete over one transport (kept-alive connections, client-side rate
 * limit). Writes carry resourceVersion preconditions, so a stale write is a
 * ConflictError and never overwrites a newer object. Failures are the
 * classified errors of api-error.ts.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { isNotFound } from './api-error.js';
import { InvalidPathSegmentError } from './path-segment.js';
import { resourcePath, type KubeObject, type ObjectKey, type Resource } from './resource.js';
import { kubeTransport, type KubeTransport, type TransportOptions } from './transport.js';

export interface JsonPatchOperation {
  readonly op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  readonly path: string;
  readonly value?: unknown;
  readonly from?: string;
}

export type Patch =
  | { readonly type: 'merge'; readonly body: Record<string, unknown> }
  | { readonly type: 'strategic'; readonly body: Record<string, unknown> }
  | { readonly type: 'json'; readonly operations: readonly JsonPatchOperation[] };

export const PATCH_CONTENT_TYPES = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
} as const;

export interface ListOptions {
  /** A namespaced resource's namespace; absent lists all namespaces. */
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
}

export interface ListResult<T> {
  readonly items: T[];
  /** The list's resourceVersion (the last page's). */
  readonly resourceVersion: string;
}

export interface PatchOptions {
  readonly subresource?: 'status';
  /** Apply only if the object is still at this resourceVersion (else ConflictError). */
  readonly resourceVersion?: string;
}

export interface DeleteOptions {
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
  readonly propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
}

/** metav1.PartialObjectMetadata: an object reduced to its metadata. */
export type PartialObjectMetadata = KubeObject;

export interface KubeClient {
  /** The object; NotFoundError when it does not exist. */
  get<T extends KubeObject>(r: Resource<T>, key: ObjectKey): Promise<T>;
  /** The object, or undefined when it does not exist. */
  find<T extends KubeObject>(r: Resource<T>, key: ObjectKey): Promise<T | undefined>;
  /** Every object (all pages) from consistent reads. */
  list<T extends KubeObject>(r: Resource<T>, options?: ListOptions): Promise<ListResult<T>>;
  /** Every object's metadata only (about half the bytes of the objects). */
  listMetadata(
    r: Resource<KubeObject>,
    options?: ListOptions,
  ): Promise<ListResult<PartialObjectMetadata>>;
  /** AlreadyExistsError when the name is taken. */
  create<T extends KubeObject>(r: Resource<T>, object: T): Promise<T>;
  /** PUT; the object's metadata.resourceVersion is the precondition (ConflictError if stale). */
  update<T extends KubeObject>(r: Resource<T>, object: T): Promise<T>;
  /** PUT of the status subresource, with the same precondition. */
  updateStatus<T extends KubeObject>(r: Resource<T>, object: T): Promise<T>;
  patch<T extends KubeObject>(
    r: Resource<T>,
    key: ObjectKey,
    patch: Patch,
    options?: PatchOptions,
  ): Promise<T>;
  delete(r: Resource<KubeObject>, key: ObjectKey, options?: DeleteOptions): Promise<void>;
}

const PAGE = 500;
const METADATA_LIST = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';

interface ListPage {
  readonly items?: unknown;
  readonly metadata?: { readonly continue?: string; readonly resourceVersion?: string };
}

const query = (params: Record<string, string | number | undefined>): string => {
  const set = Object.entries(params).filter(
    (e): e is [string, string | number] => e[1] !== undefined && e[1] !== '',
  );
  return set.length === 0
    ? ''
    : `?${set.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
};

/**
 * A precondition inside the patch itself: the apiserver refuses the patched
 * object with 409 when its resourceVersion is not the current one.
 */
function withPrecondition(patch: Patch, resourceVersion: string | undefined): unknown {
  if (patch.type === 'json') {
    if (resourceVersion === undefined) return patch.operations;
    const rv = { op: 'replace', path: '/metadata/resourceVersion', value: resourceVersion };
    return [rv, ...patch.operations];
  }
  if (resourceVersion === undefined) return patch.body;
  const metadata = (patch.body['metadata'] ?? {}) as Record<string, unknown>;
  return { ...patch.body, metadata: { ...metadata, resourceVersion } };
}

const objectKey = (object: KubeObject): ObjectKey => ({
  name: object.metadata?.name ?? '',
  ...(object.metadata?.namespace !== undefined && { namespace: object.metadata.namespace }),
});

/** A client over `transport`; the objects it returns are the API's JSON. */
export function clientOver(transport: KubeTransport): KubeClient {
  // The API server answers with objects its schema (or core validation) admitted.
  const call = <T>(...args: Parameters<KubeTransport>) => transport(...args) as Promise<T>;
  async function listPages<T>(path: string, options: ListOptions, accept?: string) {
    const items: T[] = [];
    let resourceVersion = '';
    let token: string | undefined;
    do {
      const page = await call<ListPage>({
        method: 'GET',
        path:
          path +
          query({
            labelSelector: options.labelSelector,
            fieldSelector: options.fieldSelector,
            limit: PAGE,
            continue: token,
          }),
        ...(accept !== undefined && { accept }),
      });
      if (Array.isArray(page.items)) items.push(...(page.items as T[]));
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
      token = page.metadata?.continue;
    } while (token !== undefined && token !== '');
    return { items, resourceVersion };
  }
  // async: a path that cannot be built rejects like any failed call, never throws.
  const client: KubeClient = {
    get: async (r, key) => call({ method: 'GET', path: resourcePath(r, key) }),
    async find(r, key) {
      try {
        return await client.get(r, key);
      } catch (err) {
        // A name no object can have (`..`, `a/b`) finds nothing, as a cached client's read.
        if (isNotFound(err) || err instanceof InvalidPathSegmentError) return undefined;
        throw err;
      }
    },
    list: async (r, options = {}) => listPages(resourcePath(r, options), options),
    listMetadata: async (r, options = {}) =>
      listPages(resourcePath(r, options), options, METADATA_LIST),
    create: async (r, object) =>
      call({
        method: 'POST',
        path: resourcePath(r, { ...objectKey(object), name: '' }),
        body: JSON.stringify(object),
      }),
    update: async (r, object) =>
      call({
        method: 'PUT',
        path: resourcePath(r, objectKey(object)),
        body: JSON.stringify(object),
      }),
    updateStatus: async (r, object) =>
      call({
        method: 'PUT',
        path: resourcePath(r, objectKey(object), 'status'),
        body: JSON.stringify(object),
      }),
    patch: async (r, key, patch, options = {}) =>
      call({
        method: 'PATCH',
        path: resourcePath(r, key, options.subresource),
        body: JSON.stringify(withPrecondition(patch, options.resourceVersion)),
        contentType: PATCH_CONTENT_TYPES[patch.type],
      }),
    async delete(r, key, options = {}) {
      const body = {
        apiVersion: 'v1',
        kind: 'DeleteOptions',
        ...(options.preconditions !== undefined && { preconditions: options.preconditions }),
        ...(options.propagationPolicy !== undefined && {
          propagationPolicy: options.propagationPolicy,
        }),
      };
      await call({ method: 'DELETE', path: resourcePath(r, key), body: JSON.stringify(body) });
    },
  };
  return client;
}

/** A client to the current cluster of `kc`. */
export const kubeClient = (kc: KubeConfig, options?: TransportOptions): KubeClient =>
  clientOver(kubeTransport(kc, options));
