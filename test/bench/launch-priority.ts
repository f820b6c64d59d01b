/**
 * Reconcile benchmark (g): container launch priority over N pods at once.
 * A fresh instance of the reconcile function; N two-container pods
 * (launch-watch.ts: `sidecar` priority 1, `main` 0) created through the
 * admission webhook, 8 at a time, as fast as the apiserver takes them. The
 * controller creates each pod's barrier, releases `p_1`; the bench's kubelet
 * reports the sidecar Ready; the controller releases `p_0` and marks the pod
 * completed. Times run from just before the first create; requests are the
 * function's, from then until it has been quiet for QUIET_MS.
 */
import { testNamespace } from '../support/control-plane.js';
import { until } from '../support/until.js';
import { pods } from '../../shared/kube/core-resources.js';
import { inParallel } from './in-parallel.js';
import { launchPod, watchLaunch } from './launch-watch.js';
import { cpuMsOf, memoryOf, type Memory } from './proc-stats.js';
import type { FunctionOptions, ReconcileCluster } from './reconcile-cluster.js';
import { countsSince, type RequestCounts } from './request-counts.js';
import { QUIET_MS } from './sidecarset-rollout.js';
import { etcdFigures, type EtcdFigures } from './scrape.js';
import { summarize, type LatencySummary } from './stats.js';

const CREATES_IN_FLIGHT = 8;

export interface LaunchOptions {
  readonly pods: number;
  readonly fn: FunctionOptions;
  readonly timeoutMs: number;
}

export interface LaunchResult {
  readonly pods: number;
  /** From the first create: the last create answered, last `p_1`, last completion. */
  readonly createdMs: number;
  readonly allFirstReleasedMs: number;
  readonly allCompletedMs: number;
  /** Per pod: create answered → `p_1` seen; sidecar reported Ready → completion seen. */
  readonly createToFirstRelease: LatencySummary;
  readonly reportToCompleted: LatencySummary;
  readonly reportFailures: number;
  readonly requests: RequestCounts;
  readonly cpuMs: number;
  readonly memoryAtEnd: Memory;
  readonly etcdBefore: EtcdFigures;
  readonly etcdAfter: EtcdFigures;
}

const latest = (times: ReadonlyMap<string, number>) => Math.max(...times.values());

/** `later[pod] - earlier[pod]` for every pod in both. */
function spans(earlier: ReadonlyMap<string, number>, later: ReadonlyMap<string, number>) {
  const out: number[] = [];
  for (const [pod, t] of later) {
    const from = earlier.get(pod);
    if (from !== undefined) out.push(t - from);
  }
  return out;
}

export async function benchLaunchPriority(
  cluster: ReconcileCluster,
  opts: LaunchOptions,
): Promise<LaunchResult> {
  const { cp, client } = cluster;
  const namespace = await testNamespace(cp.kubeConfig, 'bench-launch');
  const fn = await cluster.startFunction(opts.fn);
  const watch = await watchLaunch(cp.kubeConfig, client, namespace, true);
  try {
    const [cpu0, counts0, etcdBefore] = [
      cpuMsOf(fn.pid),
      await cluster.counter.read(),
      await etcdFigures(cp.etcdUrl ?? ''),
    ];
    const created = new Map<string, number>();
    const start = performance.now();
    await inParallel(opts.pods, CREATES_IN_FLIGHT, async (i) => {
      const name = `launch-${i}`;
      await client.create(pods, launchPod(namespace, name));
      created.set(name, performance.now());
    });
    await until(
      `${opts.pods} pods completed`,
      () => (watch.completed.size === opts.pods ? true : undefined),
      {
        timeoutMs: opts.timeoutMs,
        intervalMs: 100,
        detail: () =>
          `barriers ${watch.barrier.size}, p_1 ${watch.released('p_1').size}, ` +
          `reported ${watch.reported.size}, completed ${watch.completed.size}\n` +
          fn.logs.slice(-20).join('\n'),
      },
    );
    await cluster.settle(QUIET_MS, opts.timeoutMs);
    return {
      pods: opts.pods,
      createdMs: latest(created) - start,
      allFirstReleasedMs: latest(watch.released('p_1')) - start,
      allCompletedMs: latest(watch.completed) - start,
      createToFirstRelease: summarize(spans(created, watch.released('p_1'))),
      reportToCompleted: summarize(spans(watch.reported, watch.completed)),
      reportFailures: watch.reportFailures,
      requests: countsSince(counts0, await cluster.counter.read()),
      cpuMs: cpuMsOf(fn.pid) - cpu0,
      memoryAtEnd: memoryOf(fn.pid),
      etcdBefore,
      etcdAfter: await etcdFigures(cp.etcdUrl ?? ''),
    };
  } finally {
    watch.stop();
  }
}
