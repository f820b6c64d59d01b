/**
 * Benchmark (b): pod create latency through the local kube-apiserver, first
 * with no webhook registered, then with the admission function (in process,
 * HTTPS, test/support/webhook-harness.ts) registered and the bench
 * SidecarSets created through the API, so every pod is injected. Creates run
 * one after another; each sample is one `POST /api/v1/namespaces/…/pods`.
 * Also timed on its own: the list of all SidecarSets that each refresh of
 * the admission cache reads.
 */
import { kubeClient } from '../../shared/kube/client.js';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CoreV1Api, CustomObjectsApi, type V1Pod } from '@kubernetes/client-node';
import { kubeAdmissionReads } from '../../functions/admission/cluster/admission-reads.js';
import type { ControlPlane } from '../support/control-plane.js';
import { testNamespace } from '../support/control-plane.js';
import { startAdmission } from '../support/webhook-harness.js';
import { NAMESPACE_LABELS, benchPod, benchSidecarSets } from './fixtures.js';
import { summarize, timeEach, type LatencySummary } from './stats.js';

export interface ApiServerOptions {
  readonly sidecarSets: number;
  readonly warmup: number;
  readonly creates: number;
}

export interface ApiServerResult {
  readonly withoutWebhook: LatencySummary;
  readonly withWebhook: LatencySummary;
  /** Containers of a pod created with the webhook (proves the injection happened). */
  readonly injectedContainers: string[];
  /** What one refresh of the SidecarSet cache costs: the metadata list, and the full list after a change. */
  readonly metadataList: ListCost;
  readonly list: ListCost;
}

export interface ListCost {
  readonly items: number;
  readonly wall: LatencySummary;
  /** CPU time of this process per list (TLS, JSON parse), in ms. */
  readonly cpuMsPerList: number;
}

const LISTS = 10;

/** One of the admission cache's reads (functions/admission/cluster/admission-reads.ts), timed on its own. */
async function measureList(read: () => Promise<readonly unknown[]>): Promise<ListCost> {
  let items = (await read()).length;
  const cpuStart = process.cpuUsage();
  const wall = await timeEach(LISTS, async () => {
    items = (await read()).length;
  });
  const cpu = process.cpuUsage(cpuStart);
  return { items, wall: summarize(wall), cpuMsPerList: (cpu.user + cpu.system) / 1000 / LISTS };
}

const SIDECARSETS = { group: 'apps.kruise.io', version: 'v1alpha1', plural: 'sidecarsets' };
// The admission caches answer with reads at most 500 ms old; 1 s is the promised bound.
const CACHE_BOUND_MS = 1_000;

/** The bench pod as a client sends it: no status, no server-side defaults needed. */
function podBody(): V1Pod {
  const { spec, metadata } = benchPod() as { spec: V1Pod['spec']; metadata: V1Pod['metadata'] };
  return { metadata, spec } as V1Pod;
}

async function createPods(core: CoreV1Api, namespace: string, opts: ApiServerOptions) {
  const create = async () => void (await core.createNamespacedPod({ namespace, body: podBody() }));
  await timeEach(opts.warmup, create);
  return summarize(await timeEach(opts.creates, create));
}

export async function benchThroughApiServer(
  cp: ControlPlane,
  opts: ApiServerOptions,
): Promise<ApiServerResult> {
  const kc = cp.kubeConfig;
  const core = kc.makeApiClient(CoreV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);

  const plain = await testNamespace(kc, 'bench-plain', { ...NAMESPACE_LABELS });
  const withoutWebhook = await createPods(core, plain, opts);

  const admission = await startAdmission(cp, { logLevel: 0 });
  const run = randomBytes(3).toString('hex');
  const names: string[] = [];
  try {
    for (const set of benchSidecarSets(opts.sidecarSets, run)) {
      // Stored as a client would send it: the defaulting webhook adds defaults and hashes again.
      const body = { ...set, metadata: { name: set.metadata?.name } };
      await custom.createClusterCustomObject({ ...SIDECARSETS, body });
      names.push(set.metadata?.name ?? '');
    }
    await sleep(CACHE_BOUND_MS);
    const reads = kubeAdmissionReads(kubeClient(kc));
    const metadataList = await measureList(() => reads.listSidecarSetMetadata());
    const list = await measureList(() => reads.listSidecarSets());
    const injected = await testNamespace(kc, 'bench-webhook', { ...NAMESPACE_LABELS });
    const probe = await core.createNamespacedPod({ namespace: injected, body: podBody() });
    const injectedContainers = (probe.spec?.containers ?? []).map((c) => c.name);
    const withWebhook = await createPods(core, injected, opts);
    return { withoutWebhook, withWebhook, injectedContainers, metadataList, list };
  } finally {
    for (const name of names) await custom.deleteClusterCustomObject({ ...SIDECARSETS, name });
    await admission.stop();
  }
}
