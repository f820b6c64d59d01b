/**
 * Benchmark (h), the Advanced StatefulSet controller at scale: the reconcile
 * function as its own process (`dist/reconcile/knative.js`), fed by the
 * kube-apiserver's audit webhook, with kruise-manager's client budget (QPS
 * 30, burst 50); the bench plays the kubelet (statefulset-cluster.ts).
 * 1. scale 0 → N (Parallel): from the `replicas` patch until the status
 *    counts N Ready;
 * 2. a rolling update of the N pods (ReCreate, maxUnavailable 10 %): from
 *    the image patch until N are updated and Ready and the update revision
 *    is current.
 * For each: the wall time, the function's API requests per pod (the audit
 * log lines of its ServiceAccount, by verb), and the function's peak RSS
 * (VmHWM). Beside them the floor: the same N pods created (then deleted and
 * created again) directly by the bench through a client with the same
 * budget, the same kubelet making them Ready.
 *
 * `npx tsx test/bench/statefulset.ts [--statefulset-pods=N]` runs it alone
 * (after `npm run build`); run.ts runs it unless `--skip-statefulset`.
 * Figures are reported, never asserted.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Pod } from '../../shared/api/core/core-v1.js';
import type { StatefulSet } from '../../shared/api/statefulset.js';
import { kubeClient, type KubeClient } from '../../shared/kube/client.js';
import { pods } from '../../shared/kube/core-resources.js';
import { statefulSets } from '../../shared/kube/kruise-resources.js';
import { KRUISE_MANAGER_RATE, tokenBucket } from '../../shared/kube/rate-limit.js';
import { setAuditTarget } from '../support/audit-relay.js';
import { startBundleProcess } from '../support/bundle-process.js';
import { ensureNamespace } from '../support/control-plane.js';
import { machine, machineLines, writeSection } from './report.js';
import {
  FUNCTION_NAMESPACE,
  minus,
  startBenchCluster,
  startBenchKubelet,
  type BenchCluster,
} from './statefulset-cluster.js';
import { statefulSetSection, type StatefulSetBenchResult } from './statefulset-report.js';

/** run.ts's flags for this bench. */
export const STATEFULSET_FLAGS = {
  'skip-statefulset': { type: 'boolean', default: false },
  'statefulset-pods': { type: 'string', default: '1000' },
} as const;

export const SECTION = 'bench-statefulset';
const SET = 'bench';
const IMAGES = ['example/web:1', 'example/web:2'];

const benchSet = (namespace: string): StatefulSet => ({
  apiVersion: 'apps.kruise.io/v1beta1',
  kind: 'StatefulSet',
  metadata: { name: SET, namespace },
  spec: {
    replicas: 0,
    podManagementPolicy: 'Parallel',
    serviceName: SET,
    revisionHistoryLimit: 10,
    selector: { matchLabels: { app: SET } },
    updateStrategy: {
      type: 'RollingUpdate',
      rollingUpdate: {
        partition: 0,
        maxUnavailable: '10%',
        podUpdatePolicy: 'ReCreate',
        minReadySeconds: 0,
      },
    },
    persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    template: {
      metadata: { labels: { app: SET } },
      spec: { containers: [{ name: 'main', image: IMAGES[0] }] },
    },
  },
});

const vmHWMKiB = (pid: number): number =>
  Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

async function untilTrue(what: string, probe: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(250);
  }
}

/** Runs `n` jobs at most `limit` at once (the client's token bucket is the real bound). */
async function pool(n: number, limit: number, job: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, n) }, async () => {
      while (next < n) await job(next++);
    }),
  );
}

async function throughFunction(cluster: BenchCluster, n: number) {
  const admin = kubeClient(cluster.cp.kubeConfig);
  const namespace = 'asts-bench';
  await ensureNamespace(cluster.cp.kubeConfig, namespace);
  const fn = await startBundleProcess(
    fileURLToPath(new URL('../../dist/reconcile/knative.js', import.meta.url)),
    {
      KUBECONFIG: cluster.functionKubeconfig,
      POD_NAMESPACE: FUNCTION_NAMESPACE,
      HOME: process.env['HOME'] ?? '/tmp',
    },
  );
  await setAuditTarget(cluster.relay.url, fn.url);
  const kubelet = startBenchKubelet(admin, namespace);
  const key = { namespace, name: SET };
  const status = async () => (await admin.get(statefulSets, key)).status;
  try {
    await admin.create(statefulSets, benchSet(namespace));
    await untilTrue(
      'the empty set observed',
      async () => (await status())?.observedGeneration === 1,
      60_000,
    );
    const before = cluster.requestsOf();
    const t0 = Date.now();
    await admin.patch(statefulSets, key, { type: 'merge', body: { spec: { replicas: n } } });
    await untilTrue(
      'scaled up',
      async () => {
        const s = await status();
        return s?.observedGeneration === 2 && s.replicas === n && s.readyReplicas === n;
      },
      30 * 60_000,
    );
    const scaleMs = Date.now() - t0;
    await sleep(1_500); // the apiserver's audit log is written as requests complete
    const scaled = cluster.requestsOf();
    const t1 = Date.now();
    await admin.patch(statefulSets, key, {
      type: 'merge',
      body: { spec: { template: { spec: { containers: [{ name: 'main', image: IMAGES[1] }] } } } },
    });
    await untilTrue(
      'rolled',
      async () => {
        const s = await status();
        return (
          s?.observedGeneration === 3 &&
          s.updatedReplicas === n &&
          s.readyReplicas === n &&
          s.currentRevision === s.updateRevision
        );
      },
      60 * 60_000,
    );
    const updateMs = Date.now() - t1;
    await sleep(1_500);
    const rolled = cluster.requestsOf();
    return {
      scale: { wallMs: scaleMs, requests: minus(scaled, before) },
      update: { wallMs: updateMs, requests: minus(rolled, scaled) },
      peakRssMiB: vmHWMKiB(fn.pid) / 1024,
    };
  } finally {
    await kubelet.stop();
    await setAuditTarget(cluster.relay.url, undefined);
    await fn.stop();
  }
}

/** The floor: N pods created (then each deleted and created again) by the bench at the same budget. */
async function floor(cluster: BenchCluster, n: number) {
  const namespace = 'asts-floor';
  await ensureNamespace(cluster.cp.kubeConfig, namespace);
  const admin = kubeClient(cluster.cp.kubeConfig);
  const budgeted: KubeClient = kubeClient(cluster.cp.kubeConfig, {
    rateLimiter: tokenBucket(KRUISE_MANAGER_RATE),
  });
  const pod = (i: number, image: string): Pod => ({
    metadata: { name: `${SET}-${i}`, namespace, labels: { app: SET } },
    spec: { containers: [{ name: 'main', image }] },
  });
  const kubelet = startBenchKubelet(admin, namespace);
  const allReady = (image: string) => async () => {
    const list = (await admin.list(pods, { namespace })).items;
    return (
      list.length === n &&
      list.every(
        (p) =>
          p.spec?.containers[0]?.image === image &&
          p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true,
      )
    );
  };
  try {
    const t0 = Date.now();
    await pool(n, 50, async (i) => void (await budgeted.create(pods, pod(i, IMAGES[0] ?? ''))));
    await untilTrue('floor created', allReady(IMAGES[0] ?? ''), 30 * 60_000);
    const createMs = Date.now() - t0;
    const t1 = Date.now();
    await pool(n, 50, async (i) => {
      await budgeted.delete(pods, { namespace, name: `${SET}-${i}` });
      await budgeted.create(pods, pod(i, IMAGES[1] ?? ''));
    });
    await untilTrue('floor recreated', allReady(IMAGES[1] ?? ''), 30 * 60_000);
    return { createMs, recreateMs: Date.now() - t1 };
  } finally {
    await kubelet.stop();
  }
}

export async function benchStatefulSet(n: number): Promise<StatefulSetBenchResult> {
  const cluster = await startBenchCluster();
  try {
    process.stderr.write(`[bench] Advanced StatefulSet: 0 → ${n} pods, then a rolling update\n`);
    const fn = await throughFunction(cluster, n);
    process.stderr.write(`[bench] Advanced StatefulSet floor: ${n} pods created by the bench\n`);
    const fl = await floor(cluster, n);
    return { pods: n, ...fn, floor: fl };
  } finally {
    await cluster.stop();
  }
}

/** Runs the bench and writes its own section of docs/benchmarks.md. */
export async function runStatefulSetBench(root: URL, n: number): Promise<string> {
  const host = machine(root, new Date());
  const result = await benchStatefulSet(n);
  const section = [
    `## Latest run: Advanced StatefulSet`,
    '',
    machineLines(host),
    '',
    statefulSetSection(result),
  ].join('\n');
  await writeSection(new URL('docs/benchmarks.md', root), section, SECTION);
  return section;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: STATEFULSET_FLAGS });
  const n = Number(values['statefulset-pods']);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--statefulset-pods: ${values['statefulset-pods']} is not a count`);
  const section = await runStatefulSetBench(new URL('../../', import.meta.url), n);
  process.stdout.write(`${section}\n`);
  process.stderr.write('[bench] figures written to docs/benchmarks.md\n');
}
