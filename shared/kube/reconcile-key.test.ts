import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TerminalError } from '../errors.js';
import { createLogger } from '../log/index.js';
import { captureLines } from '../log/test-support.js';
import { ConflictError, KubeApiError, NotFoundError, TooManyRequestsError } from './api-error.js';
import type { KubeWrite } from './kube-write.js';
import { reconcileKey, type Controller, type Plan } from './reconcile-key.js';
import { resource, type KubeObject } from './resource.js';

interface Widget extends KubeObject {
  spec?: { size?: number };
  status?: { size?: number };
}
const widgets = resource<Widget>({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  plural: 'widgets',
  namespaced: true,
});

/** A store of one Widget whose writes can be made to fail, recording what was written. */
function memoryIO(initial: Widget | undefined, failures: Error[] = []) {
  let object = initial;
  const writes: string[] = [];
  let observations = 0;
  return {
    writes,
    get observations() {
      return observations;
    },
    observe: async () => {
      observations++;
      return structuredClone(object);
    },
    write: async (w: KubeWrite) => {
      const failure = failures.shift();
      if (failure !== undefined) throw failure;
      writes.push(w.verb);
      if (w.verb === 'updateStatus') object = { ...w.object, status: w.status } as Widget;
    },
  };
}
type IO = ReturnType<typeof memoryIO>;

/** Converges status.size to spec.size; `extra` adds to every plan. */
const controller = (extra: Partial<Plan<KubeWrite>> = {}): Controller<IO, Widget, KubeWrite> => ({
  name: 'widget',
  kind: 'Widget',
  observe: (io) => io.observe(),
  plan: (w) => ({
    actions: [
      { verb: 'updateStatus', resource: widgets, object: w, status: { size: w.spec?.size ?? 0 } },
    ],
    ...extra,
  }),
  apply: (io, action) => io.write(action),
});

const widget = (size: number, statusSize?: number): Widget => ({
  metadata: { name: 'w', namespace: 'default', resourceVersion: '1' },
  spec: { size },
  ...(statusSize !== undefined && { status: { size: statusSize } }),
});

const conflict = () => new ConflictError('the object has been modified', { status: 409 });
const key = { namespace: 'default', name: 'w' };

describe('reconcileKey', () => {
  const cases: {
    name: string;
    object: Widget | undefined;
    failures?: () => Error[];
    controller?: Controller<IO, Widget, KubeWrite>;
    want: { outcome: string; writes: string[]; observations: number; requeueAfterMs?: number };
  }[] = [
    {
      name: 'a missing object is done without a write',
      object: undefined,
      want: { outcome: 'gone', writes: [], observations: 1 },
    },
    {
      name: 'NotFound while observing is done too',
      object: widget(1),
      controller: {
        ...controller(),
        observe: async () => {
          throw new NotFoundError('widgets "w" not found', { status: 404 });
        },
      },
      want: { outcome: 'gone', writes: [], observations: 0 },
    },
    {
      name: 'writes a status that differs',
      object: widget(3, 1),
      want: { outcome: 'done', writes: ['updateStatus'], observations: 1 },
    },
    {
      name: 'skips a status equal to the observed one',
      object: widget(3, 3),
      want: { outcome: 'done', writes: [], observations: 1 },
    },
    {
      name: 'an empty plan writes nothing and keeps its requeue',
      object: widget(3, 3),
      controller: { ...controller(), plan: () => ({ actions: [], requeueAfterMs: 5000 }) },
      want: { outcome: 'done', writes: [], observations: 1, requeueAfterMs: 5000 },
    },
    {
      name: 'a 409 re-observes, re-plans and then succeeds',
      object: widget(3, 1),
      failures: () => [conflict()],
      want: { outcome: 'done', writes: ['updateStatus'], observations: 2 },
    },
    {
      name: 'a 409 on every attempt fails after five, and comes back in 1 s',
      object: widget(3, 1),
      failures: () => Array.from({ length: 5 }, conflict),
      want: { outcome: 'failed', writes: [], observations: 5, requeueAfterMs: 1000 },
    },
    {
      name: 'a 429 fails at once and comes back after Retry-After',
      object: widget(3, 1),
      failures: () => [new TooManyRequestsError('slow down', { status: 429, retryAfterMs: 7000 })],
      want: { outcome: 'failed', writes: [], observations: 1, requeueAfterMs: 7000 },
    },
    {
      name: 'a terminal error is never retried',
      object: widget(3, 1),
      failures: () => [new TerminalError('spec.size is negative')],
      want: { outcome: 'terminal', writes: [], observations: 1 },
    },
    {
      name: 'problems are reported and the key comes back in 30 s',
      object: widget(3, 3),
      controller: controller({ problems: ['no quota'] }),
      want: { outcome: 'done', writes: [], observations: 1, requeueAfterMs: 30_000 },
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const io = memoryIO(c.object, c.failures?.() ?? []);
      const { destination } = captureLines();
      const log = createLogger({ format: 'json', level: 0, destination, now: () => 0, env: {} });
      const result = await reconcileKey(key, c.controller ?? controller(), io, log);
      assert.deepStrictEqual(
        {
          outcome: result.outcome,
          writes: io.writes,
          observations: io.observations,
          ...(result.requeueAfterMs !== undefined && { requeueAfterMs: result.requeueAfterMs }),
        },
        c.want,
      );
    });
  }

  it('logs with controller-runtime’s fields, and an error once', async () => {
    const io = memoryIO(widget(3, 1), [
      new KubeApiError('etcdserver: request timed out', { status: 500 }),
    ]);
    const { lines, destination } = captureLines();
    const log = createLogger({ format: 'json', level: 0, destination, now: () => 0, env: {} });
    await reconcileKey(key, controller(), io, log, { reconcileID: 'r-1' });
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(logged.length, 1);
    assert.deepStrictEqual(
      {
        msg: logged[0]?.['msg'],
        controller: logged[0]?.['controller'],
        controllerKind: logged[0]?.['controllerKind'],
        Widget: logged[0]?.['Widget'],
        reconcileID: logged[0]?.['reconcileID'],
        err: logged[0]?.['err'],
      },
      {
        msg: 'Reconciler error',
        controller: 'widget',
        controllerKind: 'Widget',
        Widget: { name: 'w', namespace: 'default' },
        reconcileID: 'r-1',
        err: 'etcdserver: request timed out',
      },
    );
  });

  it('defers a key another reconcile holds, without reading it', async () => {
    const io = memoryIO(widget(3, 1));
    const { destination } = captureLines();
    const log = createLogger({ format: 'json', level: 0, destination, now: () => 0, env: {} });
    const result = await reconcileKey(key, controller(), io, log, {
      exclusive: async () => ({ held: false, retryAfterMs: 2500 }),
    });
    assert.deepStrictEqual(
      [result.outcome, result.requeueAfterMs, io.observations, io.writes],
      ['deferred', 2500, 0, []],
    );
  });

  it('holds the key while it reconciles and gives it back, also after a failure', async () => {
    const events: string[] = [];
    const exclusive = async (id: string) => {
      events.push(`hold ${id}`);
      return { held: true as const, release: async () => void events.push(`release ${id}`) };
    };
    const { destination } = captureLines();
    const log = createLogger({ format: 'json', level: 0, destination, now: () => 0, env: {} });
    const ok = memoryIO(widget(3, 1));
    await reconcileKey(key, controller(), ok, log, { exclusive, reconcileID: 'a' });
    const broken = memoryIO(widget(3, 1), [new KubeApiError('boom', { status: 500 })]);
    const result = await reconcileKey(key, controller(), broken, log, {
      exclusive,
      reconcileID: 'b',
    });
    assert.equal(result.outcome, 'failed');
    assert.deepStrictEqual(events, ['hold a', 'release a', 'hold b', 'release b']);
    assert.deepStrictEqual(ok.writes, ['updateStatus']);
  });
});
