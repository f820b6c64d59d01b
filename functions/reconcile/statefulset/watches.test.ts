/**
 * Event → key mapping of the Advanced StatefulSet controller over an
 * in-memory client (the I/O boundary): owners by controller reference,
 * orphans by selector as GetPodStatefulSets, deleted pods by name.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../../shared/api/core/core-v1.js';
import type { OwnerReference } from '../../../shared/api/core/meta.js';
import type { StatefulSet } from '../../../shared/api/statefulset.js';
import type { KubeClient } from '../../../shared/kube/client.js';
import type { KubeObject, ObjectKey, Resource } from '../../../shared/kube/resource.js';
import type { MapContext, ObjectRef } from '../controller.js';
import { statefulSet } from './test-fixtures.js';
import { mapContext } from '../map-refs.js';
import { STATEFULSET_WATCHES } from './watches.js';

const named = (name: string, spec: Partial<StatefulSet['spec']> = {}): StatefulSet => {
  const s = statefulSet(spec);
  return { ...s, metadata: { ...s.metadata, name } };
};
const SETS = [
  named('web'),
  named('db', { selector: { matchLabels: { app: 'db' } } }),
  named('everything', { selector: {} }),
  named('web-canary', {
    selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] },
  }),
];

const owner = (apiVersion: string, kind: string, name: string): OwnerReference => ({
  apiVersion,
  kind,
  name,
  uid: `${name}-uid`,
  controller: true,
});
const pod = (name: string, labels?: Record<string, string>, owners?: OwnerReference[]): Pod => ({
  metadata: {
    name,
    namespace: 'ns',
    ...(labels && { labels }),
    ...(owners && { ownerReferences: owners }),
  },
});
const STORED = [
  pod('web-0', { app: 'web' }, [owner('apps.kruise.io/v1beta1', 'StatefulSet', 'web')]),
  pod('core-0', { app: 'web' }, [owner('apps/v1', 'StatefulSet', 'core')]),
  pod('stray-3', { app: 'web' }),
  pod('bare-1'),
];

function context(lists: string[]): MapContext {
  const unused = () => Promise.reject(new Error('not used by this test'));
  const client = {
    find: <T extends KubeObject>(_r: Resource<T>, key: { name: string; namespace?: string }) =>
      Promise.resolve(
        STORED.find(
          (p) => p.metadata?.name === key.name && p.metadata.namespace === key.namespace,
        ) as T | undefined,
      ),
    list: <T extends KubeObject>(r: Resource<T>, opts: { namespace?: string } = {}) => {
      lists.push(`${r.plural} ${opts.namespace ?? ''}`);
      return Promise.resolve({ items: SETS as unknown as T[], metadata: {} });
    },
  } as unknown as KubeClient;
  return { ...mapContext(client), sidecarSets: unused, namespaceLabels: unused };
}

async function keysOf(ref: ObjectRef): Promise<{ keys: ObjectKey[]; lists: string[] }> {
  const lists: string[] = [];
  const keys: ObjectKey[] = [];
  for (const w of STATEFULSET_WATCHES) {
    if (w.group !== ref.group || w.resource !== ref.resource) continue;
    keys.push(...(await w.keys(ref, context(lists))));
  }
  return { keys, lists };
}

const podRef = (name: string, extra: Partial<ObjectRef> = {}): ObjectRef => ({
  group: '',
  resource: 'pods',
  namespace: 'ns',
  name,
  verb: 'update',
  ...extra,
});
const key = (name: string): ObjectKey => ({ namespace: 'ns', name });

describe('Advanced StatefulSet watches', () => {
  const cases: { name: string; ref: ObjectRef; keys: ObjectKey[]; lists?: string[] }[] = [
    {
      name: 'a pod owned by a Kruise StatefulSet: that set',
      ref: podRef('web-0'),
      keys: [key('web')],
    },
    {
      name: 'its status write maps the same way',
      ref: podRef('web-0', { subresource: 'status' }),
      keys: [key('web')],
    },
    { name: 'a pod owned by an apps/v1 StatefulSet: none', ref: podRef('core-0'), keys: [] },
    {
      name: 'an orphan: the sets whose non-empty selector matches its labels',
      ref: podRef('stray-3'),
      keys: [key('web'), key('web-canary')],
      lists: ['statefulsets ns'],
    },
    {
      name: 'an orphan without labels: none, nothing listed',
      ref: podRef('bare-1'),
      keys: [],
      lists: [],
    },
    {
      name: 'a deleted pod: the set its name names',
      ref: podRef('gone-7', { verb: 'delete' }),
      keys: [key('gone')],
    },
    {
      name: 'a deleted pod carried by the event: its controller reference',
      ref: podRef('gone-7', {
        verb: 'delete',
        object: pod('gone-7', { app: 'web' }, [
          owner('apps.kruise.io/v1beta1', 'StatefulSet', 'web'),
        ]),
      }),
      keys: [key('web')],
    },
    {
      name: 'a deleted pod whose name has no ordinal: none',
      ref: podRef('gone', { verb: 'delete' }),
      keys: [],
    },
    { name: 'a pod log read: none', ref: podRef('web-0', { subresource: 'log' }), keys: [] },
    {
      name: 'a set write: the set',
      ref: { group: 'apps.kruise.io', resource: 'statefulsets', namespace: 'ns', name: 'web' },
      keys: [key('web')],
    },
    {
      name: 'its scale subresource (kubectl scale): the set',
      ref: {
        group: 'apps.kruise.io',
        resource: 'statefulsets',
        subresource: 'scale',
        namespace: 'ns',
        name: 'web',
      },
      keys: [key('web')],
    },
    {
      name: 'its status (our own write): none',
      ref: {
        group: 'apps.kruise.io',
        resource: 'statefulsets',
        subresource: 'status',
        namespace: 'ns',
        name: 'web',
      },
      keys: [],
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const got = await keysOf(c.ref);
      assert.deepEqual(got.keys, c.keys);
      if (c.lists !== undefined) assert.deepEqual(got.lists, c.lists);
    });
  }
});
