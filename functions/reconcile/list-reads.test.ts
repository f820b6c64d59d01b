/**
 * Batch-scoped reads by list: which kinds a batch lists (crowdedKinds), and
 * the list-backed client: one list answers the reads by name of a listed
 * kind, an object the batch writes (or tries to) is read with a GET again,
 * other kinds and lists pass through.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node } from '../../shared/api/core/core-v1.js';
import type { NodeImage } from '../../shared/api/nodeimage.js';
import { ConflictError, NotFoundError } from '../../shared/kube/api-error.js';
import type { KubeClient } from '../../shared/kube/client.js';
import { nodes, pods } from '../../shared/kube/core-resources.js';
import { imagePullJobs, nodeImages } from '../../shared/kube/kruise-resources.js';
import type { ObjectRef, ReconcileController } from './controller.js';
import { crowdedKinds, LIST_READ_THRESHOLD, listBackedClient } from './list-reads.js';
import type { ControllerKey } from './map-refs.js';
import { readOnlyClient } from './read-only-client.js';

const controller = (over: Partial<ReconcileController>): ReconcileController => ({
  name: 'c',
  kind: 'C',
  observe: () => Promise.resolve(undefined),
  plan: () => ({ actions: [] }),
  apply: () => Promise.resolve(),
  watches: [],
  resync: () => Promise.resolve([]),
  ...over,
});

const nodeRefs = (n: number, over: Partial<ObjectRef> = {}): ObjectRef[] =>
  Array.from({ length: n }, (_, i) => ({
    group: '',
    resource: 'nodes',
    name: `n${i}`,
    verb: 'update',
    ...over,
  }));

const niKeys = (n: number, name = 'ni'): ControllerKey[] =>
  Array.from({ length: n }, (_, i) => ({ controller: name, key: { name: `n${i}` } }));

describe('crowdedKinds', () => {
  const watching = controller({
    name: 'w',
    watches: [{ group: '', resource: 'nodes', keys: () => [], reads: nodes }],
  });
  const notReading = controller({
    name: 'x',
    watches: [{ group: '', resource: 'nodes', keys: () => [] }],
  });
  const keyed = controller({ name: 'ni', keyReads: [nodes, nodeImages] });
  const T = LIST_READ_THRESHOLD;
  const cases: {
    name: string;
    refs: ObjectRef[];
    keys: ControllerKey[];
    controllers: ReconcileController[];
    want: string[];
  }[] = [
    {
      name: 'a watch that reads the objects of as many refs as the threshold',
      refs: nodeRefs(T),
      keys: [],
      controllers: [watching],
      want: ['nodes'],
    },
    {
      name: 'one fewer: each read by name',
      refs: nodeRefs(T - 1),
      keys: [],
      controllers: [watching],
      want: [],
    },
    {
      name: 'the same object named twice counts once',
      refs: [...nodeRefs(T - 1), ...nodeRefs(T - 1)],
      keys: [],
      controllers: [watching],
      want: [],
    },
    {
      name: 'deletes read nothing',
      refs: nodeRefs(T, { verb: 'delete' }),
      keys: [],
      controllers: [watching],
      want: [],
    },
    {
      name: 'a watch that reads nothing',
      refs: nodeRefs(T),
      keys: [],
      controllers: [notReading],
      want: [],
    },
    {
      name: 'refs of another resource',
      refs: nodeRefs(T, { resource: 'pods' }),
      keys: [],
      controllers: [watching],
      want: [],
    },
    {
      name: 'as many keys of a controller as the threshold: each kind it reads per key',
      refs: [],
      keys: niKeys(T),
      controllers: [keyed],
      want: ['nodes', 'nodeimages'],
    },
    {
      name: 'keys of another controller do not count',
      refs: [],
      keys: [...niKeys(T - 1), ...niKeys(T, 'other')],
      controllers: [keyed],
      want: [],
    },
    {
      name: 'a kind from refs and keys is listed once',
      refs: nodeRefs(T),
      keys: niKeys(T),
      controllers: [watching, keyed],
      want: ['nodes', 'nodeimages'],
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      assert.deepStrictEqual(
        crowdedKinds(c.refs, c.keys, c.controllers).map((r) => r.plural),
        c.want,
      );
    });
});

const node = (name: string): Node => ({ metadata: { name, resourceVersion: '1' } });
const ni = (name: string): NodeImage => ({
  metadata: { name, resourceVersion: '1' },
  spec: {},
});

/** readOnlyClient's reads, plus writes that succeed (or fail as `failWith` says), recorded. */
function cluster(failWith?: Error) {
  const base = readOnlyClient([
    { resource: nodes, object: node('a') },
    { resource: nodes, object: node('b') },
    { resource: nodeImages, object: ni('a') },
    { resource: imagePullJobs, object: { metadata: { name: 'j', namespace: 'ns' } } },
  ]);
  const write = <T>(verb: string, o: T) => {
    base.reads.push(verb);
    return failWith === undefined ? Promise.resolve(o) : Promise.reject(failWith);
  };
  const client: KubeClient = {
    ...base,
    create: (_r, o) => write('create', o),
    update: (_r, o) => write('update', o),
    updateStatus: (_r, o) => write('updateStatus', o),
    patch: () => write('patch', node('a') as never),
    delete: () => write('delete', undefined),
  };
  return { client, reads: base.reads };
}

describe('listBackedClient', () => {
  it('passes every read through until a kind is read by list', async () => {
    const { client, reads } = cluster();
    const io = listBackedClient(client);
    await io.find(nodes, { name: 'a' });
    await io.get(nodes, { name: 'b' });
    assert.deepStrictEqual(reads, ['GET /api/v1/nodes/a', 'GET /api/v1/nodes/b']);
  });
  it('answers reads by name of a listed kind from one list, lazily', async () => {
    const { client, reads } = cluster();
    const io = listBackedClient(client);
    io.readByList(nodes);
    assert.deepStrictEqual(reads, []);
    const [a, b, c] = await Promise.all([
      io.find(nodes, { name: 'a' }),
      io.get(nodes, { name: 'b' }),
      io.find(nodes, { name: 'c' }),
    ]);
    assert.equal(a?.metadata?.name, 'a');
    assert.equal(b.metadata?.name, 'b');
    assert.equal(c, undefined);
    await assert.rejects(io.get(nodes, { name: 'c' }), NotFoundError);
    assert.deepStrictEqual(reads, ['GET /api/v1/nodes']);
  });
  it('gives each reader its own copy', async () => {
    const { client } = cluster();
    const io = listBackedClient(client);
    io.readByList(nodes);
    const first = await io.get(nodes, { name: 'a' });
    first.metadata = { name: 'changed' };
    assert.equal((await io.get(nodes, { name: 'a' })).metadata?.name, 'a');
  });
  it('reads namespaced objects from one list of every namespace', async () => {
    const { client, reads } = cluster();
    const io = listBackedClient(client);
    io.readByList(imagePullJobs);
    assert.equal(
      (await io.find(imagePullJobs, { namespace: 'ns', name: 'j' }))?.metadata?.name === 'j',
      true,
    );
    assert.equal(await io.find(imagePullJobs, { namespace: 'other', name: 'j' }), undefined);
    assert.deepStrictEqual(reads, ['GET /apis/apps.kruise.io/v1alpha1/imagepulljobs']);
  });
  it('reads an object it wrote (or tried to) with a GET from then on, others still from the list', async () => {
    for (const failWith of [undefined, new ConflictError('stale', { status: 409 })]) {
      const { client, reads } = cluster(failWith);
      const io = listBackedClient(client);
      io.readByList(nodeImages);
      const a = await io.get(nodeImages, { name: 'a' });
      await io.update(nodeImages, a).catch(() => undefined);
      await io.get(nodeImages, { name: 'a' });
      await io.find(nodeImages, { name: 'b' });
      assert.deepStrictEqual(reads, [
        'GET /apis/apps.kruise.io/v1alpha1/nodeimages',
        'update',
        'GET /apis/apps.kruise.io/v1alpha1/nodeimages/a',
      ]);
    }
  });
  it('counts every kind of write, by the object it names', async () => {
    const { client, reads } = cluster();
    const io = listBackedClient(client);
    io.readByList(nodes);
    await io.create(nodes, node('a'));
    await io.updateStatus(nodes, node('b'));
    await io.find(nodes, { name: 'x' }); // listed: not written
    await io.patch(nodes, { name: 'x' }, { type: 'merge', body: {} });
    await io.delete(nodes, { name: 'y' });
    for (const name of ['a', 'b', 'x', 'y']) await io.find(nodes, { name });
    assert.deepStrictEqual(reads, [
      'create',
      'updateStatus',
      'GET /api/v1/nodes',
      'patch',
      'delete',
      'GET /api/v1/nodes/a',
      'GET /api/v1/nodes/b',
      'GET /api/v1/nodes/x',
      'GET /api/v1/nodes/y',
    ]);
  });
  it('lists again after a failed list', async () => {
    const { client } = cluster();
    let lists = 0;
    const flaky: KubeClient = {
      ...client,
      list: (r, o) => (++lists === 1 ? Promise.reject(new Error('boom')) : client.list(r, o)),
    };
    const io = listBackedClient(flaky);
    io.readByList(nodes);
    await assert.rejects(io.find(nodes, { name: 'a' }), /boom/);
    assert.equal((await io.find(nodes, { name: 'a' }))?.metadata?.name, 'a');
    assert.equal(lists, 2);
  });
  it('passes lists and other kinds through', async () => {
    const { client, reads } = cluster();
    const io = listBackedClient(client);
    io.readByList(nodes);
    await io.list(nodes);
    await io.find(pods, { namespace: 'd', name: 'p' });
    assert.deepStrictEqual(reads, ['GET /api/v1/nodes', 'GET /api/v1/namespaces/d/pods/p']);
  });
});
