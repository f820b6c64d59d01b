/**
 * Benchmark (c): the function bundles, built afresh into a temp dir as
 * `make build` builds them. First their sizes and load times (the figures
 * `make build` prints, infra/bundle/load-time.ts). Then cold starts against
 * the local control plane, with the CRDs installed and SidecarSets created,
 * three of them selecting the bench pod. Each run is a fresh `node`
 * (test/bench/cold-start-runs.ts) that answers `/healthz` first and then the
 * bench pod's AdmissionReview, so the review is answered from the process's
 * first SidecarSet read. Runs go round by round over the entries, with an
 * empty `node` as the baseline. The certs bundles only answer `/healthz`
 * (Knative) or load (Lambda), against an unreachable kubeconfig, so their
 * start-up sync writes nothing into this control plane.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CustomObjectsApi } from '@kubernetes/client-node';
import { loadAdmissionEvent } from '../../events/admission/load.js';
import { loadEvent } from '../../events/load.js';
import { buildFunctions, type Bundle } from '../../infra/build.js';
import { baseEnv, type Env } from '../../infra/bundle/entry-child.js';
import {
  measureLoadTimes,
  writeUnreachableKubeconfig,
  type LoadTime,
} from '../../infra/bundle/load-time.js';
import { installCrds } from '../../infra/manifests/install-crds.js';
import { chartIdentity } from '../support/chart-identity.js';
import { freePort, testNamespace, type ControlPlane } from '../support/control-plane.js';
import { checkAnswer } from './check-answer.js';
import {
  emptyNodeStart,
  emulatorStart,
  knativeStart,
  lambdaStart,
  type Ask,
  type ColdStart,
} from './cold-start-runs.js';
import { NAMESPACE_LABELS, benchPodReview, benchSidecarSets } from './fixtures.js';
import { summarize, type LatencySummary } from './stats.js';

export interface ColdStartOptions {
  readonly runs: number;
  /** SidecarSets in the cluster, the first three selecting the bench pod. */
  readonly sidecarSets: number;
}

export interface BundleFigures {
  readonly bundle: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly load: LoadTime | undefined;
}

export interface ColdStartSeries {
  readonly name: string;
  readonly ready: LatencySummary;
  readonly healthz?: LatencySummary;
  readonly review?: LatencySummary;
}

export interface ColdStartResult {
  readonly bundles: readonly BundleFigures[];
  readonly loadBaseline: LoadTime;
  readonly series: readonly ColdStartSeries[];
  /** Containers of the pod as the first cold review patched it (proves the injection). */
  readonly injectedContainers: readonly string[];
}

const SIDECARSETS = { group: 'apps.kruise.io', version: 'v1alpha1', plural: 'sidecarsets' };
const HEALTHZ: Ask = { method: 'GET', path: '/healthz' };

/** A Function URL (payload 2.0) event, as events/admission/function-url-create-pod.json. */
function functionUrlEvent(ask: Ask): Record<string, unknown> {
  const event = loadAdmissionEvent<Record<string, unknown>>('function-url-create-pod');
  const context = event['requestContext'] as { http: Record<string, unknown> };
  context.http['method'] = ask.method;
  context.http['path'] = ask.path;
  event['rawPath'] = ask.path;
  event['rawQueryString'] = '';
  delete event['queryStringParameters'];
  if (ask.body === undefined) delete event['body'];
  else event['body'] = ask.body;
  return event;
}

interface Series {
  readonly name: string;
  readonly run: () => Promise<ColdStart>;
  /** Names of the answers, in order; each is checked before it counts. */
  readonly answers: readonly ('healthz' | 'review')[];
}

function outfileOf(bundles: readonly Bundle[], fn: string, entry: string): string {
  const bundle = bundles.find((b) => b.fn === fn && b.entry === entry);
  if (bundle === undefined) throw new Error(`no bundle ${fn}/${entry}`);
  return bundle.outfile;
}

function seriesOf(
  bundles: readonly Bundle[],
  env: Env,
  unreachable: Env,
  review: string,
): Series[] {
  const reviewAsk: Ask = { method: 'POST', path: '/mutate-pod', body: review };
  const events = [
    ['healthz', functionUrlEvent(HEALTHZ)],
    ['review', functionUrlEvent(reviewAsk)],
  ] as const;
  const admission = (entry: string) => outfileOf(bundles, 'admission', entry);
  const certs = (entry: string) => outfileOf(bundles, 'certs', entry);
  return [
    { name: 'node, empty process', run: () => emptyNodeStart(env), answers: [] },
    {
      name: 'admission Lambda (`handler(event)`)',
      run: () => lambdaStart(admission('lambda'), env, events),
      answers: ['healthz', 'review'],
    },
    {
      name: 'admission Lambda under aws-lambda-rie (init as reported)',
      run: () => emulatorStart(admission('lambda'), env, events),
      answers: ['healthz', 'review'],
    },
    {
      name: 'admission Knative (`node`, HTTP)',
      run: async () =>
        knativeStart(admission('knative'), env, await freePort(), [HEALTHZ, reviewAsk]),
      answers: ['healthz', 'review'],
    },
    { name: 'certs Lambda', run: () => lambdaStart(certs('lambda'), unreachable, []), answers: [] },
    {
      name: 'certs Lambda under aws-lambda-rie (init as reported)',
      run: () =>
        emulatorStart(certs('lambda'), unreachable, [
          ['tick', loadEvent('schedule', 'eventbridge-rule')],
        ]),
      answers: [],
    },
    {
      name: 'certs Knative',
      run: async () => knativeStart(certs('knative'), unreachable, await freePort(), [HEALTHZ]),
      answers: ['healthz'],
    },
  ];
}

/** Checks one answer; returns the patched containers of a review. */
function checked(name: string, series: string, status: number, body: string): string[] {
  if (name === 'review') return checkAnswer(status, body).containersAfter;
  if (status !== 200 || body !== 'ok') {
    throw new Error(`${series}: /healthz answered ${status} ${body.slice(0, 200)}`);
  }
  return [];
}

async function createSidecarSets(custom: CustomObjectsApi, total: number, run: string) {
  const names: string[] = [];
  // Created with the defaults and hashes the defaulting webhook would add: none is registered.
  for (const set of benchSidecarSets(total, run)) {
    await custom.createClusterCustomObject({ ...SIDECARSETS, body: set });
    names.push(set.metadata?.name ?? '');
  }
  return names;
}

interface Samples {
  readonly ready: number[];
  readonly healthz: number[];
  readonly review: number[];
}

/** `runs` rounds over every series; each answer is checked before its time counts. */
async function runRounds(series: readonly Series[], runs: number) {
  const samples: Samples[] = series.map(() => ({ ready: [], healthz: [], review: [] }));
  let injectedContainers: readonly string[] = [];
  for (let round = 0; round < runs; round++) {
    for (const [i, s] of series.entries()) {
      const start = await s.run();
      const into = samples[i] ?? { ready: [], healthz: [], review: [] };
      into.ready.push(start.readyMs);
      for (const [j, name] of s.answers.entries()) {
        const answer = start.answers[j];
        if (answer === undefined) throw new Error(`${s.name}: no answer to ${name}`);
        const containers = checked(name, s.name, answer.status, answer.body);
        if (name === 'review' && injectedContainers.length === 0) injectedContainers = containers;
        into[name].push(answer.ms);
      }
    }
  }
  return { samples, injectedContainers };
}

const summaryOf = (name: string, into: Samples | undefined): ColdStartSeries => ({
  name,
  ready: summarize(into?.ready ?? []),
  ...(into !== undefined && into.healthz.length > 0 && { healthz: summarize(into.healthz) }),
  ...(into !== undefined && into.review.length > 0 && { review: summarize(into.review) }),
});

export async function benchColdStart(
  cp: ControlPlane,
  opts: ColdStartOptions,
): Promise<ColdStartResult> {
  const dir = mkdtempSync(join(tmpdir(), 'kruise-fn-cold-start-'));
  const custom = cp.kubeConfig.makeApiClient(CustomObjectsApi);
  let names: string[] = [];
  try {
    const built = await buildFunctions({ outdir: join(dir, 'dist'), only: ['admission', 'certs'] });
    const loads = await measureLoadTimes(built, { runs: opts.runs });
    await installCrds(cp.kubeConfig);
    names = await createSidecarSets(custom, opts.sidecarSets, randomBytes(3).toString('hex'));
    const namespace = await testNamespace(cp.kubeConfig, 'bench-cold', { ...NAMESPACE_LABELS });

    // The admission function as its chart ServiceAccount, as the tests run it.
    const admission = await chartIdentity(cp, 'admission');
    const env = baseEnv({ KUBECONFIG: admission.kubeconfigPath, HOME: dir });
    const unreachable = baseEnv({ KUBECONFIG: writeUnreachableKubeconfig(dir), HOME: dir });
    const series = seriesOf(built, env, unreachable, benchPodReview(namespace));
    const { samples, injectedContainers } = await runRounds(series, opts.runs);
    return {
      bundles: built.map((b) => ({
        bundle: `dist/${b.fn}/${b.entry}.js`,
        bytes: b.bytes,
        gzipBytes: b.gzipBytes,
        load: loads.byOutfile.get(b.outfile),
      })),
      loadBaseline: loads.baseline,
      series: series.map((s, i) => summaryOf(s.name, samples[i])),
      injectedContainers,
    };
  } finally {
    for (const name of names) await custom.deleteClusterCustomObject({ ...SIDECARSETS, name });
    rmSync(dir, { recursive: true, force: true });
  }
}
