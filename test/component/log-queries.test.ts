/**
 * The Logs Insights queries of infra/queries/ against the functions' real
 * JSON log lines: the real code paths run with `LOGGING_FORMAT=json` at
 * `LOG_LEVEL=4` (the chart's and the template's default) — the admission
 * app injecting SidecarSets into a pod (one review slow: its SidecarSet read
 * takes 1 s), a reconcile failing on the spine, the node puller's worker
 * giving up on a pull, the certs sync rotating an expired certificate — and
 * each query's filter is evaluated on the captured lines: it must match
 * some, and every field the query names (fields, filter, stats, by, sort)
 * must be in each line it matches, as Logs Insights flattens JSON
 * (`object.name`). A static check: every field and message a query names is
 * written by the code (functions/, shared/).
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import { createApp } from '../../functions/admission/app.js';
import type { AdmissionData } from '../../functions/admission/cluster/admission-data.js';
import { routeDeps } from '../../functions/admission/route-deps.js';
import { admissionRoutes } from '../../functions/admission/routes.js';
import { bundles } from '../../functions/certs/bundle-fixtures.js';
import { memoryIO } from '../../functions/certs/memory-io.js';
import { certsConfigFrom } from '../../functions/certs/pki/config.js';
import { syncCerts } from '../../functions/certs/sync.js';
import { storedSecret, T0 } from '../../functions/certs/test-fixtures.js';
import { CriError } from '../../functions/node-puller/cri/grpc-error.js';
import { semaphore } from '../../functions/node-puller/semaphore.js';
import { runPullWorker } from '../../functions/node-puller/worker.js';
import type { SidecarSet } from '../../shared/api/sidecarset.js';
import { chartDefaultFeatureGates, parseFeatureGates } from '../../shared/feature-gates.js';
import { KubeApiError } from '../../shared/kube/api-error.js';
import { reconcileKey } from '../../shared/kube/reconcile-key.js';
import { keyringOf } from '../../shared/registry-auth/docker-keyring.js';
import { createLogger } from '../../shared/log/index.js';
import { captureLines } from '../../shared/log/test-support.js';
import { NAMESPACE_LABELS, benchPodReview, benchSidecarSets } from '../bench/fixtures.js';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const queriesDir = join(root, 'infra', 'queries');

type Line = Record<string, unknown>;

/** A query file: its name and its query, without the header comment. */
const queries = readdirSync(queriesDir)
  .filter((f) => f.endsWith('.logsinsights'))
  .sort()
  .map((f) => ({
    name: f.replace(/\.logsinsights$/, ''),
    query: readFileSync(join(queriesDir, f), 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .join('\n'),
  }));

const KEYWORDS = new Set(
  'fields filter stats sort limit by as asc desc and or not like in display parse dedup'.split(' '),
);

/** The log fields a query names: every identifier but keywords, functions, aliases, literals and `@` fields. */
export function fieldsOf(query: string): string[] {
  const text = query.replace(/"(?:[^"\\]|\\.)*"/g, ' ').replace(/'(?:[^'\\]|\\.)*'/g, ' ');
  const aliases = new Set([...text.matchAll(/\bas\s+([A-Za-z_]\w*)/g)].map((m) => m[1]));
  const fields = new Set<string>();
  for (const m of text.matchAll(/[@A-Za-z_][\w.@]*(\s*\()?/g)) {
    const token = m[0].replace(/\s*\($/, '');
    if (m[1] !== undefined || token.startsWith('@') || KEYWORDS.has(token)) continue;
    if (aliases.has(token)) continue;
    fields.add(token);
  }
  return [...fields];
}

/** The query's `filter` as a predicate: `a = "text"` and `a >= n` joined by `and`; nothing else. */
export function filterOf(query: string): (line: Line) => boolean {
  const clause = query
    .split('|')
    .map((c) => c.trim())
    .find((c) => c.startsWith('filter '));
  if (clause === undefined) return () => true;
  const tests = clause
    .slice('filter '.length)
    .split(/\s+and\s+/)
    .map((term) => {
      const m = /^([A-Za-z_][\w.]*)\s*(=|!=|>=|<=|>|<)\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?)$/.exec(
        term.trim(),
      );
      if (m === null) throw new Error(`filter term not understood here: ${term}`);
      const [, field = '', op, literal = ''] = m;
      const want: unknown = JSON.parse(literal);
      return (line: Line) => {
        const v = line[field];
        if (v === undefined) return false;
        if (op === '=') return v === want;
        if (op === '!=') return v !== want;
        const [a, b] = [Number(v), Number(want)];
        return op === '>=' ? a >= b : op === '<=' ? a <= b : op === '>' ? a > b : a < b;
      };
    });
  return (line) => tests.every((t) => t(line));
}

/** A JSON log line as Logs Insights sees its fields: nested objects flattened with dots. */
export function flatten(value: Record<string, unknown>, prefix = '', into: Line = {}): Line {
  for (const [k, v] of Object.entries(value)) {
    const key = prefix + k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      flatten(v as Record<string, unknown>, `${key}.`, into);
    } else into[key] = v;
  }
  return into;
}

describe('fieldsOf and filterOf', () => {
  it('name the fields of every clause, and evaluate the filter', () => {
    const q =
      'fields @timestamp, a.b, c | filter msg = "x y" and n >= 10 | stats count(*) as k by d, e | sort k desc | limit 5';
    assert.deepEqual(fieldsOf(q), ['a.b', 'c', 'msg', 'n', 'd', 'e']);
    const f = filterOf(q);
    assert.equal(f({ msg: 'x y', n: 10 }), true);
    assert.equal(f({ msg: 'x y', n: 9 }), false);
    assert.equal(f({ msg: 'x', n: 10 }), false);
    assert.throws(() => filterOf('filter msg like /x/'), /not understood/);
  });
});

describe('infra/queries against the JSON log lines of the real code paths', () => {
  const { lines, destination } = captureLines();
  const log = createLogger({ format: 'json', level: 4, destination, env: {} });
  const parsed = () => lines.map((l) => flatten(JSON.parse(l) as Record<string, unknown>));

  before(async () => {
    // Admission: three SidecarSets select the bench pod; the second review's read takes 1 s.
    const sets = benchSidecarSets(3);
    let readDelayMs = 0;
    const data: AdmissionData = {
      synced: true,
      warm: () => undefined,
      sidecarSets: async () => {
        await sleep(readDelayMs);
        return sets as SidecarSet[];
      },
      namespaceLabels: async (name) => (name === 'bench' ? { ...NAMESPACE_LABELS } : undefined),
      controllerRevision: async () => undefined,
      customVersionRevisions: async () => [],
      kruiseConfig: async () => undefined,
    };
    const routes = admissionRoutes(
      routeDeps({
        data,
        gates: parseFeatureGates(chartDefaultFeatureGates),
        pods: async () => ({ notFound: true }),
      }),
    );
    const app = createApp({ log, routes, notReady: () => undefined });
    for (const delay of [0, 1000]) {
      readDelayMs = delay;
      const res = await app.request('/mutate-pod', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: benchPodReview('bench'),
      });
      assert.equal(res.status, 200);
    }

    // Reconcile: the apiserver refuses the read.
    await reconcileKey(
      { namespace: 'default', name: 'web' },
      {
        name: 'sidecarset',
        kind: 'SidecarSet',
        observe: () =>
          Promise.reject(
            new KubeApiError('sidecarsets.apps.kruise.io "web" is forbidden', {
              status: 403,
              reason: 'Forbidden',
            }),
          ),
        plan: () => ({ actions: [] }),
        apply: async () => undefined,
      },
      undefined,
      log,
      { maxAttempts: 1 },
    );

    // Node puller: the registry refuses every pull of the tag.
    let clock = Date.parse('2026-01-01T00:00:00Z');
    await runPullWorker(
      {
        image: 'registry.example.com:5000/team/app',
        tag: { tag: 'v1', pullPolicy: { backoffLimit: 0 } },
        keyring: keyringOf([]),
      },
      {
        cri: {
          pullImage: () =>
            Promise.reject(new CriError('PullImage', 2, 'failed to pull: 401 Unauthorized')),
          imageStatus: async () => undefined,
        },
        digestOf: () => Promise.reject(new Error('HTTP 404')),
        slots: semaphore(1),
        now: () => clock,
        sleep: async (ms) => void (clock += ms),
        log,
      },
      () => undefined,
      new AbortController().signal,
    );

    // Certs: the installed certificate (issued at T0) has expired ten years on.
    const io = memoryIO({ secret: await storedSecret(T0), bundles: bundles() });
    const tenYearsOn = new Date(T0.getTime() + 3660 * 24 * 60 * 60 * 1000);
    await syncCerts(
      io,
      { config: certsConfigFrom({}), externalCerts: false, now: () => tenYearsOn },
      log,
    );
  });

  for (const { name, query } of queries) {
    it(`${name}: matches lines that carry every field it names`, () => {
      const matched = parsed().filter(filterOf(query));
      assert.ok(matched.length > 0, `${name} matches none of:\n${lines.join('')}`);
      for (const field of fieldsOf(query)) {
        for (const line of matched) {
          assert.ok(field in line, `${name}: ${field} missing in ${JSON.stringify(line)}`);
        }
      }
    });
  }

  it('injections are counted per SidecarSet, and only the slow review is slow', () => {
    const all = parsed();
    const injected = all.filter((l) => l['msg'] === 'Injected sidecars into pod');
    assert.deepEqual(
      injected.map((l) => l['sidecarSet']),
      [...sets3(), ...sets3()],
    );
    const slow = all.filter(
      filterOf(queries.find((q) => q.name === 'slow-admissions')?.query ?? ''),
    );
    assert.equal(slow.length, 1);
    assert.equal(all.filter((l) => l['msg'] === 'Admission reviewed').length, 2);
    const failed = all.filter((l) => l['msg'] === 'Worker failed to pull image');
    assert.deepEqual(
      failed.map((l) => l['registry']),
      ['registry.example.com:5000'],
    );
  });
});

/** The names of the three matching bench SidecarSets. */
const sets3 = () => benchSidecarSets(3).map((s) => s.metadata?.name ?? '');

describe('infra/queries name only what the code writes', () => {
  const sources = ['functions', 'shared']
    .flatMap((d) =>
      readdirSync(join(root, d), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
        .map((f) => readFileSync(join(root, d, f), 'utf8')),
    )
    .join('\n');
  for (const { name, query } of queries) {
    it(`${name}: its messages and fields are logged somewhere`, () => {
      for (const [, msg] of query.matchAll(/\bmsg\s*=\s*"([^"]*)"/g)) {
        assert.ok(sources.includes(`'${msg ?? ''}'`), `${name}: no log line says "${msg}"`);
      }
      for (const field of fieldsOf(query)) {
        if (field === 'msg' || field === 'err') continue; // every line's message; pino's error key
        const top = field.split('.')[0] ?? '';
        const written = new RegExp(`[{,]\\s*${top}\\b\\s*[:,}]|'${top}'`);
        assert.match(sources, written, `${name}: ${top} is written nowhere`);
      }
    });
  }
});
