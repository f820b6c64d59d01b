/**
 * A watch the bench keeps open (client-node's Watch): every ADDED / MODIFIED
 * / DELETED object of a collection goes to `onEvent`, stamped with the time
 * it arrived. A connection the server ends is reopened from the last
 * resourceVersion seen (from scratch after a 410), so a long phase sees every
 * change.
 */
import { Watch, type KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '../../shared/kube/resource.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Watching {
  stop(): void;
}

export async function watchObjects<T extends KubeObject>(
  kc: KubeConfig,
  /** e.g. `/api/v1/namespaces/bench/pods` */
  path: string,
  onEvent: (type: WatchEventType, object: T, atMs: number) => void,
): Promise<Watching> {
  const watch = new Watch(kc);
  let stopped = false;
  let resourceVersion: string | undefined;
  let current: AbortController | undefined;
  const open = async (): Promise<void> => {
    current = await watch.watch(
      path,
      { allowWatchBookmarks: true, ...(resourceVersion !== undefined && { resourceVersion }) },
      (type: string, object: T) => {
        const atMs = performance.now();
        if (type === 'ERROR') {
          // 410 Gone: the resourceVersion is too old; the reopen starts afresh.
          resourceVersion = undefined;
          return;
        }
        resourceVersion = object.metadata?.resourceVersion ?? resourceVersion;
        if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED')
          onEvent(type, object, atMs);
      },
      () => {
        if (!stopped) setTimeout(() => void open().catch(() => undefined), 100);
      },
    );
  };
  await open();
  return {
    stop() {
      stopped = true;
      current?.abort();
    },
  };
}
