/**
 * The Advanced StatefulSet integration tests' side of the cluster: sets
 * created through the API (and kruise-fn's admission webhook), and a kubelet
 * that reports the pods of the sets it is told to run: Running, Ready (and
 * ContainersReady), each container on its spec image with an imageID derived
 * from it. A pod whose image changed in place is reported on the new image,
 * which is how an in-place update completes. Sets it is not told about stay
 * Pending, so OrderedReady's wait can be seen.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pod } from '../../shared/api/core/core-v1.js';
import type { StatefulSet } from '../../shared/api/statefulset.js';
import type { KubeClient } from '../../shared/kube/client.js';
import { pods } from '../../shared/kube/core-resources.js';
import { statefulSets } from '../../shared/kube/kruise-resources.js';
import { imageID } from './sidecarset-fixture.js';

export const podsOf = async (client: KubeClient, namespace: string, app: string) =>
  (await client.list(pods, { namespace, labelSelector: `app=${app}` })).items;

export const names = (list: readonly Pod[]) =>
  list.map((p) => p.metadata?.name ?? '').sort((a, b) => ordinal(a) - ordinal(b));

const ordinal = (name: string) => Number(/-(\d+)$/.exec(name)?.[1] ?? -1);

/** A set from the seed sample's shape. */
export function sampleSet(name: string, spec: Partial<StatefulSet['spec']> = {}): StatefulSet {
  return {
    apiVersion: 'apps.kruise.io/v1beta1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: {
      replicas: 5,
      serviceName: 'fake-service',
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'main', image: 'nginx:alpine' }] },
      },
      ...spec,
    },
  };
}

function reported(pod: Pod): boolean {
  const statuses = pod.status?.containerStatuses ?? [];
  return (
    pod.status?.phase === 'Running' &&
    (pod.spec?.containers ?? []).every((c) =>
      statuses.some((s) => s.name === c.name && s.image === c.image),
    )
  );
}

/** A kubelet's report: Running, Ready and ContainersReady now, each container on its spec image. */
export function runningStatus(pod: Pod): Pod['status'] {
  const now = `${new Date().toISOString().slice(0, 19)}Z`;
  const others = (pod.status?.conditions ?? []).filter(
    (c) => c.type !== 'Ready' && c.type !== 'ContainersReady',
  );
  return {
    phase: 'Running',
    conditions: [
      ...others,
      { type: 'ContainersReady', status: 'True', lastTransitionTime: now },
      { type: 'Ready', status: 'True', lastTransitionTime: now },
    ],
    containerStatuses: (pod.spec?.containers ?? []).map((c) => ({
      name: c.name,
      image: c.image ?? '',
      imageID: imageID(c.image ?? ''),
      ready: true,
      restartCount: 0,
      started: true,
      state: { running: { startedAt: now } },
    })),
  };
}

export interface Kubelet {
  run(app: string): void;
  pause(app: string): void;
  stop(): Promise<void>;
}

export function startKubelet(client: KubeClient, namespace: string): Kubelet {
  const apps = new Set<string>();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      for (const app of apps) {
        for (const pod of await podsOf(client, namespace, app).catch(() => [])) {
          if (pod.metadata?.deletionTimestamp !== undefined || reported(pod)) continue;
          await client
            .updateStatus(pods, { ...pod, status: runningStatus(pod) })
            .catch(() => undefined); // changed meanwhile: next round
        }
      }
      await sleep(150);
    }
  })();
  return {
    run: (app) => apps.add(app),
    pause: (app) => apps.delete(app),
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

export async function setImage(client: KubeClient, namespace: string, name: string, image: string) {
  await client.patch(
    statefulSets,
    { namespace, name },
    {
      type: 'merge',
      body: { spec: { template: { spec: { containers: [{ name: 'main', image }] } } } },
    },
  );
}
