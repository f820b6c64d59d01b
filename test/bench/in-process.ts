/**
 * Benchmark (a): the admission app's `/mutate-pod` route in process, through
 * `app.request()`, with the production route table and decisions; only the
 * cluster reads are an in-memory AdmissionData holding the SidecarSets (what
 * the warm cache holds between its refreshes). One process runs the requests
 * one after another, so reviews/s is the figure for one core.
 */
import type { PodReader } from '../../functions/admission/containerrecreaterequest/reads.js';
import { createApp } from '../../functions/admission/app.js';
import { routeDeps } from '../../functions/admission/route-deps.js';
import { admissionRoutes } from '../../functions/admission/routes.js';
import { chartDefaultFeatureGates, parseFeatureGates } from '../../shared/feature-gates.js';
import type { AdmissionData } from '../../functions/admission/cluster/admission-data.js';
import type { SidecarSet } from '../../shared/api/sidecarset.js';
import { createLogger } from '../../shared/log/index.js';
import { checkAnswer } from './check-answer.js';
import { benchPodReview, benchSidecarSets, NAMESPACE_LABELS } from './fixtures.js';
import { elapsedMs, summarize, timeEach, type LatencySummary } from './stats.js';

export interface InProcessOptions {
  readonly sidecarSets: number;
  readonly warmup: number;
  readonly requests: number;
}

export interface InProcessResult {
  readonly latency: LatencySummary;
  /** Reviews per wall-clock second (the machine's other load counts against it). */
  readonly reviewsPerSecond: number;
  /** Reviews per CPU second of this process (user + system, all its threads): one dedicated core. */
  readonly reviewsPerCpuSecond: number;
  /** JSONPatch operations in one answer. */
  readonly patchOps: number;
  /** Container names of the patched pod (proves the injection happened). */
  readonly containersAfter: string[];
}

const NAMESPACE = 'bench';

function memoryData(sidecarSets: readonly SidecarSet[]): AdmissionData {
  const list = Promise.resolve([...sidecarSets]);
  return {
    synced: true,
    warm: () => undefined,
    sidecarSets: () => list,
    namespaceLabels: (name) =>
      Promise.resolve(name === NAMESPACE ? { ...NAMESPACE_LABELS } : undefined),
    controllerRevision: () => Promise.resolve(undefined),
    customVersionRevisions: () => Promise.resolve([]),
    kruiseConfig: () => Promise.resolve(undefined),
  };
}

type App = ReturnType<typeof createApp>;

const post = (app: App, body: string) =>
  app.request('/mutate-pod', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });

/** The bench sends no ContainerRecreateRequest. */
const noPods: PodReader = async () => ({ notFound: true });

export async function benchInProcess(opts: InProcessOptions): Promise<InProcessResult> {
  const sets = benchSidecarSets(opts.sidecarSets) as SidecarSet[];
  const gates = parseFeatureGates(chartDefaultFeatureGates);
  // Production verbosity (0): the per-injection line is V3, so nothing is written.
  const log = createLogger({ destination: { write: () => undefined }, level: 0, env: {} });
  const routes = admissionRoutes(routeDeps({ data: memoryData(sets), gates, pods: noPods }));
  const app = createApp({ log, routes, notReady: () => undefined });
  const body = benchPodReview(NAMESPACE);
  const first = await post(app, body);
  const check = checkAnswer(first.status, await first.text());

  await timeEach(opts.warmup, async () => void (await (await post(app, body)).arrayBuffer()));
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const samples = await timeEach(opts.requests, async () => {
    await (await post(app, body)).arrayBuffer();
  });
  const cpu = process.cpuUsage(cpuStart);
  const totalMs = elapsedMs(start);
  return {
    latency: summarize(samples),
    reviewsPerSecond: opts.requests / (totalMs / 1000),
    reviewsPerCpuSecond: opts.requests / ((cpu.user + cpu.system) / 1e6),
    ...check,
  };
}
