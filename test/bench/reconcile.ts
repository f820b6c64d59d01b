/**
 * The reconcile benchmarks (e)–(g) on one audited control plane
 * (reconcile-cluster.ts), each phase with a fresh process of the built
 * Knative bundle, so each has its own peak RSS: (e) the SidecarSet rolling
 * update, (f) pod write → reconcile write latency, (g) launch priority at
 * N pods.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { benchAuditLatency, type LatencyResult } from './audit-latency.js';
import { benchLaunchPriority, type LaunchResult } from './launch-priority.js';
import { startReconcileCluster, type FunctionOptions } from './reconcile-cluster.js';
import { benchSidecarSetRollout, type RolloutResult } from './sidecarset-rollout.js';

export interface ReconcileBenchOptions {
  readonly rolloutPods: number;
  readonly maxUnavailable: number;
  readonly latencySamples: number;
  readonly latencyIntervalMs: number;
  readonly launchPods: number;
  /** The measured instances' client-side rate limit. */
  readonly fn: FunctionOptions;
  readonly timeoutMs: number;
}

export interface ReconcileBenchResult {
  readonly rollout: RolloutResult;
  readonly latency: LatencyResult;
  readonly launch: LaunchResult;
}

const BUNDLE = fileURLToPath(new URL('../../dist/reconcile/knative.js', import.meta.url));

const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);

export async function benchReconcile(opts: ReconcileBenchOptions): Promise<ReconcileBenchResult> {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`make build\` first`);
  say('starting the audited control plane and the admission function');
  const cluster = await startReconcileCluster(BUNDLE);
  try {
    say(`(e) SidecarSet rolling update over ${opts.rolloutPods} pods`);
    const rollout = await benchSidecarSetRollout(cluster, {
      pods: opts.rolloutPods,
      maxUnavailable: opts.maxUnavailable,
      fn: opts.fn,
      timeoutMs: opts.timeoutMs,
    });
    say(`(f) pod write → reconcile write, ${opts.latencySamples} samples`);
    const latency = await benchAuditLatency(cluster, {
      samples: opts.latencySamples,
      intervalMs: opts.latencyIntervalMs,
      fn: opts.fn,
      timeoutMs: opts.timeoutMs,
    });
    say(`(g) launch priority over ${opts.launchPods} pods`);
    const launch = await benchLaunchPriority(cluster, {
      pods: opts.launchPods,
      fn: opts.fn,
      timeoutMs: opts.timeoutMs,
    });
    return { rollout, latency, launch };
  } finally {
    await cluster.stop();
  }
}
