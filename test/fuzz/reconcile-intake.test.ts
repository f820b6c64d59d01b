/**
 * Bad input for the reconcile function's intakes: 5,000 events (FUZZ_EVENTS
 * to change) to each of HTTP POST /audit, HTTP POST / (CloudEvents, binary
 * and structured) and the Lambda handler (CloudWatch Logs subscriptions and
 * schedule-like events), mutated from the samples under events/ (fields
 * dropped or retyped, wrong kinds, JSON cut short, long and unicode
 * strings, nulls, arrays for objects, broken base64 and gzip, wrong content
 * types) with valid events mixed in, through the real routes, the real
 * mapping and runner, and the real client against the fake apiserver.
 *
 * For every input: no throw, no 5xx; a refusal is a 400 (413 over the body
 * cap) or `{error}` with a message free of JavaScript error text, and the
 * apiserver got no request at all for it. An input malformed by
 * construction is refused; a valid envelope is taken. A bad record inside a
 * valid batch names a poisoned object and no request may mention it, so the
 * good records may read and write but the bad one neither; a batch with no
 * record that may do I/O makes no request. The PRNG seed is fixed
 * (FUZZ_SEED=<n> picks another) and printed with the counts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { createApp } from '../../functions/reconcile/app.js';
import { createLambdaHandler } from '../../functions/reconcile/lambda-handler.js';
import { reconcileBatch } from '../../functions/reconcile/reconcile-batch.js';
import { enabledControllers } from '../../functions/reconcile/registry.js';
import type { RunOptions } from '../../functions/reconcile/run.js';
import { parseFeatureGates } from '../../shared/feature-gates.js';
import { kubeClient } from '../../shared/kube/client.js';
import { tokenBucket } from '../../shared/kube/rate-limit.js';
import { createLogger } from '../../shared/log/index.js';
import { startFakeApiServer, type FakeApiServer } from '../support/fake-apiserver.js';
import { jsonMutator } from './json-mutations.js';
import { prng } from './mutations.js';
import { auditCases } from './reconcile-audit-cases.js';
import type { HttpCase, Known } from './reconcile-case.js';
import { cloudEventCases } from './reconcile-cloudevents.js';
import { lambdaCases } from './reconcile-lambda-cases.js';
import { POISON } from './reconcile-records.js';

const EVENTS = Number(process.env['FUZZ_EVENTS'] || 5_000);
/** The run's seed unless FUZZ_SEED says otherwise: the same cases every run. */
const DEFAULT_SEED = 20_261_202;
/** The fuzz app's body cap (the route's default is 16 MiB; app.test.ts checks its answer). */
const MAX_BODY_BYTES = 1024 * 1024;

/** Text only a JavaScript failure (or the shell hiding one) puts in a message. */
const CRASH =
  /TypeError|RangeError|ReferenceError|SyntaxError|Cannot read propert|Cannot set propert|is not a function|is not iterable|is not defined|Cannot convert|must be of type|Invalid array length|Maximum call stack|internal error/;

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-0', namespace: 'web', uid: 'uid-web-0', resourceVersion: '218' },
  spec: {
    restartPolicy: 'Always',
    containers: [
      {
        name: 'app',
        image: 'nginx:1.25',
        env: [
          {
            name: 'KRUISE_CONTAINER_BARRIER',
            valueFrom: { configMapKeyRef: { name: 'web-0-barrier', key: 'p_1' } },
          },
        ],
      },
    ],
  },
  status: { phase: 'Pending' },
};
const list = (kind: string, items: unknown[]) => ({
  kind,
  apiVersion: 'v1',
  metadata: { resourceVersion: '300' },
  items,
});

/** The cluster the fuzz reconciles against: one barred pod (its barrier gets created), no CRRs. */
const ANSWERS: [string, unknown][] = [
  ['/api/v1/namespaces/web/pods/web-0', pod],
  ['/api/v1/pods', list('PodList', [pod])],
  ['/apis/apps.kruise.io/v1alpha1/containerrecreaterequests', list('CRRList', [])],
  ['/apis/apps.kruise.io/v1alpha1/namespaces/web/containerrecreaterequests', list('CRRList', [])],
];

interface Tally {
  cases: number;
  rejected: number;
  accepted: number;
  requests: number;
  withWrites: number;
  mixedWithIo: number;
  byWhat: Map<string, { rejected: number; accepted: number }>;
}
const tally = (): Tally => ({
  cases: 0,
  rejected: 0,
  accepted: 0,
  requests: 0,
  withWrites: 0,
  mixedWithIo: 0,
  byWhat: new Map(),
});

describe('reconcile intake fuzz', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kruise-fn-reconcile-fuzz-'));
  let api: FakeApiServer;
  let options: RunOptions;
  const raw = process.env['FUZZ_SEED'] ?? '';
  const seed = raw === '' ? DEFAULT_SEED : Number(raw);
  const log = createLogger({ level: 0, destination: { write: () => undefined }, env: {} });

  before(async () => {
    assert.ok(Number.isSafeInteger(seed), `FUZZ_SEED=${raw} is not an integer`);
    assert.ok(Number.isSafeInteger(EVENTS) && EVENTS > 0, `FUZZ_EVENTS=${EVENTS}`);
    api = await startFakeApiServer(ANSWERS, { acceptWrites: true });
    const kc = new KubeConfig();
    kc.loadFromFile(api.writeKubeconfig(dir));
    const gates = parseFeatureGates('SidecarTerminator=true');
    const kruiseNamespace = 'kruise-system';
    options = {
      client: kubeClient(kc, { rateLimiter: tokenBucket({ qps: 0, burst: 0 }) }),
      controllers: enabledControllers({ gates, kruiseNamespace, now: () => new Date() }),
      kruiseNamespace,
      log,
      // No requeue is waited for: a fuzz case never sleeps (they go to leftToResync).
      inlineRequeueMs: -1,
    };
  });
  after(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const reconcile: Parameters<typeof createApp>[0]['reconcile'] = (batch, batchLog) =>
    reconcileBatch(batch, { ...options, log: batchLog });

  /** Checks one answer; `refusal` is the message of a refusal, undefined for an answer taken. */
  function check(t: Tally, where: string, c: Known, refusal: string | undefined, overCap = false) {
    const received = api.received.splice(0);
    api.requests.splice(0);
    t.cases++;
    const by = t.byWhat.get(c.what) ?? { rejected: 0, accepted: 0 };
    t.byWhat.set(c.what, by);
    t.requests += received.length;
    if (received.some((r) => r.method !== 'GET')) t.withWrites++;
    if ((c.bad ?? 0) > 0 && c.live > 0 && received.length > 0) t.mixedWithIo++;
    const poisoned = received.filter((r) => r.url.includes(POISON) || r.body.includes(POISON));
    assert.deepStrictEqual(poisoned, [], `${where}: requests for a poisoned object`);
    if (refusal !== undefined) {
      t.rejected++;
      by.rejected++;
      assert.ok(refusal.length > 0, `${where}: a refusal without a message`);
      assert.ok(
        !CRASH.test(refusal),
        `${where}: JavaScript error text in ${JSON.stringify(refusal)}`,
      );
      assert.deepStrictEqual(
        received.map((r) => `${r.method} ${r.url}`),
        [],
        `${where}: refused (${refusal}) after requests`,
      );
      assert.ok(c.expect !== 'accept' || overCap, `${where}: refused a valid input: ${refusal}`);
      return;
    }
    t.accepted++;
    by.accepted++;
    assert.notEqual(c.expect, 'reject', `${where}: took an input malformed by construction`);
    if (c.live === 0 && c.resync !== true) {
      assert.deepStrictEqual(
        received.map((r) => `${r.method} ${r.url}`),
        [],
        `${where}: requests for a batch of bad records only`,
      );
    }
  }

  function report(t: TestContext, route: string, s: Tally) {
    const sources = new Map<string, number>();
    for (const [what, n] of s.byWhat) {
      const source = what.split(':')[0] ?? what;
      sources.set(source, (sources.get(source) ?? 0) + n.rejected + n.accepted);
    }
    t.diagnostic(
      `FUZZ_SEED=${seed} ${route}: ${s.cases} events (${[...sources].map(([k, n]) => `${k} ${n}`).join(', ')}), ${s.rejected} refused, ${s.accepted} taken`,
    );
    t.diagnostic(
      `${route}: ${s.requests} apiserver requests, ${s.withWrites} events wrote` +
        (s.mixedWithIo > 0
          ? `, ${s.mixedWithIo} batches mixing bad and other records did I/O`
          : ''),
    );
    for (const [what, n] of [...s.byWhat].sort(([a], [b]) => (a < b ? -1 : 1)))
      t.diagnostic(`  ${what}: ${n.rejected} refused, ${n.accepted} taken`);
    // The generator must keep producing every sort of input, or the checks above prove little.
    assert.equal(s.cases, EVENTS);
    assert.ok(
      s.rejected >= EVENTS / 5 && s.accepted >= EVENTS / 5,
      `${route}: ${s.rejected}/${s.accepted}`,
    );
    assert.ok(s.withWrites > EVENTS / 100, `${route}: only ${s.withWrites} events wrote`);
  }

  /** Each route draws from its own PRNG, so its cases do not depend on the others'. */
  const mutator = (route: number) => jsonMutator(prng(seed + route));

  it(`answers ${EVENTS} fuzzed audit EventLists on POST /audit`, async (t) => {
    const next = auditCases(mutator(0), MAX_BODY_BYTES);
    const app = createApp({ log, reconcile, maxBodyBytes: MAX_BODY_BYTES });
    const s = tally();
    for (let i = 0; i < EVENTS; i++) {
      const c = next();
      const where = `POST /audit #${i} (FUZZ_SEED=${seed}) ${c.what}`;
      await postAndCheck(app, '/audit', c, where, s);
    }
    report(t, 'POST /audit', s);
    assert.ok(s.mixedWithIo > 0, 'no batch mixed bad and good records with I/O');
  });

  it(`answers ${EVENTS} fuzzed CloudEvents on POST /, binary and structured`, async (t) => {
    const next = cloudEventCases(mutator(1), MAX_BODY_BYTES);
    const app = createApp({ log, reconcile, maxBodyBytes: MAX_BODY_BYTES });
    const s = tally();
    for (let i = 0; i < EVENTS; i++) {
      const c = next();
      const where = `POST / #${i} (FUZZ_SEED=${seed}) ${c.what}`;
      await postAndCheck(app, '/', c, where, s);
    }
    report(t, 'POST /', s);
    for (const mode of ['binary', 'structured'])
      assert.ok(
        [...s.byWhat.keys()].some((w) => w.includes(`(${mode}): valid`)),
        mode,
      );
  });

  it(`answers ${EVENTS} fuzzed CloudWatch Logs and schedule-like events in the Lambda handler`, async (t) => {
    const next = lambdaCases(mutator(2));
    const handler = createLambdaHandler({ log, reconcile });
    const s = tally();
    for (let i = 0; i < EVENTS; i++) {
      const c = next();
      const where = `Lambda #${i} (FUZZ_SEED=${seed}) ${c.what}`;
      let result: unknown;
      try {
        result = await handler(c.event);
      } catch (err) {
        assert.fail(`${where}: threw ${err instanceof Error ? err.stack : String(err)}`);
      }
      assert.ok(
        typeof result === 'object' && result !== null,
        `${where}: answered ${String(result)}`,
      );
      const refusal = 'error' in result ? (result as { error: unknown }).error : undefined;
      if (refusal === undefined) {
        assert.equal(typeof (result as { named?: unknown }).named, 'number', where);
        assert.equal(typeof (result as { keys?: unknown }).keys, 'number', where);
      } else assert.equal(typeof refusal, 'string', `${where}: error ${String(refusal)}`);
      check(s, where, c, refusal as string | undefined);
    }
    report(t, 'Lambda', s);
    assert.ok(s.mixedWithIo > 0, 'no batch mixed bad and good records with I/O');
  });

  async function postAndCheck(
    app: ReturnType<typeof createApp>,
    path: string,
    c: HttpCase,
    where: string,
    s: Tally,
  ) {
    const res = await app.request(path, { method: 'POST', body: c.body, headers: c.headers });
    const text = await res.text();
    assert.ok(res.status < 500, `${where}: HTTP ${res.status} ${text.slice(0, 300)}`);
    const answer = JSON.parse(text) as { error?: unknown; named?: unknown };
    const overCap = Buffer.byteLength(c.body) > MAX_BODY_BYTES;
    if (res.status === 200) {
      assert.equal(typeof answer.named, 'number', `${where}: 200 without a summary`);
      assert.ok(!overCap, `${where}: took a body over the cap`);
      check(s, where, c, undefined);
      return;
    }
    assert.equal(
      res.status,
      overCap ? 413 : 400,
      `${where}: HTTP ${res.status} ${text.slice(0, 300)}`,
    );
    assert.equal(typeof answer.error, 'string', `${where}: ${text.slice(0, 300)}`);
    check(s, where, c, answer.error as string, overCap);
  }
});
