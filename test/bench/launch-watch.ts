/**
 * What the launch-priority benches watch in one namespace: for each pod,
 * when its barrier ConfigMap first appeared, when each barrier key first
 * appeared, and when the pod first carried the completion annotation
 * (performance.now() at the watch event's arrival).
 *
 * With `kubelet`, it also plays the kubelet of a two-container pod whose
 * `sidecar` has priority 1: once `p_1` is in the barrier, it reports the
 * sidecar started and Ready (the main container not yet) through the status
 * subresource, as the kubelet reports a container that passed its barrier.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { ConfigMap, Pod } from '../../shared/api/core/core-v1.js';
import {
  BARRIER_SUFFIX,
  CONTAINER_LAUNCH_COMPLETED_ANNOTATION,
} from '../../shared/api/launch-priority.js';
import type { KubeClient } from '../../shared/kube/client.js';
import { pods } from '../../shared/kube/core-resources.js';
import { watchObjects } from './watch-objects.js';

const REPORTS_IN_FLIGHT = 8;
const startedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');

export interface LaunchWatch {
  /** Pod → when its barrier ConfigMap was first seen. */
  readonly barrier: ReadonlyMap<string, number>;
  /** Barrier key (`p_1`) → pod → when first seen in the pod's barrier. */
  released(key: string): ReadonlyMap<string, number>;
  /** Pod → when the kubelet's report of the sidecar Ready was answered. */
  readonly reported: ReadonlyMap<string, number>;
  /** Pod → when first seen with the completion annotation. */
  readonly completed: ReadonlyMap<string, number>;
  readonly reportFailures: number;
  stop(): void;
}

const sidecarReady = {
  status: {
    phase: 'Pending',
    containerStatuses: [
      { name: 'main', image: 'example/main:1', imageID: '', ready: false, restartCount: 0 },
      {
        name: 'sidecar',
        image: 'example/sidecar:1',
        imageID: '',
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: { startedAt } },
      },
    ],
  },
};

export async function watchLaunch(
  kc: KubeConfig,
  client: KubeClient,
  namespace: string,
  kubelet: boolean,
): Promise<LaunchWatch> {
  const barrier = new Map<string, number>();
  const released = new Map<string, Map<string, number>>();
  const reported = new Map<string, number>();
  const completed = new Map<string, number>();
  const queue: string[] = [];
  let inFlight = 0;
  let reportFailures = 0;

  const report = (): void => {
    while (inFlight < REPORTS_IN_FLIGHT && queue.length > 0) {
      const name = queue.shift() ?? '';
      inFlight++;
      const body = { type: 'merge' as const, body: sidecarReady };
      client
        .patch(pods, { namespace, name }, body, { subresource: 'status' })
        .then(
          () => void reported.set(name, performance.now()),
          () => {
            reportFailures++;
            queue.push(name);
          },
        )
        .finally(() => {
          inFlight--;
          report();
        });
    }
  };

  const configMapWatch = await watchObjects<ConfigMap>(
    kc,
    `/api/v1/namespaces/${namespace}/configmaps`,
    (type, cm, at) => {
      const name = cm.metadata?.name ?? '';
      if (type === 'DELETED' || !name.endsWith(BARRIER_SUFFIX)) return;
      const pod = name.slice(0, -BARRIER_SUFFIX.length);
      if (!barrier.has(pod)) barrier.set(pod, at);
      for (const key of Object.keys(cm.data ?? {})) {
        const byPod = released.get(key) ?? new Map<string, number>();
        released.set(key, byPod);
        if (byPod.has(pod)) continue;
        byPod.set(pod, at);
        if (kubelet && key === 'p_1') {
          queue.push(pod);
          report();
        }
      }
    },
  );
  const podWatch = await watchObjects<Pod>(
    kc,
    `/api/v1/namespaces/${namespace}/pods`,
    (type, pod, at) => {
      const name = pod.metadata?.name ?? '';
      const done = pod.metadata?.annotations?.[CONTAINER_LAUNCH_COMPLETED_ANNOTATION] === 'true';
      if (type !== 'DELETED' && done && !completed.has(name)) completed.set(name, at);
    },
  );
  return {
    barrier,
    released: (key) => released.get(key) ?? new Map(),
    reported,
    completed,
    get reportFailures() {
      return reportFailures;
    },
    stop() {
      configMapWatch.stop();
      podWatch.stop();
    },
  };
}

/** The bench's launch-priority pod: `sidecar` (priority 1) starts before `main`. */
export const launchPod = (namespace: string, name: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace },
  spec: {
    containers: [
      { name: 'main', image: 'example/main:1' },
      {
        name: 'sidecar',
        image: 'example/sidecar:1',
        env: [{ name: 'KRUISE_CONTAINER_PRIORITY', value: '1' }],
      },
    ],
  },
});
