/**
 * Event → key mapping of the SidecarSet controller, over an in-memory
 * client and MapContext (the I/O boundary), and the reset action's Events.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../../shared/api/core/core-v1.js';
import type { SidecarSet } from '../../../shared/api/sidecarset.js';
import { ConflictError, KubeApiError } from '../../../shared/kube/api-error.js';
import type { KubeClient } from '../../../shared/kube/client.js';
import { pods as podResource } from '../../../shared/kube/core-resources.js';
import type { KubeObject, Resource } from '../../../shared/kube/resource.js';
import { captureLines } from '../../../shared/log/test-support.js';
import { createLogger } from '../../../shared/log/index.js';
import type { MapContext, ObjectRef } from '../controller.js';
import { applySidecarSetAction, type ResetHotUpgrade } from './actions.js';
import { NOW, pod, sidecarSet } from './test-fixtures.js';
import { SIDECARSET_WATCHES } from './watches.js';
import { mapContext } from '../map-refs.js';

const named = (name: string, spec: Parameters<typeof sidecarSet>[0] = {}): SidecarSet => {
  const s = sidecarSet(spec);
  return { ...s, metadata: { ...s.metadata, name } };
};

const SETS = [
  named('log-set'),
  named('other-app', { selector: { matchLabels: { app: 'db' } } }),
  named('in-ns', { namespace: 'ns' }),
  named('elsewhere', { namespace: 'kube-system' }),
  named('by-label', { namespaceSelector: { matchLabels: { env: 'prod' } } }),
  named('frozen', { updateStrategy: { type: 'NotUpdate' } }),
];

function fakeClient(stored: readonly Pod[], written: KubeObject[] = [], fail?: Error): KubeClient {
  const unused = () => Promise.reject(new Error('not used by this test'));
  return {
    get: unused,
    list: unused,
    listMetadata: unused,
    update: unused,
    updateStatus: unused,
    delete: unused,
    find: <T extends KubeObject>(_r: Resource<T>, key: { name: string; namespace?: string }) =>
      Promise.resolve(
        stored.find(
          (p) => p.metadata?.name === key.name && p.metadata?.namespace === key.namespace,
        ) as T | undefined,
      ),
    create: <T extends KubeObject>(_r: Resource<T>, object: T) => {
      written.push(object);
      return Promise.resolve(object);
    },
    patch: <T extends KubeObject>() => (fail ? Promise.reject(fail) : Promise.resolve({} as T)),
  };
}

const context = (
  stored: readonly Pod[],
  nsLabels: Record<string, Record<string, string>>,
): MapContext => ({
  ...mapContext(fakeClient(stored)),
  sidecarSets: () => Promise.resolve(SETS),
  namespaceLabels: (name) => Promise.resolve(nsLabels[name]),
});

const podWatch = SIDECARSET_WATCHES.find((w) => w.resource === 'pods');
const setWatch = SIDECARSET_WATCHES.find((w) => w.resource === 'sidecarsets');
const ref = (r: Partial<ObjectRef>): ObjectRef => ({
  group: '',
  resource: 'pods',
  namespace: 'ns',
  name: 'web-0',
  ...r,
});

describe('SidecarSet watches', () => {
  const injectedElsewhere = pod(0, {
    annotations: { 'kruise.io/sidecarset-injected-list': 'log-set,elsewhere' },
  });
  const rows: {
    name: string;
    stored: Pod[];
    labels: Record<string, Record<string, string>>;
    ref: ObjectRef;
    want: string[];
  }[] = [
    {
      name: 'a pod create: SidecarSets matching it and those it lists',
      stored: [injectedElsewhere],
      labels: { ns: { env: 'prod' } },
      ref: ref({ verb: 'create' }),
      want: ['by-label', 'elsewhere', 'frozen', 'in-ns', 'log-set'],
    },
    {
      name: 'a pod update leaves NotUpdate SidecarSets out',
      stored: [pod(0)],
      labels: { ns: { env: 'dev' } },
      ref: ref({ verb: 'patch', subresource: 'status' }),
      want: ['in-ns', 'log-set'],
    },
    {
      name: 'a pod gone (no object): every SidecarSet whose scope may hold its namespace',
      stored: [],
      labels: { ns: { env: 'dev' } },
      ref: ref({ verb: 'delete' }),
      want: ['frozen', 'in-ns', 'log-set', 'other-app'],
    },
    {
      name: 'a pod gone with its Namespace: namespaceSelector SidecarSets are looked at too',
      stored: [],
      labels: {},
      ref: ref({ verb: 'delete' }),
      want: ['by-label', 'frozen', 'in-ns', 'log-set', 'other-app'],
    },
    {
      name: 'a pod gone, carried by the event: the SidecarSets matching that object',
      stored: [],
      labels: {},
      ref: ref({ verb: 'delete', object: pod(0, { labels: { app: 'db' } }) }),
      want: ['log-set', 'other-app'],
    },
    {
      name: 'an eviction: the pod is read (terminating, or gone) like any other change',
      stored: [],
      labels: { ns: { env: 'dev' } },
      ref: ref({ verb: 'create', subresource: 'eviction' }),
      want: ['frozen', 'in-ns', 'log-set', 'other-app'],
    },
    {
      name: 'pod subresources that change nothing the controller reads map to nothing',
      stored: [pod(0)],
      labels: {},
      ref: ref({ verb: 'create', subresource: 'exec' }),
      want: [],
    },
  ];
  for (const row of rows) {
    it(row.name, async () => {
      const keys = await podWatch?.keys(row.ref, context(row.stored, row.labels));
      assert.deepStrictEqual(
        keys?.map((k) => k.name),
        row.want,
      );
    });
  }

  it('maps a SidecarSet event to itself, but not its status writes', async () => {
    const ctx = context([], {});
    const spec = { group: 'apps.kruise.io', resource: 'sidecarsets', name: 'log-set' };
    assert.deepStrictEqual(await setWatch?.keys({ ...spec, verb: 'update' }, ctx), [
      { name: 'log-set' },
    ]);
    assert.deepStrictEqual(
      await setWatch?.keys({ ...spec, verb: 'update', subresource: 'status' }, ctx),
      [],
    );
  });
});

describe('resetting a hot upgrade', () => {
  const action: ResetHotUpgrade = {
    type: 'resetHotUpgrade',
    pod: { kind: 'Pod', apiVersion: 'v1', name: 'web-0', namespace: 'ns' },
    write: {
      verb: 'patch',
      resource: podResource,
      key: { name: 'web-0', namespace: 'ns' },
      patch: { type: 'json', operations: [] },
    },
  };
  const run = async (fail?: Error) => {
    const written: KubeObject[] = [];
    const { destination } = captureLines();
    const logger = createLogger({ format: 'json', level: 0, destination, now: () => 0, env: {} });
    const result = applySidecarSetAction(
      fakeClient([], written, fail),
      action,
      logger,
      () => NOW,
    ).then(
      () => 'ok',
      (err: Error) => err.message,
    );
    return {
      result: await result,
      events: written.map((e) => e as { reason?: string; message?: string; type?: string }),
    };
  };

  it('reports success as OpenKruise does', async () => {
    const { result, events } = await run();
    assert.equal(result, 'ok');
    assert.deepStrictEqual(
      events.map((e) => [e.type, e.reason, e.message]),
      [['Normal', 'ResetContainerSucceed', 'reset sidecar container image empty successfully']],
    );
  });

  it('reports a failure with its error and fails the action', async () => {
    const { result, events } = await run(
      new KubeApiError('pods "web-0" is forbidden', { status: 403 }),
    );
    assert.equal(result, 'pods "web-0" is forbidden');
    assert.deepStrictEqual(
      events.map((e) => [e.type, e.reason, e.message]),
      [
        [
          'Warning',
          'ResetContainerFailed',
          'reset sidecar container image empty failed: pods "web-0" is forbidden',
        ],
      ],
    );
  });

  it('leaves a conflict to the re-plan without an Event', async () => {
    const { result, events } = await run(new ConflictError('conflict', { status: 409 }));
    assert.equal(result, 'conflict');
    assert.deepStrictEqual(events, []);
  });
});
