/** The image pre-download bench's section of docs/benchmarks.md (imagepull.ts measures). */
import { table } from './report.js';
import { total } from './statefulset-cluster.js';

export interface FanOutResult {
  readonly nodes: number;
  readonly parallelism: number;
  /** Nodes created (and made Ready) until the function made every NodeImage. */
  readonly nodeImagesMs: number;
  /** The job's create until every NodeImage carries its tag. */
  readonly allTaggedMs: number;
  /** The job's create until its status has a completionTime. */
  readonly finalMs: number;
  readonly jobStatus: {
    readonly desired: number;
    readonly succeeded: number;
    readonly failed: number;
  };
  /** Status writes of the simulated pullers. */
  readonly pullerWrites: number;
  /** The function's completed requests while making the NodeImages, by `<verb> <resource>`. */
  readonly nodeImageRequests: Readonly<Record<string, number>>;
  /** … and from the job's create until it was final. */
  readonly jobRequests: Readonly<Record<string, number>>;
  readonly peakRssMiB: number;
}

export interface PullOverhead {
  readonly imageMiB: number;
  readonly runs: number;
  readonly ctrMs: readonly number[];
  readonly workerMs: readonly number[];
  readonly endToEndMs: readonly number[];
  readonly idleRssMiB: number;
  /** The highest VmRSS sampled during the pulls. */
  readonly pullingRssMiB: number;
  readonly peakRssMiB: number;
}

export interface ImagePullBenchResult {
  readonly fanOut: FanOutResult;
  readonly pulls: PullOverhead;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const per = (n: number, of: number) => (n / of).toFixed(2);
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};
const msList = (xs: readonly number[]) => xs.map((x) => x.toFixed(0)).join(', ');

function breakdown(r: Readonly<Record<string, number>>, of: number): string {
  return Object.entries(r)
    .sort(([, a], [, b]) => b - a)
    .map(([k, v]) => `${k} ${per(v, of)}`)
    .join(', ');
}

export function imagePullSection(r: ImagePullBenchResult): string {
  const f = r.fanOut;
  const p = r.pulls;
  const ctr = median(p.ctrMs);
  const worker = median(p.workerMs);
  const e2e = median(p.endToEndMs);
  return [
    `### (i) Image pre-download: one ImagePullJob over ${f.nodes.toLocaleString('en')} NodeImages`,
    '',
    'The reconcile function runs as its own process (`dist/reconcile/knative.js`, ' +
      "`ImagePullJobGate=true`), fed by the kube-apiserver's audit webhook, at " +
      "kruise-manager's client budget (QPS 30, burst 50). The Nodes are API objects made Ready " +
      'by the bench; the bench also plays the node pullers, writing each tag it finds Pulling ' +
      'and then Succeeded (one status write per step, 32 writes in flight).',
    '',
    table([
      ['phase', 'wall time', 'API requests per node (function)', 'peak RSS (function)'],
      [
        `${f.nodes} Nodes created → ${f.nodes} NodeImages`,
        seconds(f.nodeImagesMs),
        per(total(f.nodeImageRequests), f.nodes),
        `${f.peakRssMiB.toFixed(0)} MiB (VmHWM, whole run)`,
      ],
      [
        `job (parallelism ${f.parallelism}) → every NodeImage carries the tag`,
        seconds(f.allTaggedMs),
        '',
        '',
      ],
      [
        `job → status final (${f.jobStatus.succeeded}/${f.jobStatus.desired} succeeded, ${f.jobStatus.failed} failed)`,
        seconds(f.finalMs),
        per(total(f.jobRequests), f.nodes),
        '',
      ],
    ]),
    '',
    `Requests per node by verb and resource — NodeImages: ${breakdown(f.nodeImageRequests, f.nodes)}; ` +
      `the job: ${breakdown(f.jobRequests, f.nodes)}. The simulated pullers wrote ` +
      `${f.pullerWrites} statuses.`,
    '',
    `### (i) Node puller pull overhead and RSS (${p.imageMiB} MiB image, ${p.runs} runs each)`,
    '',
    "Debian's containerd (native snapshotter) and docker-registry on loopback; the image is " +
      'removed with `ctr image rm --sync` under all its names (tag, digest, image ID: the content store empty) before every run, `ctr image pull` and the puller ' +
      "alternating. The worker time is the puller's own log of the pull (slot, presence " +
      'check, CRI PullImage, ImageStatus); end to end is the NodeImage spec write until the ' +
      'Succeeded status is read back (watch, worker, rate-limited status write, polling at 200 ms).',
    '',
    table([
      ['pull', 'median ms', 'runs (ms)', 'ratio to ctr'],
      ['`ctr image pull --plain-http`', ctr.toFixed(0), msList(p.ctrMs), '1.00'],
      [
        'node puller, worker (CRI PullImage)',
        worker.toFixed(0),
        msList(p.workerMs),
        (worker / ctr).toFixed(2),
      ],
      ['node puller, end to end', e2e.toFixed(0), msList(p.endToEndMs), (e2e / ctr).toFixed(2)],
    ]),
    '',
    table([
      ['node puller RSS', 'MiB'],
      ['idle (started, its NodeImage listed)', p.idleRssMiB.toFixed(0)],
      ['during the pulls (highest VmRSS sampled every 50 ms)', p.pullingRssMiB.toFixed(0)],
      ['peak (VmHWM, whole run)', p.peakRssMiB.toFixed(0)],
    ]),
  ].join('\n');
}
