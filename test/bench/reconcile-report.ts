/** The Markdown of the reconcile benchmarks (e)–(g) (reconcile.ts). */
import type { LatencyResult } from './audit-latency.js';
import type { LaunchResult } from './launch-priority.js';
import type { ReconcileBenchOptions, ReconcileBenchResult } from './reconcile.js';
import { table } from './report.js';
import { totalOf, type RequestCounts } from './request-counts.js';
import type { RolloutResult } from './sidecarset-rollout.js';
import { formatMs, type LatencySummary } from './stats.js';

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const mib = (n: number) => n.toFixed(1);
const perPod = (n: number, pods: number) => (n / pods).toFixed(2);

function rateOf(opts: ReconcileBenchOptions): string {
  const rate = opts.fn.rate;
  if (rate === undefined) return 'the default, QPS 30 / burst 50';
  return rate.qps <= 0 ? 'none (`KUBE_API_QPS=0`)' : `QPS ${rate.qps} / burst ${rate.burst}`;
}

function requestsTable(requests: RequestCounts, pods: number): string {
  return table([
    ['request (verb, resource)', 'requests', 'per pod'],
    ...[...requests].map(([what, n]) => [`\`${what}\``, String(n), perPod(n, pods)]),
    ['all', String(totalOf(requests)), perPod(totalOf(requests), pods)],
  ]);
}

const latencyRow = (name: string, l: LatencySummary) => [
  name,
  formatMs(l.p50Ms),
  formatMs(l.p99Ms),
  formatMs(l.maxMs),
  String(l.samples),
];

function rolloutSection(r: RolloutResult, opts: ReconcileBenchOptions): string {
  const total = totalOf(r.requests);
  return [
    `### (e) SidecarSet rolling update over ${r.pods} pods`,
    '',
    `One SidecarSet (\`RollingUpdate\`, maxUnavailable ${opts.maxUnavailable}) selects ` +
      `${r.pods} pods (\`${r.containersPerPod.join(', ')}\`, injected by the admission webhook); ` +
      `its sidecar image changes. Setup (pods created, reported running, status counted; ` +
      `not measured): ${seconds(r.setupMs)} s. The function's client-side rate limit: ${rateOf(opts)}.`,
    '',
    table([
      [
        'last pod patched, s',
        'last restart reported, s',
        `status ${r.pods}/${r.pods} updated and ready, s`,
        'most pods in flight',
        'function requests',
        'per pod',
        'function CPU, s',
        'peak RSS, MiB',
        'RSS at start, MiB',
      ],
      [
        seconds(r.allPatchedMs),
        seconds(r.allRestartedMs),
        seconds(r.statusDoneMs),
        String(r.maxInFlight),
        String(total),
        perPod(total, r.pods),
        seconds(r.cpuMs),
        mib(r.memoryAtEnd.peakRssMiB),
        mib(r.memoryAtStart.rssMiB),
      ],
    ]),
    '',
    `The function's requests, from the SidecarSet update until it was quiet for 6 s ` +
      `(kubelet status reports that failed and were sent again: ${r.reportFailures}):`,
    '',
    requestsTable(r.requests, r.pods),
    '',
    `etcd: ${r.etcdBefore.keys} → ${r.etcdAfter.keys} keys, ` +
      `${mib(r.etcdBefore.dbBytesInUse / 2 ** 20)} → ${mib(r.etcdAfter.dbBytesInUse / 2 ** 20)} MiB in use.`,
  ].join('\n');
}

function latencySection(r: LatencyResult): string {
  return [
    '### (f) Pod write → reconcile write, through the audit webhook',
    '',
    `${r.samples} launch-priority pods, one create started every ${r.intervalMs} ms; from each ` +
      `create's answer to the function's writes as a watch sees them ` +
      `(peak RSS of this instance: ${mib(r.memoryAtEnd.peakRssMiB)} MiB).`,
    '',
    table([
      ['from the pod create answered to', 'p50 ms', 'p99 ms', 'max ms', 'samples'],
      latencyRow('barrier ConfigMap created (its first write)', r.toBarrier),
      latencyRow('barrier patched with `p_1` (its second)', r.toPatch),
      latencyRow('(the pod create itself, sent → answered)', r.create),
    ]),
  ].join('\n');
}

function launchSection(r: LaunchResult): string {
  const total = totalOf(r.requests);
  return [
    `### (g) Container launch priority over ${r.pods} pods`,
    '',
    `${r.pods} pods (\`sidecar\` priority 1, \`main\` 0) created 8 at a time; the bench's kubelet ` +
      `reports the sidecar Ready once \`p_1\` is released. Seconds from the first create.`,
    '',
    table([
      [
        'last create answered, s',
        'last `p_1` released, s',
        'last pod completed, s',
        'function requests',
        'per pod',
        'function CPU, ms per pod',
        'peak RSS, MiB',
        'etcd keys added (pods and barriers)',
      ],
      [
        seconds(r.createdMs),
        seconds(r.allFirstReleasedMs),
        seconds(r.allCompletedMs),
        String(total),
        perPod(total, r.pods),
        formatMs(r.cpuMs / r.pods),
        mib(r.memoryAtEnd.peakRssMiB),
        String(r.etcdAfter.keys - r.etcdBefore.keys),
      ],
    ]),
    '',
    table([
      ['per pod', 'p50 ms', 'p99 ms', 'max ms', 'pods'],
      latencyRow('create answered → `p_1` released', r.createToFirstRelease),
      latencyRow('sidecar reported Ready → pod completed', r.reportToCompleted),
    ]),
    '',
    `The function's requests (status reports sent again: ${r.reportFailures}):`,
    '',
    requestsTable(r.requests, r.pods),
  ].join('\n');
}

export function reconcileSections(r: ReconcileBenchResult, opts: ReconcileBenchOptions): string {
  return [rolloutSection(r.rollout, opts), latencySection(r.latency), launchSection(r.launch)].join(
    '\n\n',
  );
}
