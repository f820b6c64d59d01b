/**
 * An informer over one selection of a resource, as client-go's reflector
 * keeps one: list, then watch from the list's resourceVersion, watching
 * again from the last resourceVersion seen when the server ends a watch;
 * on 410 Gone (an ERROR event) or a failure, list again, after a backoff of
 * 0.5 s doubling to 30 s for a failure (logged). `synced` turns true after
 * the first list.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { KubeClient } from './client.js';
import { resourcePath, type KubeObject, type Resource } from './resource.js';
import { watchObjects } from './watch.js';

export interface Informer {
  readonly synced: boolean;
  stop(): void;
}

export interface InformerEvents<T> {
  /** The whole selection after a list (objects gone since the last list are not in it). */
  replace(items: readonly T[]): void;
  upsert(object: T): void;
  remove(object: T): void;
}

export interface Selection {
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
}

const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;

/** Informs `on` of the objects of `resource` (every namespace) that `selection` selects. */
export function inform<T extends KubeObject>(
  kc: KubeConfig,
  client: KubeClient,
  resource: Resource<T>,
  selection: Selection,
  on: InformerEvents<T>,
  log: Logger,
): Informer {
  const abort = new AbortController();
  let synced = false;
  let backoff = FIRST_BACKOFF_MS;
  const loop = async () => {
    while (!abort.signal.aborted) {
      try {
        const list = await client.list(resource, selection);
        on.replace(list.items);
        synced = true;
        let rv = list.resourceVersion;
        for (;;) {
          let gone = false;
          await watchObjects<T>(
            kc,
            resourcePath(resource, {}),
            { ...selection, resourceVersion: rv, signal: abort.signal },
            (event) => {
              const next = event.object.metadata?.resourceVersion;
              if (event.type === 'ERROR') gone = true;
              else if (next !== undefined) rv = next;
              if (event.type === 'ADDED' || event.type === 'MODIFIED') on.upsert(event.object);
              else if (event.type === 'DELETED') on.remove(event.object);
            },
          );
          backoff = FIRST_BACKOFF_MS;
          if (gone || abort.signal.aborted) break;
        }
      } catch (err) {
        if (abort.signal.aborted) return;
        log.error(
          { err: err instanceof Error ? new Error(err.message) : err },
          `${resource.kind} watch failed`,
        );
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  };
  void loop();
  return {
    get synced() {
      return synced;
    },
    stop: () => abort.abort(),
  };
}
