/**
 * Bad input for the admission function: at least 10,000 random mutations of
 * valid reviews (fields dropped, replaced or retyped, JSON truncated, bodies
 * over 3 MiB, wrong kinds and versions, wrong routes) through the real route
 * table. Every answer must be an HTTP 2xx AdmissionReview or a 4xx
 * AdmissionReview carrying a message; never a 5xx, never a throw. An object
 * Go cannot decode into its kind's type is answered in band with code 400
 * and Go's message, as OpenKruise answers it; no decision ever crashes (no
 * JavaScript error text, no `internal error`), and an in-band 500 comes only
 * from a route whose OpenKruise handler answers 500.
 *
 * For Pods Go is the oracle: every Pod object the run generates goes to the
 * Go program (infra/go-oracle `decode-pod`, which decodes as OpenKruise's pod
 * webhook does), and our decoder's answer and the in-band 400 must be Go's
 * message exactly, case by case. Other kinds are still checked against our
 * own decode walk. The PRNG seed is fixed (FUZZ_SEED=<n> picks another) and
 * printed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadAdmissionEvent } from '../../events/admission/load.js';
import type { SidecarSet } from '../../shared/api/sidecarset.js';
import { createApp } from '../../functions/admission/app.js';
import { routeDeps } from '../../functions/admission/route-deps.js';
import { admissionRoutes } from '../../functions/admission/routes.js';
import type { JsonObject } from '../../shared/json.js';
import { chartDefaultFeatureGates, parseFeatureGates } from '../../shared/feature-gates.js';
import type { AdmissionData } from '../../functions/admission/cluster/admission-data.js';
import { createLogger } from '../../shared/log/index.js';
import { Value } from '@sinclair/typebox/value';
import { goDecodeError } from '../../functions/admission/review/go-decode.js';
import type { GoType } from '../../functions/admission/review/go-type.js';
import { decodingType, objectDecoder } from '../../functions/admission/review/object-decoder.js';
import {
  typeOnlySchema,
  type TypeOnlySchema,
} from '../../functions/admission/review/type-only-schema.js';
import type { PodReader } from '../../functions/admission/containerrecreaterequest/reads.js';
import { PodDecodeOracle } from '../../infra/go-oracle/oracle.js';
import { fuzzer, prng } from './mutations.js';
import { CRR_POD_NAME, crrPod, seedReviews } from './seed-reviews.js';

const ITERATIONS = 10_000;
/** The run's seed unless FUZZ_SEED says otherwise: the same cases every run. */
const DEFAULT_SEED = 20_261_125;

/** The cluster as the decisions see it: one SidecarSet, no revisions, no configuration. */
const clusterData: AdmissionData = {
  synced: true,
  warm: () => undefined,
  sidecarSets: async () => [loadAdmissionEvent<SidecarSet>('sidecarset-log-agent')],
  namespaceLabels: async (name) => ({ 'kubernetes.io/metadata.name': name }),
  controllerRevision: async () => undefined,
  customVersionRevisions: async () => [],
  kruiseConfig: async () => undefined,
};

/** The one Pod the ContainerRecreateRequest route can find. */
const crrPods: PodReader = async (namespace, name) =>
  namespace === 'default' && name === CRR_POD_NAME ? { pod: crrPod() } : { notFound: true };

/** Text only a JavaScript failure (or the shell hiding one) puts in a message. */
const CRASH =
  /TypeError|RangeError|ReferenceError|SyntaxError|Cannot read propert|Cannot set propert|is not a function|is not iterable|is not defined|Cannot convert|Invalid array length|Maximum call stack|internal error/;

/** Routes whose OpenKruise handler answers some requests with an in-band 500. */
const PATHS_WITH_500 = new Set([
  '/mutate-pod',
  '/mutate-apps-kruise-io-v1alpha1-sidecarset',
  '/validate-apps-kruise-io-v1alpha1-sidecarset',
]);

/**
 * The objects OpenKruise's handler decodes, in order: the object, then the
 * old object (DELETE: the old object only).
 */
function decodedObjects(body: string): JsonObject[] {
  const request = (JSON.parse(body) as { request: JsonObject }).request;
  const old = request['oldObject'] as JsonObject | null | undefined;
  const object = request['operation'] === 'DELETE' ? old : (request['object'] as JsonObject);
  return [object, old].filter((o): o is JsonObject => o !== null && o !== undefined);
}

const isPod = (o: JsonObject): boolean => o['apiVersion'] === 'v1' && o['kind'] === 'Pod';

const typeOnly = new Map<GoType, TypeOnlySchema>();

/** What the type-only schema (the decoder's fast check) says of `o`: true when it accepts. */
function typeOnlyAccepts(type: GoType, o: JsonObject): boolean {
  let schema = typeOnly.get(type);
  if (schema === undefined) typeOnly.set(type, (schema = typeOnlySchema(type)));
  return Value.Check(schema.schema, [...schema.references], o);
}

/**
 * The decode error OpenKruise would answer for the review's objects, '' when
 * they decode: Go's own for a Pod, our decode walk's for the other kinds.
 * For a Pod it also checks our decoder against Go, and for every kind that
 * what the type-only schema accepts decodes.
 */
async function expectedDecodeError(body: string, go: PodDecodeOracle, where: string) {
  for (const o of decodedObjects(body)) {
    const type = decodingType(String(o['apiVersion']), String(o['kind']));
    if (type === undefined) continue;
    let error: string;
    if (isPod(o)) {
      error = await go.decode(JSON.stringify(o));
      const ours = objectDecoder('v1', 'Pod')?.(o);
      assert.equal(
        ours !== undefined && 'error' in ours ? ours.error : '',
        error,
        `${where}: Pod decode`,
      );
    } else error = goDecodeError(type, o) ?? '';
    if (typeOnlyAccepts(type, o)) assert.equal(error, '', `${where}: type-only schema accepted`);
    if (error !== '') return { error, pod: isPod(o) };
  }
  return { error: '', pod: false };
}

describe('admission fuzz', () => {
  it(`answers ${ITERATIONS} random mutations of valid reviews with a 2xx or 4xx AdmissionReview`, async (t) => {
    const raw = process.env['FUZZ_SEED'] ?? '';
    const seed = raw === '' ? DEFAULT_SEED : Number(raw);
    assert.ok(Number.isSafeInteger(seed), `FUZZ_SEED=${raw} is not an integer`);
    t.diagnostic(`FUZZ_SEED=${seed}`);
    const random = prng(seed);
    const gates = parseFeatureGates(chartDefaultFeatureGates);
    const routes = admissionRoutes(
      routeDeps({
        data: clusterData,
        gates,
        pods: crrPods,
        now: () => new Date('2026-11-25T03:40:00Z'),
        randomSuffix: () => 'abcde',
      }),
    );
    const log = createLogger({ level: 0, destination: { write: () => undefined }, env: {} });
    const app = createApp({ log, routes, notReady: () => undefined });
    const paths = routes.map((r) => r.path);
    const seeds = seedReviews().filter((s) => paths.includes(s.path));
    assert.ok(seeds.length >= 3, `seed reviews for ${seeds.map((s) => s.path).join(', ')}`);
    const next = fuzzer(random);
    const statuses = new Map<string, number>();
    const go = new PodDecodeOracle();
    t.after(() => go.close());
    let pods = 0;
    let undecodable = 0;
    let undecodablePods = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const { path, body, contentType } = next(paths, seeds);
      const where = `iteration ${i} (FUZZ_SEED=${seed}) ${path}`;
      const res = await app.request(path, {
        method: 'POST',
        body,
        headers: contentType === '' ? {} : { 'content-type': contentType },
      });
      const answer = (await res.json()) as {
        apiVersion?: unknown;
        kind?: unknown;
        response?: {
          uid?: unknown;
          allowed?: unknown;
          status?: { code?: unknown; message?: unknown };
        };
      };
      const inBand = res.status === 200 && answer.response?.allowed === false;
      const key = `${res.status}${inBand ? `/${String(answer.response?.status?.code)}` : ''}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      assert.ok(res.status >= 200 && res.status < 500, `${where}: HTTP ${res.status}`);
      assert.equal(answer.apiVersion, 'admission.k8s.io/v1', where);
      assert.equal(answer.kind, 'AdmissionReview', where);
      assert.equal(typeof answer.response?.uid, 'string', where);
      assert.equal(typeof answer.response?.allowed, 'boolean', where);
      const message = answer.response?.status?.message;
      if (res.status >= 400) {
        assert.equal(answer.response?.allowed, false, where);
        assert.equal(answer.response?.status?.code, res.status, where);
        assert.ok(typeof message === 'string' && message.length > 0, `${where}: no message`);
      }
      assert.ok(!CRASH.test(String(message ?? '')), `${where}: crash text in ${String(message)}`);
      if (res.status === 200) {
        const expected = await expectedDecodeError(body, go, where);
        if (decodedObjects(body).some(isPod)) pods++;
        if (expected.error !== '') {
          undecodable++;
          if (expected.pod) undecodablePods++;
          assert.deepStrictEqual(
            [answer.response?.allowed, answer.response?.status],
            [false, { code: 400, message: expected.error }],
            where,
          );
        }
      }
      if (inBand && answer.response?.status?.code === 500) {
        assert.ok(PATHS_WITH_500.has(path), `${where}: in-band 500: ${String(message)}`);
      }
    }
    t.diagnostic(
      `HTTP status[/in-band code]: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    );
    t.diagnostic(
      `Pod reviews decoded by Go and compared: ${pods} (${undecodablePods} undecodable)`,
    );
    t.diagnostic(`objects Go cannot decode, answered 400 in band: ${undecodable}`);
  });
});
