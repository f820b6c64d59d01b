/**
 * SidecarSets and the pods they match in a test namespace, with this test
 * playing the kubelet: SidecarSets and pods go through kruise-fn's admission
 * webhook (hashes, injection), and pod status is written through the status
 * subresource as a kubelet would (running, Ready, each container's image and
 * an imageID derived from it). Pod i is reported Ready i minutes after the
 * first, so the update order (most recently ready first) is …-9, …-8, …
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Container, ContainerStatus, Pod } from '../../shared/api/core/core-v1.js';
import type { SidecarSet, SidecarSetSpec } from '../../shared/api/sidecarset.js';
import { isConflict } from '../../shared/kube/api-error.js';
import type { KubeClient } from '../../shared/kube/client.js';
import { pods } from '../../shared/kube/core-resources.js';
import { sidecarSets } from '../../shared/kube/kruise-resources.js';

/** The pod webhook injects from SidecarSets read at most this long ago (functions/admission/cluster). */
const CACHE_BOUND_MS = 1_000;

export const imageID = (image: string) =>
  `docker.io/${image.split(':')[0] ?? ''}@sha256:${createHash('sha256').update(image).digest('hex')}`;

const running = (c: Container): ContainerStatus => ({
  name: c.name,
  image: c.image ?? '',
  imageID: imageID(c.image ?? ''),
  ready: true,
  restartCount: 0,
  started: true,
  state: { running: { startedAt: '2026-12-01T00:00:00Z' } },
});

export type Counts = Pick<
  Required<NonNullable<SidecarSet['status']>>,
  'matchedPods' | 'updatedPods' | 'readyPods' | 'updatedReadyPods'
>;

export const counts = (s: SidecarSet): Counts => {
  const {
    matchedPods,
    updatedPods,
    readyPods,
    updatedReadyPods = 0,
  } = s.status ?? { matchedPods: -1, updatedPods: -1, readyPods: -1 };
  return { matchedPods, updatedPods, readyPods, updatedReadyPods };
};

/** The names of the pods in `all` (pod → image) that run `image`, sorted. */
export const withImage = (all: Record<string, string>, image: string): string[] =>
  Object.entries(all)
    .filter(([, i]) => i === image)
    .map(([n]) => n)
    .sort();

export function sidecarSetFixture(client: KubeClient, namespace: string) {
  /** The kubelet's report: every container runs its spec image; Ready since minute `i`. */
  async function kubelet(name: string, i: number): Promise<void> {
    // A controller may write the pod between our read and our write: re-read and report again.
    for (let attempt = 1; ; attempt++) {
      try {
        return await report(name, i);
      } catch (err) {
        if (!isConflict(err) || attempt >= 5) throw err;
      }
    }
  }

  async function report(name: string, i: number): Promise<void> {
    const pod = await client.get(pods, { namespace, name });
    const initContainers = pod.spec?.initContainers ?? [];
    await client.updateStatus(pods, {
      ...pod,
      status: {
        phase: 'Running',
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            lastTransitionTime: `2026-12-01T01:${String(i).padStart(2, '0')}:00Z`,
          },
        ],
        containerStatuses: (pod.spec?.containers ?? []).map(running),
        ...(initContainers.length > 0 && { initContainerStatuses: initContainers.map(running) }),
      },
    });
  }

  async function createSidecarSet(
    name: string,
    app: string,
    spec: Partial<SidecarSetSpec>,
  ): Promise<void> {
    await client.create(sidecarSets, {
      apiVersion: 'apps.kruise.io/v1alpha1',
      kind: 'SidecarSet',
      metadata: { name },
      spec: { selector: { matchLabels: { app } }, namespace, ...spec },
    });
    await sleep(CACHE_BOUND_MS);
  }

  /** Pods `<app>-0` … `<app>-<n-1>`, injected by the webhook and reported running. */
  async function createPods(app: string, n: number, report = true): Promise<string[]> {
    const names = Array.from({ length: n }, (_, i) => `${app}-${i}`);
    for (const name of names) {
      await client.create(pods, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace, labels: { app } },
        spec: { containers: [{ name: 'app', image: 'example/app:1' }] },
      });
    }
    if (report) for (const [i, name] of names.entries()) await kubelet(name, i);
    return names;
  }

  async function setImage(name: string, image: string, init = false): Promise<void> {
    const set = await client.get(sidecarSets, { name });
    const spec = set.spec ?? {};
    const field = init ? 'initContainers' : 'containers';
    const updated = (spec[field] ?? []).map((c) => ({ ...c, image }));
    await client.update(sidecarSets, { ...set, spec: { ...spec, [field]: updated } });
  }

  /** Pod name → its sidecar image (`init`: the native sidecar's). */
  async function images(
    app: string,
    sidecar: string,
    init = false,
  ): Promise<Record<string, string>> {
    const listed = await client.list(pods, { namespace, labelSelector: `app=${app}` });
    return Object.fromEntries(
      listed.items.map((p: Pod) => [
        p.metadata?.name ?? '',
        ((init ? p.spec?.initContainers : p.spec?.containers) ?? []).find((c) => c.name === sidecar)
          ?.image ?? '',
      ]),
    );
  }

  return { kubelet, createSidecarSet, createPods, setImage, images };
}
