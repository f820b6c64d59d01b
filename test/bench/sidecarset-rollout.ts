/**
 * Reconcile benchmark (e): a SidecarSet rolling update over N pods, the
 * reconcile function fed only by the apiserver's audit webhook.
 *
 * Setup (not measured): one SidecarSet (`RollingUpdate`, the given
 * maxUnavailable) scoped to a fresh namespace, N pods created through the
 * admission webhook (so each is injected), the bench's kubelet
 * (bench-kubelet.ts) reporting them running; a setup instance of the
 * function, with no client-side rate limit, brings the status to N matched,
 * updated and ready, and the bench waits until it sends nothing more.
 *
 * Measured: a fresh instance of the function (its peak RSS is the
 * rollout's), then the SidecarSet's sidecar image changes. The kubelet
 * reports each pod's sidecar restarted as soon as its watch shows the new
 * image. Times run from just before the SidecarSet update is sent until the
 * last pod's spec was seen updated, the last restart was reported, and the
 * SidecarSet status (watched) first said N updated and N updated-ready for
 * the new generation. Requests are the function's, counted by the apiserver
 * from the update until the function has been quiet for `QUIET_MS`.
 */
import type { Pod } from '../../shared/api/core/core-v1.js';
import type { SidecarSet } from '../../shared/api/sidecarset.js';
import { pods } from '../../shared/kube/core-resources.js';
import { sidecarSets } from '../../shared/kube/kruise-resources.js';
import { testNamespace } from '../support/control-plane.js';
import { until } from '../support/until.js';
import { startBenchKubelet } from './bench-kubelet.js';
import { inParallel } from './in-parallel.js';
import { cpuMsOf, memoryOf, type Memory } from './proc-stats.js';
import type { FunctionOptions, ReconcileCluster } from './reconcile-cluster.js';
import { countsSince, type RequestCounts } from './request-counts.js';
import { etcdFigures, type EtcdFigures } from './scrape.js';
import { watchObjects } from './watch-objects.js';

/** Longer than the SidecarSet's 5 s requeue while a pod has not restarted yet. */
export const QUIET_MS = 6_000;
const CREATES_IN_FLIGHT = 8;
const SIDECAR = 'sidecar';
const IMAGES = ['example/sidecar:1', 'example/sidecar:2'] as const;

export interface RolloutOptions {
  readonly pods: number;
  readonly maxUnavailable: number | string;
  /** The measured instance's client-side rate limit. */
  readonly fn: FunctionOptions;
  readonly timeoutMs: number;
}

export interface RolloutResult {
  readonly pods: number;
  readonly containersPerPod: readonly string[];
  readonly setupMs: number;
  /** From the SidecarSet update: last pod seen updated, last restart reported, status done. */
  readonly allPatchedMs: number;
  readonly allRestartedMs: number;
  readonly statusDoneMs: number;
  /** The most pods updated and not yet reported restarted at once. */
  readonly maxInFlight: number;
  /** Status reports of the bench's kubelet that failed (each pod was reported again). */
  readonly reportFailures: number;
  readonly requests: RequestCounts;
  readonly cpuMs: number;
  readonly memoryAtStart: Memory;
  readonly memoryAtEnd: Memory;
  readonly etcdBefore: EtcdFigures;
  readonly etcdAfter: EtcdFigures;
}

const statusOf = (s: SidecarSet) => ({
  generation: s.metadata?.generation ?? 0,
  observed: s.status?.observedGeneration ?? 0,
  matched: s.status?.matchedPods ?? 0,
  updated: s.status?.updatedPods ?? 0,
  ready: s.status?.readyPods ?? 0,
  updatedReady: s.status?.updatedReadyPods ?? 0,
});

const settledAt = (s: SidecarSet, n: number, generation: number): boolean => {
  const st = statusOf(s);
  return (
    st.observed >= generation &&
    st.matched === n &&
    st.updated === n &&
    st.ready === n &&
    st.updatedReady === n
  );
};

/** The most pods patched and not yet reported restarted at any moment. */
function maxInFlight(patched: ReadonlyMap<string, number>, restarted: ReadonlyMap<string, number>) {
  const events = [
    ...[...patched.values()].map((t) => [t, 1] as const),
    ...[...restarted.values()].map((t) => [t, -1] as const),
  ].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, d] of events) max = Math.max(max, (now += d));
  return max;
}

const latest = (times: ReadonlyMap<string, number>) => Math.max(...times.values());

export async function benchSidecarSetRollout(
  cluster: ReconcileCluster,
  opts: RolloutOptions,
): Promise<RolloutResult> {
  const { cp, client } = cluster;
  const kc = cp.kubeConfig;
  const namespace = await testNamespace(kc, 'bench-rollout');
  const name = namespace;
  const setupStart = performance.now();
  await cluster.startFunction({ rate: { qps: 0, burst: 1 } });
  const kubelet = await startBenchKubelet(kc, client, namespace, SIDECAR);
  const done = new Map<number, number>();
  let generation = Number.POSITIVE_INFINITY;
  const statusWatch = await watchObjects<SidecarSet>(
    kc,
    '/apis/apps.kruise.io/v1alpha1/sidecarsets',
    (_type, s, at) => {
      if (s.metadata?.name === name && settledAt(s, opts.pods, generation) && !done.has(generation))
        done.set(generation, at);
    },
  );
  try {
    const created = await client.create(sidecarSets, {
      apiVersion: 'apps.kruise.io/v1alpha1',
      kind: 'SidecarSet',
      metadata: { name },
      spec: {
        namespace,
        selector: { matchLabels: { app: name } },
        containers: [{ name: SIDECAR, image: IMAGES[0] }],
        updateStrategy: { type: 'RollingUpdate', maxUnavailable: opts.maxUnavailable },
      },
    });
    generation = created.metadata?.generation ?? 1;
    // The pod webhook injects from SidecarSets read at most 1 s ago.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    let containersPerPod: string[] = [];
    await inParallel(opts.pods, CREATES_IN_FLIGHT, async (i) => {
      const pod = await client.create(pods, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${name}-${i}`, namespace, labels: { app: name } },
        spec: { containers: [{ name: 'app', image: 'example/app:1' }] },
      } satisfies Pod);
      if (i === 0) containersPerPod = (pod.spec?.containers ?? []).map((c) => c.name);
    });
    if (!containersPerPod.includes(SIDECAR))
      throw new Error(`the pod webhook did not inject: ${containersPerPod.join(', ')}`);
    await until(
      `${opts.pods} pods reported running and counted by the SidecarSet`,
      () => (done.has(generation) ? true : undefined),
      { timeoutMs: opts.timeoutMs, intervalMs: 250 },
    );
    await cluster.settle(QUIET_MS, opts.timeoutMs);
    const setupMs = performance.now() - setupStart;

    const fn = await cluster.startFunction(opts.fn);
    const memoryAtStart = memoryOf(fn.pid);
    const [cpu0, counts0, etcdBefore] = [
      cpuMsOf(fn.pid),
      await cluster.counter.read(),
      await etcdFigures(cp.etcdUrl ?? ''),
    ];
    const start = performance.now();
    const current = await client.get(sidecarSets, { name });
    const spec = current.spec ?? {};
    const updated = await client.update(sidecarSets, {
      ...current,
      spec: {
        ...spec,
        containers: (spec.containers ?? []).map((c) => ({ ...c, image: IMAGES[1] })),
      },
    });
    generation = updated.metadata?.generation ?? generation + 1;
    await until(
      `the rollout of ${opts.pods} pods`,
      () =>
        done.has(generation) && kubelet.reported(IMAGES[1]).size === opts.pods ? true : undefined,
      {
        timeoutMs: opts.timeoutMs,
        intervalMs: 100,
        detail: () =>
          `patched ${kubelet.seen(IMAGES[1]).size}, restarted ${kubelet.reported(IMAGES[1]).size}\n` +
          fn.logs.slice(-20).join('\n'),
      },
    );
    const statusDone = done.get(generation) ?? Number.NaN;
    await cluster.settle(QUIET_MS, opts.timeoutMs);
    const patched = kubelet.seen(IMAGES[1]);
    const restarted = kubelet.reported(IMAGES[1]);
    return {
      pods: opts.pods,
      containersPerPod,
      setupMs,
      allPatchedMs: latest(patched) - start,
      allRestartedMs: latest(restarted) - start,
      statusDoneMs: statusDone - start,
      maxInFlight: maxInFlight(patched, restarted),
      reportFailures: kubelet.failures,
      requests: countsSince(counts0, await cluster.counter.read()),
      cpuMs: cpuMsOf(fn.pid) - cpu0,
      memoryAtStart,
      memoryAtEnd: memoryOf(fn.pid),
      etcdBefore,
      etcdAfter: await etcdFigures(cp.etcdUrl ?? ''),
    };
  } finally {
    statusWatch.stop();
    kubelet.stop();
  }
}
