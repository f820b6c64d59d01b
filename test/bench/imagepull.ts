/**
 * Benchmark (i), image pre-download (SPEC §6.2, §6.3, §7):
 * 1. fan-out: one ImagePullJob over N Ready Nodes (API objects). The
 *    reconcile function (`dist/reconcile/knative.js`, its own process, fed by
 *    the kube-apiserver's audit webhook, kruise-manager's client budget)
 *    creates the N NodeImages, then writes the job's tag into them,
 *    `parallelism` at a time; the bench plays the N node pullers, moving
 *    each tag it finds Pulling and then Succeeded, one status write each, as
 *    a puller reports. From the job's create until the last NodeImage
 *    carries the tag and until the job's status is final; the function's
 *    API requests per node (its ServiceAccount's audit lines) and peak RSS.
 * 2. pull overhead: the node puller (`dist/node-puller/main.js`) pulling an
 *    image through Debian's containerd (CRI) from a local docker-registry,
 *    against `ctr image pull` of the same image from the same registry;
 *    every image record removed (`ctr image rm --sync`, the content store
 *    then empty) before every run, the two alternating. The puller's time is its worker's
 *    own (`cost` of "Successfully pull image": slot, presence check, CRI
 *    pull, image status) and, end to end, the NodeImage spec write until
 *    the Succeeded status is read back.
 * 3. the node puller's RSS: idle (started, NodeImage listed) and during
 *    the pulls (VmRSS sampled every 50 ms; VmHWM).
 *
 * `npx tsx test/bench/imagepull.ts [--imagepull-nodes=N …]` runs it alone
 * (after `npm run build`); run.ts runs it unless `--skip-imagepull`.
 * Figures are reported, never asserted.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import type { Node } from '../../shared/api/core/core-v1.js';
import type { ImagePullJob } from '../../shared/api/imagepulljob.js';
import type { ImageTagStatus, NodeImage } from '../../shared/api/nodeimage.js';
import { kubeClient, type KubeClient } from '../../shared/kube/client.js';
import { nodes } from '../../shared/kube/core-resources.js';
import { imagePullJobs, nodeImages } from '../../shared/kube/kruise-resources.js';
import { setAuditTarget } from '../support/audit-relay.js';
import { startBundleProcess } from '../support/bundle-process.js';
import { chartIdentity } from '../support/chart-identity.js';
import { ensureNamespace } from '../support/control-plane.js';
import {
  pushTestImage,
  requireNodeTools,
  startContainerd,
  startRegistry,
} from '../support/node-services.js';
import {
  imagePullSection,
  type ImagePullBenchResult,
  type PullOverhead,
} from './imagepull-report.js';
import { memoryOf } from './proc-stats.js';
import { machine, machineLines, writeSection } from './report.js';
import {
  FUNCTION_NAMESPACE,
  minus,
  startBenchCluster,
  type BenchCluster,
} from './statefulset-cluster.js';

const run = promisify(execFile);

/** run.ts's flags for this bench. */
export const IMAGEPULL_FLAGS = {
  'skip-imagepull': { type: 'boolean', default: false },
  'imagepull-nodes': { type: 'string', default: '1000' },
  'imagepull-parallelism': { type: 'string', default: '100' },
  'imagepull-runs': { type: 'string', default: '5' },
  'imagepull-image-mib': { type: 'string', default: '32' },
} as const;

export interface ImagePullBenchOptions {
  readonly nodes: number;
  readonly parallelism: number;
  readonly runs: number;
  readonly imageMiB: number;
}

export const SECTION = 'bench-imagepull';
const RUN_LABEL = 'imagepull-bench';
const JOB_IMAGE = 'example/app:1';
const JOB_KEY = 'example/app';
const metaTime = (ms = Date.now()) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function untilTrue(what: string, probe: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(200);
  }
}

async function pool(n: number, limit: number, job: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, n) }, async () => {
      while (next < n) await job(next++);
    }),
  );
}

const readyNode = (name: string): Node => ({
  metadata: { name, labels: { run: RUN_LABEL } },
  status: {
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'KubeletReady',
        lastTransitionTime: metaTime(Date.now() - 3_600_000),
        lastHeartbeatTime: metaTime(),
      },
    ],
  },
});

/** The next status a puller would write for `ni`, or undefined when it has nothing to report. */
function pullerStep(ni: NodeImage): NodeImage['status'] | undefined {
  let changed = false;
  const imageStatuses: Record<string, { tags: ImageTagStatus[] }> = {};
  for (const [image, spec] of Object.entries(ni.spec.images ?? {})) {
    const tags: ImageTagStatus[] = [];
    for (const t of spec.tags) {
      const seen = ni.status?.imageStatuses?.[image]?.tags.find((s) => s.tag === t.tag);
      const version = t.version ?? 0;
      let next = seen;
      if (seen === undefined || (seen.version ?? 0) !== version) {
        next = {
          tag: t.tag,
          phase: 'Pulling',
          startTime: metaTime(),
          ...(version !== 0 && { version }),
        };
      } else if (seen.phase === 'Pulling') {
        next = { ...seen, phase: 'Succeeded', progress: 100, completionTime: metaTime() };
      }
      if (next !== seen) changed = true;
      if (next !== undefined) tags.push(next);
    }
    if (tags.length > 0) imageStatuses[image] = { tags };
  }
  if (!changed) return undefined;
  const all = Object.values(imageStatuses).flatMap((s) => s.tags);
  const count = (p: string) => all.filter((t) => t.phase === p).length;
  return {
    desired: all.length,
    succeeded: count('Succeeded'),
    failed: count('Failed'),
    pulling: count('Pulling'),
    imageStatuses,
  };
}

/** N node pullers: each look lists the NodeImages and writes every pending step, 32 at a time. */
function startPullers(client: KubeClient) {
  let stopped = false;
  let writes = 0;
  const loop = (async () => {
    while (!stopped) {
      const list = (await client.list(nodeImages).catch(() => ({ items: [] as NodeImage[] })))
        .items;
      const steps = list.flatMap((ni) => {
        const status = pullerStep(ni);
        return status === undefined ? [] : [{ ni, status }];
      });
      await pool(steps.length, 32, async (i) => {
        const { ni, status } = steps[i] as (typeof steps)[number];
        await client
          .updateStatus(nodeImages, { ...ni, status })
          .then(() => void writes++)
          .catch(() => undefined); // changed meanwhile: the next look
      });
      if (steps.length === 0) await sleep(500);
    }
  })();
  return {
    writes: () => writes,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

async function fanOut(cluster: BenchCluster, opts: ImagePullBenchOptions) {
  const admin = kubeClient(cluster.cp.kubeConfig);
  const namespace = 'imagepull-bench';
  await ensureNamespace(cluster.cp.kubeConfig, namespace);
  await ensureNamespace(cluster.cp.kubeConfig, 'kruise-daemon-config');
  const fn = await startBundleProcess(
    fileURLToPath(new URL('../../dist/reconcile/knative.js', import.meta.url)),
    {
      KUBECONFIG: cluster.functionKubeconfig,
      POD_NAMESPACE: FUNCTION_NAMESPACE,
      FEATURE_GATES: 'ImagePullJobGate=true',
      HOME: process.env['HOME'] ?? '/tmp',
    },
  );
  await setAuditTarget(cluster.relay.url, fn.url);
  let pullers: ReturnType<typeof startPullers> | undefined;
  try {
    const before = cluster.requestsOf();
    const t0 = Date.now();
    await pool(opts.nodes, 32, async (i) => {
      const node = readyNode(`bench-node-${String(i).padStart(5, '0')}`);
      const created = await admin.create(nodes, { metadata: node.metadata });
      await admin.updateStatus(nodes, { ...created, status: node.status });
    });
    await untilTrue(
      `${opts.nodes} NodeImages`,
      async () => (await admin.list(nodeImages)).items.length === opts.nodes,
      30 * 60_000,
    );
    const nodeImagesMs = Date.now() - t0;
    await sleep(1_500); // the audit log is written as requests complete
    const created = cluster.requestsOf();

    // The pullers have nothing to report before the job: they start with it.
    pullers = startPullers(admin);
    const t1 = Date.now();
    const job = await admin.create(imagePullJobs, {
      apiVersion: 'apps.kruise.io/v1alpha1',
      kind: 'ImagePullJob',
      metadata: { name: 'fan-out', namespace },
      // What the defaulting webhook would add (the bench runs no admission).
      spec: {
        image: JOB_IMAGE,
        imagePullPolicy: 'IfNotPresent',
        selector: { matchLabels: { run: RUN_LABEL } },
        parallelism: opts.parallelism,
        pullPolicy: { timeoutSeconds: 600, backoffLimit: 3 },
        completionPolicy: { type: 'Always' },
      },
    } as ImagePullJob);
    const uid = job.metadata?.uid ?? '';
    let allTaggedMs: number | undefined;
    let finalMs: number | undefined;
    let status: ImagePullJob['status'];
    await untilTrue(
      'the job final',
      async () => {
        if (allTaggedMs === undefined) {
          const list = (await admin.list(nodeImages)).items;
          const tagged = list.filter((ni) =>
            ni.spec.images?.[JOB_KEY]?.tags.some((t) =>
              t.ownerReferences?.some((o) => o.uid === uid),
            ),
          ).length;
          if (tagged === opts.nodes) allTaggedMs = Date.now() - t1;
        }
        status = (await admin.get(imagePullJobs, { namespace, name: 'fan-out' })).status;
        if (status?.completionTime !== undefined) finalMs ??= Date.now() - t1;
        return allTaggedMs !== undefined && finalMs !== undefined;
      },
      60 * 60_000,
    );
    await sleep(1_500);
    const done = cluster.requestsOf();
    return {
      nodes: opts.nodes,
      parallelism: opts.parallelism,
      nodeImagesMs,
      allTaggedMs: allTaggedMs ?? 0,
      finalMs: finalMs ?? 0,
      jobStatus: {
        desired: status?.desired ?? 0,
        succeeded: status?.succeeded ?? 0,
        failed: status?.failed ?? 0,
      },
      pullerWrites: pullers.writes(),
      nodeImageRequests: minus(created, before),
      jobRequests: minus(done, created),
      peakRssMiB: memoryOf(fn.pid).peakRssMiB,
    };
  } finally {
    await pullers?.stop();
    await setAuditTarget(cluster.relay.url, undefined);
    await fn.stop();
  }
}

const PULLER_BUNDLE = fileURLToPath(new URL('../../dist/node-puller/main.js', import.meta.url));

async function pullOverhead(
  cluster: BenchCluster,
  opts: ImagePullBenchOptions,
): Promise<PullOverhead> {
  requireNodeTools();
  const admin = kubeClient(cluster.cp.kubeConfig);
  const registry = await startRegistry();
  const containerd = await startContainerd([registry.host]);
  const nodeName = 'bench-puller-node';
  let puller: Awaited<ReturnType<typeof startBundleProcess>> | undefined;
  try {
    const image = await pushTestImage(registry, 'bench/big', 'v1', {
      paddingBytes: opts.imageMiB * 1024 * 1024,
    });
    const ctr = (...args: string[]) =>
      run('/usr/bin/ctr', ['--address', containerd.socket, '--namespace', 'k8s.io', ...args]);
    // Every name of it: the CRI keeps the tag, the digest and the image ID as image records.
    const remove = async () => {
      const { stdout } = await ctr('images', 'ls', '--quiet');
      const names = stdout.split('\n').filter((n) => n !== '');
      if (names.length > 0) await ctr('images', 'rm', '--sync', ...names);
      const left = (await ctr('content', 'ls', '--quiet')).stdout.trim();
      if (left !== '') throw new Error(`content left after removing the images: ${left}`);
    };
    puller = await startBundleProcess(PULLER_BUNDLE, {
      KUBECONFIG: (await chartIdentity(cluster.cp, 'node-puller')).kubeconfigPath,
      NODE_NAME: nodeName,
      CRI_SOCKET_FILE: containerd.socket,
      LOG_LEVEL: '2',
    });
    const pid = puller.pid;
    const key = `${registry.host}/bench/big`;
    await admin.create(nodeImages, {
      apiVersion: 'apps.kruise.io/v1alpha1',
      kind: 'NodeImage',
      metadata: { name: nodeName },
      spec: {},
    } as NodeImage);
    await sleep(5_000);
    const idle = memoryOf(pid);
    let sampledMaxMiB = idle.rssMiB;
    const sampler = setInterval(() => {
      sampledMaxMiB = Math.max(sampledMaxMiB, memoryOf(pid).rssMiB);
    }, 50);
    const ctrMs: number[] = [];
    const workerMs: number[] = [];
    const endToEndMs: number[] = [];
    try {
      for (let i = 0; i < opts.runs; i++) {
        await remove();
        const c0 = performance.now();
        await ctr('images', 'pull', '--plain-http', '--snapshotter', 'native', image.ref);
        ctrMs.push(performance.now() - c0);
        await remove();
        // The status writes' bucket (0.5/s, burst 5) is full again before each run.
        await sleep(4_000);
        const version = i + 1;
        const ni = await admin.get(nodeImages, { name: nodeName });
        const logsBefore = puller.logs.length;
        const p0 = performance.now();
        await admin.update(nodeImages, {
          ...ni,
          spec: {
            images: {
              [key]: {
                tags: [
                  {
                    tag: 'v1',
                    version,
                    createdAt: metaTime(),
                    pullPolicy: { timeoutSeconds: 300, backoffLimit: 0 },
                  },
                ],
              },
            },
          },
        });
        await untilTrue(
          `puller run ${version}`,
          async () => {
            const got = await admin.get(nodeImages, { name: nodeName });
            const t = got.status?.imageStatuses?.[key]?.tags.find((x) => x.tag === 'v1');
            if (t?.phase === 'Failed') throw new Error(t.message);
            return t?.phase === 'Succeeded' && t.version === version;
          },
          10 * 60_000,
        );
        endToEndMs.push(performance.now() - p0);
        const line = puller.logs
          .slice(logsBefore)
          .find((l) => l.includes('"Successfully pull image"'));
        const cost = /cost="(\d+)ms"/.exec(line ?? '')?.[1];
        if (cost === undefined) throw new Error(`run ${version}: the puller logged no pull cost`);
        workerMs.push(Number(cost));
      }
    } finally {
      clearInterval(sampler);
    }
    return {
      imageMiB: opts.imageMiB,
      runs: opts.runs,
      ctrMs,
      workerMs,
      endToEndMs,
      idleRssMiB: idle.rssMiB,
      pullingRssMiB: sampledMaxMiB,
      // VmHWM is updated lazily by the kernel: never below a VmRSS seen.
      peakRssMiB: Math.max(memoryOf(pid).peakRssMiB, sampledMaxMiB),
    };
  } finally {
    await puller?.stop();
    await admin.delete(nodeImages, { name: nodeName }).catch(() => undefined);
    await containerd.stop();
    await registry.stop();
  }
}

export async function benchImagePull(opts: ImagePullBenchOptions): Promise<ImagePullBenchResult> {
  for (const f of [
    PULLER_BUNDLE,
    fileURLToPath(new URL('../../dist/reconcile/knative.js', import.meta.url)),
  ])
    if (!existsSync(f)) throw new Error(`${f} is missing: run \`make build\` first`);
  const cluster = await startBenchCluster();
  try {
    say(`(i) image pre-download: one ImagePullJob over ${opts.nodes} NodeImages`);
    const fan = await fanOut(cluster, opts);
    say(`(i) node puller against ctr: ${opts.runs} pulls of a ${opts.imageMiB} MiB image each`);
    const pulls = await pullOverhead(cluster, opts);
    return { fanOut: fan, pulls };
  } finally {
    await cluster.stop();
  }
}

/** Runs the bench and writes its own section of docs/benchmarks.md. */
export async function runImagePullBench(root: URL, opts: ImagePullBenchOptions): Promise<string> {
  const host = machine(root, new Date());
  const result = await benchImagePull(opts);
  const section = [
    '## Latest run: image pre-download',
    '',
    machineLines(host),
    '',
    imagePullSection(result),
  ].join('\n');
  await writeSection(new URL('docs/benchmarks.md', root), section, SECTION);
  return section;
}

/** The options from parsed flags (run.ts's or this file's own). */
export function imagePullOptions(values: Record<string, unknown>): ImagePullBenchOptions {
  const count = (name: keyof typeof IMAGEPULL_FLAGS) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`--${name}: ${String(values[name])} is not a count`);
    return n;
  };
  return {
    nodes: count('imagepull-nodes'),
    parallelism: count('imagepull-parallelism'),
    runs: count('imagepull-runs'),
    imageMiB: count('imagepull-image-mib'),
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: IMAGEPULL_FLAGS });
  const section = await runImagePullBench(
    new URL('../../', import.meta.url),
    imagePullOptions(values),
  );
  process.stdout.write(`${section}\n`);
  process.stderr.write('[bench] image pre-download figures written to docs/benchmarks.md\n');
}
