/**
 * `make run` has no kubelet (nothing runs containers here), so this plays
 * the kubelet's API side, as the integration tests do: it registers a Node
 * and reports it Ready, and writes every pod of one namespace Running and
 * Ready through the status subresource (no container is started; there is
 * no scheduler either, so pods keep no nodeName). Without it an
 * OrderedReady Advanced StatefulSet would stop at its first pod.
 */
import type { Container, ContainerStatus, Node, Pod } from '../../shared/api/core/core-v1.js';
import type { KubeClient } from '../../shared/kube/client.js';
import { nodes, pods } from '../../shared/kube/core-resources.js';

const metaNow = (now: Date) => `${now.toISOString().slice(0, 19)}Z`;

/** The Node object a kubelet registers (labels included), status written separately. */
export const nodeObject = (name: string, labels: Readonly<Record<string, string>>): Node => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
});

/** The Ready condition a kubelet reports once its runtime is up. */
export const readyNodeStatus = (now: Date): Node['status'] => ({
  conditions: [
    {
      type: 'Ready',
      status: 'True',
      reason: 'KubeletReady',
      message: 'kubelet is posting ready status (make run stand-in)',
      lastHeartbeatTime: metaNow(now),
      lastTransitionTime: metaNow(now),
    },
  ],
});

/** Registers the Node and reports it Ready; resolves with when it became Ready. */
export async function registerReadyNode(
  client: KubeClient,
  name: string,
  labels: Readonly<Record<string, string>>,
): Promise<Date> {
  const created = await client.create(nodes, nodeObject(name, labels));
  const now = new Date();
  await client.updateStatus(nodes, { ...created, status: readyNodeStatus(now) });
  return now;
}

const runningContainer = (c: Container, started: string): ContainerStatus => ({
  name: c.name,
  image: c.image ?? '',
  imageID: '',
  ready: true,
  restartCount: 0,
  started: true,
  state: { running: { startedAt: started } },
});

/** A pod's status as a kubelet reports it once every container runs; other conditions kept. */
export function runningPodStatus(pod: Pod, now: Date): Pod['status'] {
  const t = metaNow(now);
  const kept = (pod.status?.conditions ?? []).filter(
    (c) => !['Ready', 'ContainersReady', 'Initialized', 'PodScheduled'].includes(c.type),
  );
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  return {
    ...pod.status,
    phase: 'Running',
    startTime: pod.status?.startTime ?? t,
    conditions: [
      ...kept,
      { type: 'PodScheduled', status: 'True', lastTransitionTime: t },
      { type: 'Initialized', status: 'True', lastTransitionTime: t },
      { type: 'ContainersReady', status: 'True', lastTransitionTime: t },
      { type: 'Ready', status: 'True', lastTransitionTime: t },
    ],
    ...(sidecars.length > 0 && {
      initContainerStatuses: sidecars.map((c) => runningContainer(c, t)),
    }),
    containerStatuses: (pod.spec?.containers ?? []).map((c) => runningContainer(c, t)),
  };
}

export interface StandInKubelet {
  /** Pods written Running so far, by name. */
  readonly reported: ReadonlySet<string>;
  stop(): Promise<void>;
}

/** Every 500 ms: each pod of `namespace` not yet Running (and not deleting) is written Running. */
export function startStandInKubelet(client: KubeClient, namespace: string): StandInKubelet {
  const reported = new Set<string>();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const { items } = await client
        .list(pods, { namespace })
        .catch(() => ({ items: [] as Pod[] }));
      for (const pod of items) {
        if (pod.metadata?.deletionTimestamp !== undefined || pod.status?.phase === 'Running')
          continue;
        await client
          .updateStatus(pods, { ...pod, status: runningPodStatus(pod, new Date()) })
          .then(() => reported.add(pod.metadata?.name ?? ''))
          .catch(() => undefined); // changed meanwhile: the next round sees it
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  return {
    reported,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
