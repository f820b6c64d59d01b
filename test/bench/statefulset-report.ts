/** The Advanced StatefulSet bench's section of docs/benchmarks.md (statefulset.ts measures). */
import { table } from './report.js';
import { total } from './statefulset-cluster.js';

export interface PhaseResult {
  readonly wallMs: number;
  /** The function's completed API requests in the phase, by `<verb> <resource>`. */
  readonly requests: Readonly<Record<string, number>>;
}

export interface StatefulSetBenchResult {
  readonly pods: number;
  readonly scale: PhaseResult;
  readonly update: PhaseResult;
  readonly peakRssMiB: number;
  readonly floor: { readonly createMs: number; readonly recreateMs: number };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const perPod = (n: number, pods: number) => (n / pods).toFixed(2);

function breakdown(r: Readonly<Record<string, number>>, pods: number): string {
  return Object.entries(r)
    .sort(([, a], [, b]) => b - a)
    .map(([k, v]) => `${k} ${perPod(v, pods)}`)
    .join(', ');
}

export function statefulSetSection(r: StatefulSetBenchResult): string {
  const n = r.pods;
  return [
    `### (h) Advanced StatefulSet: ${n.toLocaleString('en')} pods through the reconcile function`,
    '',
    'The reconcile function runs as its own process (`dist/reconcile/knative.js`), fed by the ' +
      "kube-apiserver's audit webhook, at kruise-manager's client budget (QPS 30, burst 50); the " +
      'bench reports each pod Running and Ready as a kubelet would. The floor is the same pods ' +
      'written directly by the bench through a client with the same budget, the same kubelet ' +
      'making them Ready.',
    '',
    table([
      [
        'phase',
        'wall time until converged',
        'floor',
        'API requests per pod (function)',
        'peak RSS',
      ],
      [
        `scale 0 → ${n} (Parallel)`,
        seconds(r.scale.wallMs),
        `${seconds(r.floor.createMs)} (${n} creates)`,
        perPod(total(r.scale.requests), n),
        `${r.peakRssMiB.toFixed(0)} MiB (VmHWM, whole run)`,
      ],
      [
        `rolling update of ${n} (ReCreate, maxUnavailable 10 %)`,
        seconds(r.update.wallMs),
        `${seconds(r.floor.recreateMs)} (${n} deletes + creates)`,
        perPod(total(r.update.requests), n),
        '',
      ],
    ]),
    '',
    `Requests per pod by verb and resource — scale: ${breakdown(r.scale.requests, n)}; ` +
      `rolling update: ${breakdown(r.update.requests, n)}.`,
  ].join('\n');
}
