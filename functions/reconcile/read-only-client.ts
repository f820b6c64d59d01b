/**
 * Test support beside the controllers: a KubeClient over a fixed set of
 * objects that answers reads as the apiserver does (a missing object is a
 * NotFoundError) and records, but refuses, every write. Faked at the I/O
 * boundary: the controllers' own modules run unchanged.
 */
import { NotFoundError } from '../../shared/kube/api-error.js';
import type { KubeClient } from '../../shared/kube/client.js';
import { resourcePath, type KubeObject, type Resource } from '../../shared/kube/resource.js';
import type { MapContext } from './controller.js';
import { mapContext } from './map-refs.js';

export interface ReadOnlyClient extends KubeClient {
  /** Every read as `GET <path>` (with `?fieldSelector=` for a list), in order. */
  readonly reads: string[];
}

export function readOnlyClient(
  objects: readonly { resource: Resource<KubeObject>; object: KubeObject }[],
): ReadOnlyClient {
  const byPath = new Map(
    objects.map(({ resource, object }) => [
      resourcePath(resource, {
        name: object.metadata?.name ?? '',
        namespace: object.metadata?.namespace ?? '',
      }),
      structuredClone(object),
    ]),
  );
  const reads: string[] = [];
  const refuse = (verb: string) => () => Promise.reject(new Error(`unexpected ${verb}`));
  const get = <T extends KubeObject>(r: Resource<T>, key: { name: string; namespace?: string }) => {
    const path = resourcePath(r, key);
    reads.push(`GET ${path}`);
    const found = byPath.get(path);
    if (found === undefined) {
      return Promise.reject(
        new NotFoundError(`${r.plural} "${key.name}" not found`, { status: 404 }),
      );
    }
    return Promise.resolve(structuredClone(found) as T);
  };
  const list = <T extends KubeObject>(
    r: Resource<T>,
    options: { namespace?: string; fieldSelector?: string } = {},
  ) => {
    const prefix = resourcePath(
      r,
      options.namespace === undefined ? {} : { namespace: options.namespace },
    );
    reads.push(
      `GET ${prefix}${options.fieldSelector === undefined ? '' : `?fieldSelector=${options.fieldSelector}`}`,
    );
    const items = objects
      .filter(({ resource, object }) => {
        if (resource.plural !== r.plural || resource.apiVersion !== r.apiVersion) return false;
        return options.namespace === undefined || object.metadata?.namespace === options.namespace;
      })
      .map(({ object }) => structuredClone(object) as T);
    return Promise.resolve({ items, resourceVersion: '1' });
  };
  return {
    reads,
    get,
    find: (r, key) =>
      get(r, key).catch((err: unknown) =>
        err instanceof NotFoundError ? undefined : Promise.reject(err),
      ),
    list,
    listMetadata: (r, options) => list(r, options),
    create: refuse('create'),
    update: refuse('update'),
    updateStatus: refuse('updateStatus'),
    patch: refuse('patch'),
    delete: refuse('delete'),
  };
}

/** The mapping context over `client`; these controllers read neither SidecarSets nor Namespaces. */
export const mapContextOver = (client: KubeClient): MapContext => ({
  ...mapContext(client),
  sidecarSets: () => Promise.reject(new Error('unexpected SidecarSet read')),
  namespaceLabels: () => Promise.reject(new Error('unexpected Namespace read')),
});
