/**
 * Bad input for the admission function: at least 10,000 random mutations of
 * valid reviews (fields dropped, replaced or retyped, JSON truncated, bodies
 * over 3 MiB, wrong kinds and versions, wrong routes) through the real route
 * table. Every answer must be an HTTP 2xx AdmissionReview or a 4xx
 * AdmissionReview carrying a message; never a 5xx, never a throw. An object
 * Go cannot decode into its kind's type is answered in band with code 400
 * and Go's message, as OpenKruise answers it; no decision ever crashes (no
 * JavaScript error text, no `internal error`), and an in-band 500 comes only
 * from a route whose OpenKruise handler answers 500. The PRNG is seeded
 * (FUZZ_SEED=<n> replays a run) and the seed is printed.
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
import { goDecodeError } from '../../shared/admission/go-decode.js';
import type { GoType } from '../../shared/admission/go-type.js';
import { decodingType } from '../../shared/admission/object-decoder.js';
import { typeOnlySchema, type TypeOnlySchema } from '../../shared/admission/type-only-schema.js';
import type { PodReader } from '../../functions/admission/containerrecreaterequest/reads.js';
import { fuzzer, prng } from './mutations.js';
import { CRR_POD_NAME, crrPod, seedReviews } from './seed-reviews.js';

const ITERATIONS = 10_000;

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
 * Go's decode error for the review's object (then old object), as OpenKruise
 * would answer it; undefined when both decode. Also checks that the type-only
 * schema, interpreted, agrees: what it accepts, Go decodes.
 */
const typeOnly = new Map<GoType, TypeOnlySchema>();

function expectedDecodeError(body: string): string | undefined {
  const request = (JSON.parse(body) as { request: JsonObject }).request;
  const old = request['oldObject'] as JsonObject | null | undefined;
  const object = request['operation'] === 'DELETE' ? old : (request['object'] as JsonObject);
  for (const o of [object, old]) {
    if (o === null || o === undefined) continue;
    const type = decodingType(String(o['apiVersion']), String(o['kind']));
    if (type === undefined) continue;
    const error = goDecodeError(type, o);
    let schema = typeOnly.get(type);
    if (schema === undefined) typeOnly.set(type, (schema = typeOnlySchema(type)));
    if (Value.Check(schema.schema, [...schema.references], o)) assert.equal(error, undefined);
    if (error !== undefined) return error;
  }
  return undefined;
}

describe('admission fuzz', () => {
  it(`answers ${ITERATIONS} random mutations of valid reviews with a 2xx or 4xx AdmissionReview`, async (t) => {
    const seed = Number(process.env['FUZZ_SEED'] ?? Math.floor(Math.random() * 2 ** 32));
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
    let undecodable = 0;
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
        const decodeError = expectedDecodeError(body);
        if (decodeError !== undefined) {
          undecodable++;
          assert.deepStrictEqual(
            [answer.response?.allowed, answer.response?.status],
            [false, { code: 400, message: decodeError }],
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
    t.diagnostic(`objects Go cannot decode, answered 400 in band: ${undecodable}`);
    assert.ok(undecodable > ITERATIONS / 20, `only ${undecodable} undecodable objects`);
  });
});
