/**
 * Events to keys: each object an event names becomes the keys of every
 * controller that watches its resource (a pod → the SidecarSets that match
 * it, itself for launch priority and the terminator, its CRRs…), deduplicated
 * within the invocation. Mapping reads the cluster through one MapContext per
 * invocation (the SidecarSet list and Namespace labels once each).
 */
import type { SidecarSet } from '../../shared/api/sidecarset.js';
import type { KubeClient } from '../../shared/kube/client.js';
import { namespaces, pods } from '../../shared/kube/core-resources.js';
import { sidecarSets } from '../../shared/kube/kruise-resources.js';
import type { KubeObject, ObjectKey, Resource } from '../../shared/kube/resource.js';
import type { Logger } from '../../shared/log/index.js';
import type { MapContext, ObjectRef, ReconcileController } from './controller.js';

/** One controller's key. */
export interface ControllerKey {
  readonly controller: string;
  readonly key: ObjectKey;
}

export const keyString = (k: ControllerKey): string =>
  `${k.controller}/${k.key.namespace ?? ''}/${k.key.name}`;

/** Reads shared by every mapping of one invocation, each done at most once. */
export function mapContext(client: KubeClient): MapContext {
  let sets: Promise<readonly SidecarSet[]> | undefined;
  const labels = new Map<string, Promise<Readonly<Record<string, string>> | undefined>>();
  const reads = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    let pending = reads.get(key) as Promise<T> | undefined;
    if (pending === undefined) {
      pending = read();
      reads.set(key, pending);
    }
    return pending;
  };
  const namespaced = <T extends KubeObject>(resource: Resource<T>, namespace: string) =>
    once(`list ${resource.apiVersion}/${resource.plural} ${namespace}`, () =>
      client.list(resource, { namespace }).then((l): readonly T[] => l.items),
    );
  const listed = new Set<string>();
  return {
    client,
    pod: (key) =>
      once(`pod ${key.namespace}/${key.name}`, () =>
        listed.has(key.namespace)
          ? namespaced(pods, key.namespace).then((items) =>
              items.find((p) => p.metadata?.name === key.name),
            )
          : client.find(pods, key),
      ),
    readPodsByList: (namespace) => void listed.add(namespace),
    namespaced,
    sidecarSets: () => (sets ??= client.list(sidecarSets).then((l) => l.items)),
    namespaceLabels(name) {
      let read = labels.get(name);
      if (read === undefined) {
        read = client.find(namespaces, { name }).then((ns) => ns && (ns.metadata?.labels ?? {}));
        labels.set(name, read);
      }
      return read;
    },
  };
}

/**
 * An invocation naming at least this many pods of one namespace reads them
 * with one list rather than a read each (a rollout's audit batches name
 * hundreds; every pod read counts against the client's QPS budget).
 */
export const POD_LIST_THRESHOLD = 50;

/** Namespaces with at least POD_LIST_THRESHOLD distinct live pods named by `refs`. */
export function crowdedNamespaces(refs: readonly ObjectRef[]): string[] {
  const names = new Map<string, Set<string>>();
  for (const ref of refs) {
    if (ref.group !== '' || ref.resource !== 'pods' || ref.verb === 'delete') continue;
    const namespace = ref.namespace || 'default';
    const set = names.get(namespace) ?? new Set<string>();
    set.add(ref.name);
    names.set(namespace, set);
  }
  return [...names].filter(([, set]) => set.size >= POD_LIST_THRESHOLD).map(([ns]) => ns);
}

/** Adds each key once, in first-seen order. */
export function dedupe(keys: Iterable<ControllerKey>): ControllerKey[] {
  const seen = new Map<string, ControllerKey>();
  for (const k of keys) if (!seen.has(keyString(k))) seen.set(keyString(k), k);
  return [...seen.values()];
}

/**
 * The keys `refs` map to. A mapping that fails (its reads failed) is logged
 * and leaves that object's keys to the next event or the resync.
 */
export async function mapRefs(
  refs: readonly ObjectRef[],
  controllers: readonly ReconcileController[],
  ctx: MapContext,
  log: Logger,
): Promise<ControllerKey[]> {
  for (const namespace of crowdedNamespaces(refs)) ctx.readPodsByList(namespace);
  const keys: ControllerKey[] = [];
  for (const ref of refs) {
    for (const controller of controllers) {
      for (const watch of controller.watches) {
        if (watch.group !== ref.group || watch.resource !== ref.resource) continue;
        try {
          for (const key of await watch.keys(ref, ctx))
            keys.push({ controller: controller.name, key });
        } catch (err) {
          log.error(
            {
              err,
              controller: controller.name,
              resource: ref.resource,
              object: { name: ref.name, namespace: ref.namespace },
            },
            'Could not map an event to keys',
          );
        }
      }
    }
  }
  return dedupe(keys);
}
