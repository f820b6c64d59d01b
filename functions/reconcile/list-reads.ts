/**
 * Batch-scoped reads by list. An audit batch of a fan-out names hundreds of
 * objects of one kind (Nodes, NodeImages), and each mapping and each key's
 * reconcile would read its objects one GET at a time, every GET against the
 * same client budget (QPS 30): a 400-event batch of NodeImage writes cost
 * about 1,000 GETs, 33 s of budget, and batches kept coming faster than that.
 *
 * Instead, a kind that at least LIST_READ_THRESHOLD distinct objects of the
 * batch will be read by name (crowdedKinds: the objects watches read to map
 * their events, and the kinds every key of a controller reads, when the
 * batch holds that many keys of it) is listed once, at its first read, and
 * that list answers the batch's reads by name.
 *
 * Each key still decides on state read after its event: the list is taken
 * after the batch arrived. An object this batch writes (or tries to: a 409
 * is a stale read) is read with a GET from then on, so a retry after a
 * conflict, and whatever runs after the write, sees the write. A change by
 * another writer after the list is an event of its own, and a later batch
 * reads it. Requeues run later, on the plain client (run.ts).
 */
import { NotFoundError } from '../../shared/kube/api-error.js';
import type { KubeClient } from '../../shared/kube/client.js';
import type { KubeObject, ObjectKey, Resource } from '../../shared/kube/resource.js';
import type { ObjectRef, ReconcileController } from './controller.js';
import type { ControllerKey } from './map-refs.js';

/** Distinct objects of one kind a batch reads by name before one list is cheaper. */
export const LIST_READ_THRESHOLD = 50;

const kindId = (r: Resource<KubeObject>): string => `${r.apiVersion}/${r.plural}`;

/**
 * The kinds a batch reads by list: a watch's `reads` kind when at least
 * LIST_READ_THRESHOLD distinct objects its events name (not deletes) are read
 * to map them, and each of a controller's `keyReads` kinds when the batch
 * holds at least LIST_READ_THRESHOLD keys of that controller. Pure.
 */
export function crowdedKinds(
  refs: readonly ObjectRef[],
  keys: readonly ControllerKey[],
  controllers: readonly ReconcileController[],
  threshold = LIST_READ_THRESHOLD,
): Resource<KubeObject>[] {
  const names = new Map<string, { resource: Resource<KubeObject>; names: Set<string> }>();
  const add = (r: Resource<KubeObject>, name: string) => {
    const entry = names.get(kindId(r)) ?? { resource: r, names: new Set<string>() };
    entry.names.add(name);
    names.set(kindId(r), entry);
  };
  for (const ref of refs) {
    if (ref.verb === 'delete') continue;
    for (const c of controllers)
      for (const w of c.watches)
        if (w.reads !== undefined && w.group === ref.group && w.resource === ref.resource)
          add(w.reads, `${ref.namespace ?? ''}/${ref.name}`);
  }
  const crowded = new Map<string, Resource<KubeObject>>();
  for (const { resource, names: set } of names.values())
    if (set.size >= threshold) crowded.set(kindId(resource), resource);
  for (const c of controllers) {
    if (c.keyReads === undefined) continue;
    const mine = new Set(
      keys
        .filter((k) => k.controller === c.name)
        .map((k) => `${k.key.namespace ?? ''}/${k.key.name}`),
    );
    if (mine.size >= threshold) for (const r of c.keyReads) crowded.set(kindId(r), r);
  }
  return [...crowded.values()];
}

export interface ListBackedClient extends KubeClient {
  /** From now on, answer reads by name of `resource` from one list of it (all namespaces). */
  readByList(resource: Resource<KubeObject>): void;
}

/** `client` with the reads by name of the kinds given to readByList answered from one list each. */
export function listBackedClient(client: KubeClient): ListBackedClient {
  const kinds = new Map<string, Resource<KubeObject>>();
  const lists = new Map<string, Promise<ReadonlyMap<string, KubeObject>>>();
  const written = new Set<string>();
  const objectId = (r: Resource<KubeObject>, key: ObjectKey) =>
    `${kindId(r)}/${r.namespaced ? (key.namespace ?? '') : ''}/${key.name}`;
  const snapshot = (r: Resource<KubeObject>) => {
    let pending = lists.get(kindId(r));
    if (pending === undefined) {
      pending = client.list(r).then(
        (l) =>
          new Map(
            l.items.map((o) => [
              objectId(r, {
                name: o.metadata?.name ?? '',
                namespace: o.metadata?.namespace ?? '',
              }),
              o,
            ]),
          ),
      );
      // A failed list is not kept: the next read lists again.
      pending.catch(() => lists.delete(kindId(r)));
      lists.set(kindId(r), pending);
    }
    return pending;
  };
  const listed = (r: Resource<KubeObject>, key: ObjectKey) =>
    kinds.has(kindId(r)) && !written.has(objectId(r, key));
  async function find<T extends KubeObject>(r: Resource<T>, key: ObjectKey) {
    if (!listed(r, key)) return client.find(r, key);
    const found = (await snapshot(r)).get(objectId(r, key));
    // Each caller gets its own copy: plans build on what they read.
    return found === undefined ? undefined : (structuredClone(found) as T);
  }
  const writing = (r: Resource<KubeObject>, key: ObjectKey) => void written.add(objectId(r, key));
  const keyOf = (o: KubeObject): ObjectKey => ({
    name: o.metadata?.name ?? '',
    ...(o.metadata?.namespace !== undefined && { namespace: o.metadata.namespace }),
  });
  return {
    readByList: (r) => void kinds.set(kindId(r), r),
    find,
    async get(r, key) {
      if (!listed(r, key)) return client.get(r, key);
      const found = await find(r, key);
      if (found === undefined)
        throw new NotFoundError(`${r.plural} "${key.name}" not found`, { status: 404 });
      return found;
    },
    list: (r, options) => client.list(r, options),
    listMetadata: (r, options) => client.listMetadata(r, options),
    create(r, object) {
      writing(r, keyOf(object));
      return client.create(r, object);
    },
    update(r, object) {
      writing(r, keyOf(object));
      return client.update(r, object);
    },
    updateStatus(r, object) {
      writing(r, keyOf(object));
      return client.updateStatus(r, object);
    },
    patch(r, key, patch, options) {
      writing(r, key);
      return client.patch(r, key, patch, options);
    },
    delete(r, key, options) {
      writing(r, key);
      return client.delete(r, key, options);
    },
  };
}
