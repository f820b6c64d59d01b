/**
 * Reconcile benchmark (f): from a pod write to the reconcile function's
 * write, through the apiserver's audit webhook. Launch-priority pods
 * (launch-watch.ts) are created one every `intervalMs`, each create started
 * on its own schedule (not after the previous answer), so the function sees
 * a steady trickle rather than a burst. Per pod: from the create's answer
 * (the audit event is emitted once the response is complete) to the
 * function's barrier create (ConfigMap ADDED) and its patch releasing `p_1`
 * (MODIFIED), as a watch of the bench sees them. The path: the apiserver's
 * audit batch (up to --audit-webhook-batch-max-wait, 1 s here) → POST /audit
 * → the launch-priority key → get pod, get barrier → create → requeue →
 * patch.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { pods } from '../../shared/kube/core-resources.js';
import { testNamespace } from '../support/control-plane.js';
import { until } from '../support/until.js';
import { launchPod, watchLaunch } from './launch-watch.js';
import { memoryOf, type Memory } from './proc-stats.js';
import type { FunctionOptions, ReconcileCluster } from './reconcile-cluster.js';
import { summarize, type LatencySummary } from './stats.js';

export interface LatencyOptions {
  readonly samples: number;
  readonly intervalMs: number;
  readonly fn: FunctionOptions;
  readonly timeoutMs: number;
}

export interface LatencyResult {
  readonly samples: number;
  readonly intervalMs: number;
  readonly create: LatencySummary;
  readonly toBarrier: LatencySummary;
  readonly toPatch: LatencySummary;
  readonly memoryAtEnd: Memory;
}

export async function benchAuditLatency(
  cluster: ReconcileCluster,
  opts: LatencyOptions,
): Promise<LatencyResult> {
  const { cp, client } = cluster;
  const namespace = await testNamespace(cp.kubeConfig, 'bench-latency');
  const fn = await cluster.startFunction(opts.fn);
  const watch = await watchLaunch(cp.kubeConfig, client, namespace, false);
  try {
    const answered = new Map<string, number>();
    const createMs: number[] = [];
    const creates: Promise<void>[] = [];
    const start = performance.now();
    for (let i = 0; i < opts.samples; i++) {
      await sleep(Math.max(0, start + i * opts.intervalMs - performance.now()));
      const name = `latency-${i}`;
      const sent = performance.now();
      creates.push(
        client.create(pods, launchPod(namespace, name)).then(() => {
          const at = performance.now();
          answered.set(name, at);
          createMs.push(at - sent);
        }),
      );
    }
    await Promise.all(creates);
    await until(
      `p_1 released for ${opts.samples} pods`,
      () => (watch.released('p_1').size === opts.samples ? true : undefined),
      { timeoutMs: opts.timeoutMs, detail: () => fn.logs.slice(-20).join('\n') },
    );
    const since = (seen: ReadonlyMap<string, number>) =>
      [...answered].map(([name, at]) => (seen.get(name) ?? Number.NaN) - at);
    return {
      samples: opts.samples,
      intervalMs: opts.intervalMs,
      create: summarize(createMs),
      toBarrier: summarize(since(watch.barrier)),
      toPatch: summarize(since(watch.released('p_1'))),
      memoryAtEnd: memoryOf(fn.pid),
    };
  } finally {
    watch.stop();
  }
}
