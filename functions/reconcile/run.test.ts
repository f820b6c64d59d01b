/**
 * runKeys: each key once, at most `concurrency` at a time, one key never
 * twice at once in the process, a short requeue run again within the
 * invocation and a longer one (or one past the budget) left to the resync,
 * Leases for exclusive controllers, and keys of no controller ignored.
 * Budgets and requeues are a few milliseconds; nothing asserts a duration.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Lease } from '../../shared/api/core/coordination-v1.js';
import type { KubeClient } from '../../shared/kube/client.js';
import { leases } from '../../shared/kube/lease.js';
import type { ObjectKey } from '../../shared/kube/resource.js';
import { createLogger } from '../../shared/log/index.js';
import { captureLines } from '../../shared/log/test-support.js';
import type { ReconcileController } from './controller.js';
import type { ControllerKey } from './map-refs.js';
import { readOnlyClient } from './read-only-client.js';
import { runKeys, type RunOptions } from './run.js';

const log = createLogger({ destination: captureLines().destination, level: 0, env: {} });

interface Observed {
  readonly id: string;
  /** 1 for the key's first reconcile, 2 for its second, … */
  readonly run: number;
}

/**
 * A controller whose observe holds each key for `holdMs`, counting reconciles
 * in flight (all keys, and per key), and whose plan requeues as `requeue` says.
 */
function probe(
  name: string,
  opts: {
    holdMs?: number;
    requeue?: (o: Observed) => number | undefined;
    exclusive?: boolean;
  } = {},
) {
  const runs: string[] = [];
  const perKey = new Map<string, number>();
  let inFlight = 0;
  let maxInFlight = 0;
  let overlaps = 0;
  const controller: ReconcileController<Observed, never> = {
    name,
    kind: 'Probe',
    ...(opts.exclusive === true && { exclusive: true }),
    async observe(_client, key) {
      const id = `${key.namespace ?? ''}/${key.name}`;
      if ((perKey.get(id) ?? 0) > 0) overlaps++;
      perKey.set(id, (perKey.get(id) ?? 0) + 1);
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      runs.push(id);
      await sleep(opts.holdMs ?? 5);
      inFlight--;
      perKey.set(id, (perKey.get(id) ?? 0) - 1);
      return { id, run: runs.filter((r) => r === id).length };
    },
    plan(observed) {
      const after = opts.requeue?.(observed);
      return { actions: [], ...(after !== undefined && { requeueAfterMs: after }) };
    },
    apply: () => Promise.resolve(),
    watches: [],
    resync: () => Promise.resolve([]),
  };
  return {
    controller,
    runs,
    get maxInFlight() {
      return maxInFlight;
    },
    get overlaps() {
      return overlaps;
    },
  };
}

const keysOf = (controller: string, ...names: string[]): ControllerKey[] =>
  names.map((name) => ({ controller, key: { namespace: 'web', name } }));

const options = (
  controllers: ReconcileController[],
  extra: Partial<RunOptions> = {},
): RunOptions => ({
  client: readOnlyClient([]),
  controllers,
  kruiseNamespace: 'kruise-system',
  log,
  inlineRequeueMs: 50,
  budgetMs: 500,
  ...extra,
});

describe('runKeys', () => {
  it('reconciles each key once and reports every outcome', async () => {
    const p = probe('probe');
    const summary = await runKeys(keysOf('probe', 'a', 'b', 'c'), options([p.controller]));
    assert.deepStrictEqual([...p.runs].sort(), ['web/a', 'web/b', 'web/c']);
    assert.deepStrictEqual(summary.outcomes.map((o) => `${o.key.name} ${o.outcome}`).sort(), [
      'a done',
      'b done',
      'c done',
    ]);
    assert.deepStrictEqual(summary.leftToResync, []);
  });

  it('reconciles a key given twice once', async () => {
    const p = probe('probe');
    const summary = await runKeys(keysOf('probe', 'a', 'b', 'a'), options([p.controller]));
    assert.deepStrictEqual([...p.runs].sort(), ['web/a', 'web/b']);
    assert.equal(summary.outcomes.length, 2);
  });

  const limits: { name: string; concurrency?: number; keys: number; want: number }[] = [
    { name: 'the default, 4', keys: 10, want: 4 },
    { name: '3', concurrency: 3, keys: 12, want: 3 },
    { name: '1', concurrency: 1, keys: 4, want: 1 },
    { name: 'more than there are keys', concurrency: 8, keys: 2, want: 2 },
  ];
  for (const { name, concurrency, keys, want } of limits) {
    it(`never has more keys in flight than the limit: ${name}`, async () => {
      const p = probe('probe');
      const names = Array.from({ length: keys }, (_, i) => `k${i}`);
      await runKeys(
        keysOf('probe', ...names),
        options([p.controller], concurrency === undefined ? {} : { concurrency }),
      );
      assert.deepStrictEqual([p.maxInFlight, p.runs.length], [want, keys]);
    });
  }

  it('never runs one key twice at once, even from two invocations in the process', async () => {
    const p = probe('probe', { holdMs: 20 });
    const [first, second] = await Promise.all([
      runKeys(keysOf('probe', 'a', 'b'), options([p.controller])),
      runKeys(keysOf('probe', 'a', 'c'), options([p.controller])),
    ]);
    assert.deepStrictEqual([p.overlaps, p.runs.filter((r) => r === 'web/a').length], [0, 2]);
    // Other keys were not held back by the lock: b and c ran beside the a's.
    assert.ok(p.maxInFlight >= 2, `max in flight ${p.maxInFlight}`);
    assert.deepStrictEqual([first.outcomes.length, second.outcomes.length], [2, 2]);
  });

  it('runs a key again within the invocation when its requeue is short', async () => {
    const p = probe('probe', { requeue: (o) => (o.id === 'web/a' && o.run < 3 ? 10 : undefined) });
    const summary = await runKeys(keysOf('probe', 'a', 'b'), options([p.controller]));
    const of = (name: string) =>
      summary.outcomes
        .filter((o) => o.key.name === name)
        .map((o) => `${o.outcome} ${o.requeueAfterMs ?? '-'}`);
    assert.deepStrictEqual([of('a'), of('b')], [['done 10', 'done 10', 'done -'], ['done -']]);
    assert.deepStrictEqual(p.runs.filter((r) => r === 'web/a').length, 3);
    assert.deepStrictEqual(summary.leftToResync, []);
  });

  const leftRows: { name: string; requeue: number; extra: Partial<RunOptions> }[] = [
    { name: 'longer than inlineRequeueMs', requeue: 60, extra: { inlineRequeueMs: 50 } },
    { name: 'past the budget', requeue: 40, extra: { inlineRequeueMs: 50, budgetMs: 30 } },
  ];
  for (const { name, requeue, extra } of leftRows) {
    it(`leaves a requeue ${name} to the resync`, async () => {
      const p = probe('probe', { requeue: (o) => (o.run === 1 ? requeue : undefined) });
      const summary = await runKeys(keysOf('probe', 'a'), options([p.controller], extra));
      const left = {
        controller: 'probe',
        key: { namespace: 'web', name: 'a' },
        outcome: 'done',
        requeueAfterMs: requeue,
      };
      assert.deepStrictEqual(p.runs, ['web/a']);
      assert.deepStrictEqual(summary, { outcomes: [left], leftToResync: [left] });
    });
  }

  it('ignores a key of a controller it does not run, and runs the rest', async () => {
    const p = probe('probe');
    const summary = await runKeys(
      [...keysOf('gone-controller', 'a'), ...keysOf('probe', 'b')],
      options([p.controller]),
    );
    assert.deepStrictEqual(p.runs, ['web/b']);
    assert.deepStrictEqual(
      summary.outcomes.map((o) => `${o.controller} ${o.key.name}`),
      ['probe b'],
    );
    assert.deepStrictEqual(summary.leftToResync, []);
  });

  it('reads the first run of each key through firstRunClient, its requeues through client', async () => {
    const first = readOnlyClient([]);
    const plain = readOnlyClient([]);
    const seen: string[] = [];
    let runs = 0;
    const c: ReconcileController<number, never> = {
      name: 'io',
      kind: 'Probe',
      observe(io, key) {
        seen.push(`${key.name} ${io === first ? 'first' : io === plain ? 'client' : '?'}`);
        return Promise.resolve(++runs);
      },
      plan: (n) => ({ actions: [], ...(n <= 2 && { requeueAfterMs: 1 }) }),
      apply: () => Promise.resolve(),
      watches: [],
      resync: () => Promise.resolve([]),
    };
    await runKeys(
      keysOf('io', 'a'),
      options([c as ReconcileController], { client: plain, firstRunClient: first }),
    );
    assert.deepStrictEqual(seen, ['a first', 'a client', 'a client']);
  });
  it('returns at once for no keys', async () => {
    assert.deepStrictEqual(await runKeys([], options([probe('probe').controller])), {
      outcomes: [],
      leftToResync: [],
    });
  });
});

/** Leases in memory (the only objects an exclusive run writes), every call recorded. */
function leaseClient(initial: Lease[] = []) {
  const store = new Map(initial.map((l) => [l.metadata?.name ?? '', structuredClone(l)]));
  const calls: string[] = [];
  let version = 1;
  const refuse = (verb: string) => () => Promise.reject(new Error(`unexpected ${verb}`));
  const keyOf = (key: ObjectKey) => `${key.namespace ?? ''}/${key.name}`;
  const client: KubeClient = {
    ...readOnlyClient([]),
    get: refuse('get'),
    find(r, key) {
      calls.push(`find ${r.plural} ${keyOf(key)}`);
      const found = r === leases ? store.get(key.name) : undefined;
      return Promise.resolve(structuredClone(found) as never);
    },
    create(r, object) {
      calls.push(`create ${r.plural} ${keyOf(object.metadata as ObjectKey)}`);
      const written = {
        ...object,
        metadata: { ...object.metadata, resourceVersion: String(version++) },
      };
      store.set(object.metadata?.name ?? '', written as Lease);
      return Promise.resolve(structuredClone(written));
    },
    update(r, object) {
      calls.push(`update ${r.plural} ${keyOf(object.metadata as ObjectKey)}`);
      store.set(object.metadata?.name ?? '', object as Lease);
      return Promise.resolve(structuredClone(object));
    },
    updateStatus: refuse('updateStatus'),
    patch: refuse('patch'),
    delete: refuse('delete'),
  };
  return { client, calls, store };
}

describe('runKeys with an exclusive controller', () => {
  it('holds a Lease per key in the kruise namespace for the reconcile, and gives it back', async () => {
    const p = probe('sidecarset', { exclusive: true });
    const { client, calls, store } = leaseClient();
    const summary = await runKeys(keysOf('sidecarset', 'a'), options([p.controller], { client }));
    assert.deepStrictEqual(
      summary.outcomes.map((o) => o.outcome),
      ['done'],
    );
    assert.deepStrictEqual(calls, [
      'find leases kruise-system/kruise-fn.sidecarset.web.a',
      'create leases kruise-system/kruise-fn.sidecarset.web.a',
      'update leases kruise-system/kruise-fn.sidecarset.web.a',
    ]);
    assert.equal(store.get('kruise-fn.sidecarset.web.a')?.spec?.holderIdentity, '');
  });

  it('defers a key whose Lease another holder has, leaving it to the resync without observing', async () => {
    const p = probe('sidecarset', { exclusive: true });
    const held: Lease = {
      metadata: {
        name: 'kruise-fn.sidecarset.web.a',
        namespace: 'kruise-system',
        resourceVersion: '7',
      },
      spec: {
        holderIdentity: 'someone-else',
        leaseDurationSeconds: 30,
        renewTime: new Date().toISOString(),
      },
    };
    const { client, calls } = leaseClient([held]);
    const summary = await runKeys(keysOf('sidecarset', 'a'), options([p.controller], { client }));
    assert.deepStrictEqual(p.runs, []);
    assert.deepStrictEqual(calls, ['find leases kruise-system/kruise-fn.sidecarset.web.a']);
    const [left] = summary.leftToResync;
    assert.equal(left?.outcome, 'deferred');
    assert.ok((left?.requeueAfterMs ?? 0) > 50, `requeue after ${left?.requeueAfterMs}`);
  });
});
