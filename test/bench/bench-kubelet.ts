/**
 * The kubelet of the SidecarSet rollout bench: it watches the pods of one
 * namespace and, as soon as it sees a pod with no container statuses yet or
 * with a container whose spec image is not the image its status reports,
 * reports every container running its spec image (imageID derived from it,
 * as test/support/sidecarset-fixture.ts does), Ready, the pod Running. That
 * is a sidecar restarted in place at once. The report is a merge patch of
 * the status subresource, as a kubelet's status manager sends, so it never
 * conflicts with the controller's writes of the pod.
 *
 * For one container (`tracked`) it notes, per image, when each pod's spec
 * was first seen with it and when the report of it was answered.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Container, ContainerStatus, Pod } from '../../shared/api/core/core-v1.js';
import type { KubeClient } from '../../shared/kube/client.js';
import { pods } from '../../shared/kube/core-resources.js';
import { imageID } from '../support/sidecarset-fixture.js';
import { watchObjects } from './watch-objects.js';

/** Status reports sent at once: the apiserver and etcd share two cores with the function. */
const IN_FLIGHT = 8;

export interface BenchKubelet {
  /** Pod → when its spec was first seen with `image` for the tracked container (performance.now()). */
  seen(image: string): ReadonlyMap<string, number>;
  /** Pod → when the report of `image` for the tracked container was answered. */
  reported(image: string): ReadonlyMap<string, number>;
  /** Status reports that failed (the pod is reported again on its next event). */
  readonly failures: number;
  stop(): void;
}

const startedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');

function running(c: Container, before: ContainerStatus | undefined): ContainerStatus {
  const image = c.image ?? '';
  const restarted = before !== undefined && before.image !== image;
  return {
    name: c.name,
    image,
    imageID: imageID(image),
    ready: true,
    started: true,
    restartCount: (before?.restartCount ?? 0) + (restarted ? 1 : 0),
    state: { running: { startedAt } },
  };
}

/** The status the kubelet reports, or undefined when the pod already reports it. */
function reportOf(pod: Pod): Record<string, unknown> | undefined {
  const containers = pod.spec?.containers ?? [];
  const statuses = new Map((pod.status?.containerStatuses ?? []).map((s) => [s.name, s]));
  const current = containers.every((c) => statuses.get(c.name)?.image === c.image);
  if (current && pod.status?.phase === 'Running') return undefined;
  const ready = { status: 'True', lastTransitionTime: startedAt };
  return {
    status: {
      phase: 'Running',
      conditions: [
        { type: 'Ready', ...ready },
        { type: 'ContainersReady', ...ready },
      ],
      containerStatuses: containers.map((c) => running(c, statuses.get(c.name))),
    },
  };
}

export async function startBenchKubelet(
  kc: KubeConfig,
  client: KubeClient,
  namespace: string,
  tracked: string,
): Promise<BenchKubelet> {
  const latest = new Map<string, Pod>();
  const seen = new Map<string, Map<string, number>>();
  const reported = new Map<string, Map<string, number>>();
  const queued = new Set<string>();
  const inFlight = new Set<string>();
  let failures = 0;
  const note = (book: Map<string, Map<string, number>>, image: string, pod: string, at: number) => {
    const byPod = book.get(image) ?? new Map<string, number>();
    book.set(image, byPod);
    if (!byPod.has(pod)) byPod.set(pod, at);
  };
  const trackedImage = (pod: Pod) =>
    pod.spec?.containers.find((c) => c.name === tracked)?.image ?? '';
  // etcd revisions: the bench may compare them (Kubernetes asks clients not to in general).
  const revision = (pod: Pod | undefined) => Number(pod?.metadata?.resourceVersion ?? 0);
  /** Keeps the newest of what the watch and the patch answers tell, so nothing is reported twice. */
  const remember = (name: string, pod: Pod): boolean => {
    if (revision(pod) < revision(latest.get(name))) return false;
    latest.set(name, pod);
    return true;
  };

  const pump = (): void => {
    for (const name of queued) {
      if (inFlight.size >= IN_FLIGHT) return;
      if (inFlight.has(name)) continue;
      queued.delete(name);
      const pod = latest.get(name);
      const body = pod === undefined ? undefined : reportOf(pod);
      if (pod === undefined || body === undefined) continue;
      inFlight.add(name);
      const image = trackedImage(pod);
      client
        .patch(pods, { namespace, name }, { type: 'merge', body }, { subresource: 'status' })
        .then(
          (answered) => {
            note(reported, image, name, performance.now());
            remember(name, answered);
          },
          () => void failures++,
        )
        .finally(() => {
          inFlight.delete(name);
          // A newer spec seen meanwhile is reported now.
          const now = latest.get(name);
          if (now !== undefined && reportOf(now) !== undefined) queued.add(name);
          pump();
        });
    }
  };

  const watching = await watchObjects<Pod>(
    kc,
    `/api/v1/namespaces/${namespace}/pods`,
    (type, pod, at) => {
      const name = pod.metadata?.name ?? '';
      if (type === 'DELETED') {
        latest.delete(name);
        return;
      }
      if (!remember(name, pod)) return;
      note(seen, trackedImage(pod), name, at);
      if (reportOf(pod) !== undefined) {
        queued.add(name);
        pump();
      }
    },
  );
  return {
    seen: (image) => seen.get(image) ?? new Map(),
    reported: (image) => reported.get(image) ?? new Map(),
    get failures() {
      return failures;
    },
    stop: () => watching.stop(),
  };
}
