/**
 * Events to keys: each ref goes to every watch of its group and resource
 * (a subresource write to its object), keys are deduplicated across the
 * invocation's events in first-seen order, a mapping that fails leaves the
 * others, and the MapContext reads the SidecarSets and each Namespace at most
 * once per invocation.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../shared/api/core/core-v1.js';
import type { DecodedPod, DecodedSidecarSet } from '../../shared/api/decoded.js';
import type { SidecarSet } from '../../shared/api/sidecarset.js';
import { namespaces, pods } from '../../shared/kube/core-resources.js';
import { sidecarSets } from '../../shared/kube/kruise-resources.js';
import type { KubeObject, ObjectKey, Resource } from '../../shared/kube/resource.js';
import { createLogger } from '../../shared/log/index.js';
import { captureLines } from '../../shared/log/test-support.js';
import { podMatchesSidecarSet } from '../../shared/sidecarset/match.js';
import type { MapContext, ObjectRef, ReconcileController, Watch } from './controller.js';
import { selfKey } from './controller.js';
import { CONTAINER_BARRIER_ENV } from '../../shared/api/launch-priority.js';
import { launchPriorityController } from './launch-priority/controller.js';
import {
  crowdedNamespaces,
  dedupe,
  keyString,
  mapContext,
  mapRefs,
  POD_LIST_THRESHOLD,
} from './map-refs.js';
import { readOnlyClient } from './read-only-client.js';

const quiet = () => {
  const { lines, destination } = captureLines();
  return { lines, log: createLogger({ destination, level: 0, format: 'json', env: {} }) };
};

/** A controller that only maps (nothing here reconciles). */
const mapper = (name: string, watches: Watch[]): ReconcileController => ({
  name,
  kind: 'Test',
  observe: () => Promise.resolve(undefined),
  plan: () => ({ actions: [] }),
  apply: () => Promise.resolve(),
  watches,
  resync: () => Promise.resolve([]),
});

const ref = (resource: string, name: string, extra: Partial<ObjectRef> = {}): ObjectRef => ({
  group: '',
  resource,
  namespace: 'web',
  name,
  verb: 'update',
  ...extra,
});

const keys = (got: readonly { controller: string; key: ObjectKey }[]) => got.map(keyString);

/** A pod in `web` whose container waits on its barrier key `p_1` (the env the webhook adds). */
const barred = (name: string): { resource: Resource<KubeObject>; object: Pod } => ({
  resource: pods as Resource<KubeObject>,
  object: {
    metadata: { name, namespace: 'web' },
    spec: {
      containers: [
        {
          name: 'c',
          env: [
            {
              name: CONTAINER_BARRIER_ENV,
              valueFrom: { configMapKeyRef: { name: `${name}-barrier`, key: 'p_1' } },
            },
          ],
        },
      ],
    },
  },
});
const BARRED = [barred('web-0'), barred('web-1')];

describe('mapRefs', () => {
  const launch = launchPriorityController();

  it('maps a pods/status write to the pod, and the barrier ConfigMap to its pod', async () => {
    const got = await mapRefs(
      [
        ref('pods', 'web-0', { subresource: 'status' }),
        ref('configmaps', 'web-1-barrier'),
        ref('configmaps', 'settings'),
      ],
      [launch],
      mapContext(readOnlyClient(BARRED)),
      quiet().log,
    );
    assert.deepStrictEqual(keys(got), [
      'container-launch-priority-controller/web/web-0',
      'container-launch-priority-controller/web/web-1',
    ]);
  });

  it('gives each controller its own keys, each key once across the events, in first-seen order', async () => {
    const other = mapper('other', [{ group: '', resource: 'pods', keys: selfKey }]);
    const got = await mapRefs(
      [
        ref('pods', 'web-1', { verb: 'create' }),
        ref('pods', 'web-0', { verb: 'create' }),
        ref('pods', 'web-1', { subresource: 'status' }),
        ref('configmaps', 'web-0-barrier', { verb: 'patch' }),
        ref('pods', 'web-1', { verb: 'delete' }),
      ],
      [launch, other],
      mapContext(readOnlyClient(BARRED)),
      quiet().log,
    );
    assert.deepStrictEqual(keys(got), [
      'container-launch-priority-controller/web/web-1',
      'other/web/web-1',
      'container-launch-priority-controller/web/web-0',
      'other/web/web-0',
    ]);
  });

  it('maps a resource to no key when no watch has both its group and resource', async () => {
    const client = readOnlyClient([]);
    const kruisePods = mapper('kruise-pods', [
      { group: 'apps.kruise.io', resource: 'pods', keys: selfKey },
    ]);
    const got = await mapRefs(
      [ref('services', 'web'), ref('pods', 'web-0', { group: 'metrics.k8s.io' })],
      [launch, kruisePods],
      mapContext(client),
      quiet().log,
    );
    assert.deepStrictEqual([got, client.reads], [[], []]);
  });

  it('logs a mapping that fails and keeps the keys of the others', async () => {
    const failing = mapper('failing', [
      { group: '', resource: 'pods', keys: () => Promise.reject(new Error('list timed out')) },
    ]);
    const { lines, log } = quiet();
    const got = await mapRefs(
      [ref('pods', 'web-0')],
      [failing, launch],
      mapContext(readOnlyClient(BARRED)),
      log,
    );
    assert.deepStrictEqual(keys(got), ['container-launch-priority-controller/web/web-0']);
    assert.deepStrictEqual(
      lines.map((l) => {
        const { msg, err, controller, resource, object } = JSON.parse(l) as Record<string, unknown>;
        return { msg, err, controller, resource, object };
      }),
      [
        {
          msg: 'Could not map an event to keys',
          err: 'list timed out',
          controller: 'failing',
          resource: 'pods',
          object: { name: 'web-0', namespace: 'web' },
        },
      ],
    );
  });
});

describe('mapRefs over a MapContext: pods to the SidecarSets that match them', () => {
  const sidecarSet = (name: string, selector: Record<string, string>, namespace?: string) => ({
    resource: sidecarSets as Resource<KubeObject>,
    object: {
      apiVersion: 'apps.kruise.io/v1alpha1',
      kind: 'SidecarSet',
      metadata: { name },
      spec: {
        selector: { matchLabels: selector },
        ...(namespace !== undefined && { namespaceSelector: { matchLabels: { team: namespace } } }),
        containers: [{ name: 'sidecar', image: 'ex/sidecar:1' }],
      },
    } as SidecarSet,
  });
  const pod = (name: string, labels: Record<string, string>) => ({
    resource: pods as Resource<KubeObject>,
    object: { metadata: { name, namespace: 'web', labels }, spec: { containers: [] } } as Pod,
  });
  const namespace = (name: string, labels: Record<string, string>) => ({
    resource: namespaces as Resource<KubeObject>,
    object: { metadata: { name, labels } },
  });

  /**
   * The pod's SidecarSets, as a SidecarSet controller maps a pod event: those
   * matching the pod as the event carried it (the old labels of an update or
   * a delete) and those matching the pod as the cluster has it now.
   */
  async function sidecarSetsOfPod(r: ObjectRef, ctx: MapContext): Promise<ObjectKey[]> {
    const ns = r.namespace ?? '';
    const nsLabels = await ctx.namespaceLabels(ns);
    const views = [r.object, await ctx.client.find(pods, { namespace: ns, name: r.name })];
    const matched: ObjectKey[] = [];
    for (const set of await ctx.sidecarSets()) {
      const matches = views.some(
        (view) =>
          view !== undefined &&
          podMatchesSidecarSet(
            view as DecodedPod,
            set as DecodedSidecarSet,
            nsLabels === undefined ? {} : { [ns]: nsLabels },
          ),
      );
      if (matches) matched.push({ name: set.metadata?.name ?? '' });
    }
    return matched;
  }
  const sidecarSetMapper = mapper('sidecarset', [
    { group: '', resource: 'pods', keys: sidecarSetsOfPod },
  ]);

  const client = () =>
    readOnlyClient([
      sidecarSet('logging', { app: 'web' }),
      sidecarSet('metrics', { tier: 'front' }),
      sidecarSet('team-only', { app: 'web' }, 'blue'),
      sidecarSet('unmatched', { app: 'db' }),
      namespace('web', { team: 'red' }),
      pod('web-0', { app: 'web', tier: 'front' }),
      pod('web-1', { app: 'web' }),
    ]);

  it('maps an update to the SidecarSets of the object it carried and of the pod in the cluster', async () => {
    // web-1 was tier=front (metrics) when the event was sent; it is app=web (logging) now.
    const carried = { metadata: { name: 'web-1', namespace: 'web', labels: { tier: 'front' } } };
    const got = await mapRefs(
      [ref('pods', 'web-1', { object: carried })],
      [sidecarSetMapper],
      mapContext(client()),
      quiet().log,
    );
    assert.deepStrictEqual(keys(got), ['sidecarset//logging', 'sidecarset//metrics']);
  });

  it('dedupes the SidecarSets of many pod events, reading the list and the Namespace once', async () => {
    const c = client();
    const got = await mapRefs(
      [
        ref('pods', 'web-1', { verb: 'create' }),
        ref('pods', 'web-0', { verb: 'create' }),
        ref('pods', 'web-0', { subresource: 'status' }),
        ref('pods', 'web-2', {
          verb: 'delete',
          object: { metadata: { name: 'web-2', labels: { app: 'db' } } },
        }),
      ],
      [sidecarSetMapper],
      mapContext(c),
      quiet().log,
    );
    assert.deepStrictEqual(keys(got), [
      'sidecarset//logging',
      'sidecarset//metrics',
      'sidecarset//unmatched',
    ]);
    assert.deepStrictEqual(c.reads, [
      'GET /api/v1/namespaces/web',
      'GET /api/v1/namespaces/web/pods/web-1',
      'GET /apis/apps.kruise.io/v1alpha1/sidecarsets',
      'GET /api/v1/namespaces/web/pods/web-0',
      'GET /api/v1/namespaces/web/pods/web-0',
      'GET /api/v1/namespaces/web/pods/web-2',
    ]);
  });

  it('takes the labels of a Namespace that exists, and none of one that does not, each read once', async () => {
    const c = client();
    const ctx = mapContext(c);
    assert.deepStrictEqual(
      await Promise.all([
        ctx.namespaceLabels('web'),
        ctx.namespaceLabels('gone'),
        ctx.namespaceLabels('web'),
      ]),
      [{ team: 'red' }, undefined, { team: 'red' }],
    );
    assert.deepStrictEqual(c.reads, ['GET /api/v1/namespaces/web', 'GET /api/v1/namespaces/gone']);
  });

  it('does not share reads between invocations', async () => {
    const c = client();
    for (let i = 0; i < 2; i++) await mapContext(c).sidecarSets();
    assert.deepStrictEqual(c.reads, [
      'GET /apis/apps.kruise.io/v1alpha1/sidecarsets',
      'GET /apis/apps.kruise.io/v1alpha1/sidecarsets',
    ]);
  });
});

describe('mapRefs over many pods of one namespace', () => {
  const many = (n: number) =>
    Array.from({ length: n }, (_, i) => barred(`web-${i}`)).concat([barred('web-x')]);

  it(`reads them with one list from ${POD_LIST_THRESHOLD} distinct live pods on, each key as before`, async () => {
    const c = readOnlyClient(many(POD_LIST_THRESHOLD));
    const refs = Array.from({ length: POD_LIST_THRESHOLD }, (_, i) =>
      ref('pods', `web-${i}`, { subresource: 'status' }),
    ).concat([ref('pods', 'gone-0'), ref('pods', 'web-0', { verb: 'patch' })]);
    const got = await mapRefs(refs, [launchPriorityController()], mapContext(c), quiet().log);
    assert.equal(got.length, POD_LIST_THRESHOLD);
    assert.deepStrictEqual(c.reads, ['GET /api/v1/namespaces/web/pods']);
  });

  it('reads each pod below that, and counts neither deletes nor repeats', async () => {
    const c = readOnlyClient(many(3));
    const refs = [
      ...Array.from({ length: POD_LIST_THRESHOLD }, () => ref('pods', 'web-0')),
      ...Array.from({ length: POD_LIST_THRESHOLD }, (_, i) =>
        ref('pods', `web-${i}`, { verb: 'delete' }),
      ),
      ref('pods', 'web-1'),
    ];
    assert.deepStrictEqual(crowdedNamespaces(refs), []);
    await mapRefs(refs, [launchPriorityController()], mapContext(c), quiet().log);
    assert.deepStrictEqual(c.reads, [
      'GET /api/v1/namespaces/web/pods/web-0',
      'GET /api/v1/namespaces/web/pods/web-1',
    ]);
  });
});

describe('dedupe', () => {
  it('keeps the first of keys equal by controller, namespace and name', () => {
    const k = (controller: string, name: string, namespace?: string) => ({
      controller,
      key: { name, ...(namespace !== undefined && { namespace }) },
    });
    assert.deepStrictEqual(
      dedupe([
        k('a', 'x', 'n'),
        k('b', 'x', 'n'),
        k('a', 'x', 'n'),
        k('a', 'x'),
        k('a', 'x', ''),
        k('a', 'y', 'n'),
      ]),
      [k('a', 'x', 'n'), k('b', 'x', 'n'), k('a', 'x'), k('a', 'y', 'n')],
    );
  });
});
