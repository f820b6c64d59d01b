/**
 * A fixed corpus of admission requests and the admission function's answer to
 * each, so a change that must not change behaviour can prove it: every seed
 * review and a fixed-seed run of mutations of them, against two clusters (the
 * fuzz test's one SidecarSet; the bench's many SidecarSets plus the seed's
 * native sidecar), each answer recorded as HTTP status and a hash of the body.
 *
 * `npx tsx test/fuzz/answer-corpus.ts --write` records the answers into
 * answers.golden.json; answers.test.ts compares the current ones with it.
 * Record anew only for a change of behaviour that is meant.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { loadAdmissionEvent } from '../../events/admission/load.js';
import { createApp } from '../../functions/admission/app.js';
import { routeDeps } from '../../functions/admission/route-deps.js';
import { admissionRoutes } from '../../functions/admission/routes.js';
import type { SidecarSet } from '../../shared/api/sidecarset.js';
import type { JsonObject } from '../../shared/json.js';
import { chartDefaultFeatureGates, parseFeatureGates } from '../../shared/feature-gates.js';
import type { AdmissionData } from '../../functions/admission/cluster/admission-data.js';
import { createLogger } from '../../shared/log/index.js';
import type { PodReader } from '../../functions/admission/containerrecreaterequest/reads.js';
import { benchPodReview, benchSidecarSets, NAMESPACE_LABELS } from '../bench/fixtures.js';
import { fuzzer, prng } from './mutations.js';
import { CRR_POD_NAME, crrPod, seedReviews } from './seed-reviews.js';

export const GOLDEN = new URL('./answers.golden.json', import.meta.url);
const MUTATIONS = 4_000;
const SEED = 1;

const nativeSidecarSet = (): SidecarSet =>
  parseYaml(
    readFileSync(
      new URL('../../../shared/samples/sidecarset-native.yaml', import.meta.url),
      'utf8',
    ),
  ) as SidecarSet;

const cluster = (
  sidecarSets: () => SidecarSet[],
  labels: Record<string, string>,
): AdmissionData => ({
  synced: true,
  warm: () => undefined,
  sidecarSets: async () => sidecarSets(),
  namespaceLabels: async (name) => ({ 'kubernetes.io/metadata.name': name, ...labels }),
  controllerRevision: async () => undefined,
  customVersionRevisions: async () => [],
  kruiseConfig: async () => undefined,
});

const clusters: Record<string, AdmissionData> = {
  one: cluster(() => [loadAdmissionEvent<SidecarSet>('sidecarset-log-agent')], {}),
  many: cluster(
    () => [
      ...(benchSidecarSets(40) as SidecarSet[]),
      loadAdmissionEvent<SidecarSet>('sidecarset-log-agent'),
      nativeSidecarSet(),
    ],
    NAMESPACE_LABELS,
  ),
};

const crrPods: PodReader = async (namespace, name) =>
  namespace === 'default' && name === CRR_POD_NAME ? { pod: crrPod() } : { notFound: true };

const hash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** `<cluster> <status> <hash of body>` for every request of the corpus, in order. */
export async function corpusAnswers(): Promise<string[]> {
  const gates = parseFeatureGates(chartDefaultFeatureGates);
  const log = createLogger({ level: 0, destination: { write: () => undefined }, env: {} });
  const out: string[] = [];
  for (const [name, data] of Object.entries(clusters)) {
    const routes = admissionRoutes(
      routeDeps({
        data: data,
        gates,
        pods: crrPods,
        now: () => new Date('2026-11-25T03:40:00Z'),
        randomSuffix: () => 'abcde',
      }),
    );
    const app = createApp({ log, routes, notReady: () => undefined });
    const paths = routes.map((r) => r.path).sort();
    const seeds = [
      ...seedReviews(),
      { path: '/mutate-pod', review: JSON.parse(benchPodReview('default')) as JsonObject },
    ].filter((s) => paths.includes(s.path));
    for (const s of seeds) {
      const request = (s.review as { request: JsonObject }).request;
      request['uid'] = 'golden';
    }
    const requests = seeds.map((s) => ({
      path: s.path,
      body: JSON.stringify(s.review),
      contentType: 'application/json',
    }));
    const next = fuzzer(prng(SEED));
    for (let i = 0; i < MUTATIONS; i++) requests.push(next(paths, seeds));
    for (const { path, body, contentType } of requests) {
      const res = await app.request(path, {
        method: 'POST',
        body,
        headers: contentType === '' ? {} : { 'content-type': contentType },
      });
      out.push(`${name} ${res.status} ${hash(await res.text())}`);
    }
  }
  return out;
}

if (process.argv.includes('--write')) {
  const answers = await corpusAnswers();
  writeFileSync(GOLDEN, JSON.stringify(answers, null, 0).replaceAll('","', '",\n"') + '\n');
  console.log(`recorded ${answers.length} answers into ${GOLDEN.pathname}`);
}
