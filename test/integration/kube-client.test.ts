/**
 * The shared client (shared/kube/client.ts) against the real kube-apiserver:
 * reads, paged lists, metadata-only lists, creates, PUT updates and status
 * updates with resourceVersion preconditions, the three patch types with and
 * without a precondition, deletes with preconditions, and each failure
 * classified as NotFound / AlreadyExists / Conflict with the apiserver's
 * Status message. Also the certs IO on it writes nothing when nothing changed.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  AlreadyExistsError,
  ConflictError,
  KubeApiError,
  NotFoundError,
} from '../../shared/kube/api-error.js';
import { kubeClient, type KubeClient } from '../../shared/kube/client.js';
import { configMaps, pods } from '../../shared/kube/core-resources.js';
import { sidecarSets } from '../../shared/kube/kruise-resources.js';
import { installCrds } from '../../infra/manifests/install-crds.js';
import { sharedControlPlane, testNamespace } from '../support/control-plane.js';

let client: KubeClient;
let ns: string;

before(async () => {
  const cp = await sharedControlPlane();
  client = kubeClient(cp.kubeConfig);
  ns = await testNamespace(cp.kubeConfig, 'kube-client');
  await installCrds(cp.kubeConfig);
});

const configMap = (name: string, data: Record<string, string>) => ({
  metadata: { name, namespace: ns },
  data,
});

describe('shared kube client', () => {
  it('creates, gets, finds and refuses a second create with AlreadyExists', async () => {
    const created = await client.create(configMaps, configMap('a', { k: 'v' }));
    assert.equal(created.data?.['k'], 'v');
    assert.ok(created.metadata?.resourceVersion);
    assert.deepEqual((await client.get(configMaps, { namespace: ns, name: 'a' })).data, { k: 'v' });
    assert.equal(await client.find(configMaps, { namespace: ns, name: 'missing' }), undefined);
    await assert.rejects(client.get(configMaps, { namespace: ns, name: 'missing' }), (err) => {
      assert.ok(err instanceof NotFoundError);
      assert.equal(err.message, 'configmaps "missing" not found');
      return true;
    });
    await assert.rejects(client.create(configMaps, configMap('a', {})), (err) => {
      assert.ok(err instanceof AlreadyExistsError);
      assert.equal(err.message, 'configmaps "a" already exists');
      return true;
    });
  });

  it('updates at the current resourceVersion and refuses a stale one with Conflict', async () => {
    const first = await client.create(configMaps, configMap('b', { n: '1' }));
    const second = await client.update(configMaps, { ...first, data: { n: '2' } });
    assert.notEqual(second.metadata?.resourceVersion, first.metadata?.resourceVersion);
    await assert.rejects(client.update(configMaps, { ...first, data: { n: '3' } }), (err) => {
      assert.ok(err instanceof ConflictError);
      assert.match(err.message, /the object has been modified/);
      return true;
    });
    assert.deepEqual((await client.get(configMaps, { namespace: ns, name: 'b' })).data, { n: '2' });
  });

  it('patches with merge, strategic-merge and JSON patch, each with a precondition', async () => {
    const key = { namespace: ns, name: 'c' };
    const start = await client.create(configMaps, configMap('c', { a: '1' }));
    const stale = start.metadata?.resourceVersion ?? '';
    const merged = await client.patch(
      configMaps,
      key,
      { type: 'merge', body: { data: { b: '2' } } },
      { resourceVersion: stale },
    );
    const strategic = await client.patch(configMaps, key, {
      type: 'strategic',
      body: { data: { c: '3' } },
    });
    const json = await client.patch(
      configMaps,
      key,
      { type: 'json', operations: [{ op: 'remove', path: '/data/a' }] },
      { resourceVersion: strategic.metadata?.resourceVersion ?? '' },
    );
    assert.deepEqual(merged.data, { a: '1', b: '2' });
    assert.deepEqual(json.data, { b: '2', c: '3' });
    for (const patch of [
      { type: 'merge', body: { data: { x: '1' } } },
      { type: 'strategic', body: { data: { x: '1' } } },
      { type: 'json', operations: [{ op: 'add', path: '/data/x', value: '1' }] },
    ] as const) {
      await assert.rejects(
        client.patch(configMaps, key, patch, { resourceVersion: stale }),
        ConflictError,
      );
    }
    assert.deepEqual((await client.get(configMaps, key)).data, { b: '2', c: '3' });
  });

  it('lists every page, and lists metadata only', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `page-${String(i).padStart(2, '0')}`);
    for (const name of names)
      await client.create(configMaps, configMap(name, { big: 'x'.repeat(10) }));
    const list = await client.list(configMaps, { namespace: ns, labelSelector: '' });
    assert.ok(names.every((n) => list.items.some((i) => i.metadata?.name === n)));
    assert.ok(list.resourceVersion !== '');
    const metadata = await client.listMetadata(configMaps, { namespace: ns });
    assert.equal(metadata.items.length, list.items.length);
    assert.equal(metadata.items[0]?.kind, 'PartialObjectMetadata');
    assert.equal((metadata.items[0] as { data?: unknown }).data, undefined);
  });

  it('writes status through the status subresource, with a precondition', async () => {
    const pod = await client.create(pods, {
      metadata: { name: 'p', namespace: ns },
      spec: { containers: [{ name: 'app', image: 'nginx' }] },
    });
    const running = await client.updateStatus(pods, { ...pod, status: { phase: 'Running' } });
    assert.equal(running.status?.phase, 'Running');
    await assert.rejects(
      client.updateStatus(pods, { ...pod, status: { phase: 'Failed' } }),
      ConflictError,
    );
    const patched = await client.patch(
      pods,
      { namespace: ns, name: 'p' },
      { type: 'merge', body: { status: { phase: 'Succeeded' } } },
      { subresource: 'status' },
    );
    assert.equal(patched.status?.phase, 'Succeeded');
  });

  it('deletes only while the preconditions hold', async () => {
    const cm = await client.create(configMaps, configMap('d', {}));
    const key = { namespace: ns, name: 'd' };
    await assert.rejects(
      client.delete(configMaps, key, { preconditions: { uid: 'not-the-uid' } }),
      (err) => {
        assert.ok(err instanceof ConflictError);
        return true;
      },
    );
    await client.delete(configMaps, key, { preconditions: { uid: cm.metadata?.uid ?? '' } });
    await assert.rejects(client.delete(configMaps, key), NotFoundError);
  });

  it('addresses cluster-scoped CRD objects by their served version', async () => {
    const set = await client.create(sidecarSets, {
      apiVersion: 'apps.kruise.io/v1alpha1',
      kind: 'SidecarSet',
      metadata: { name: `client-${ns}` },
      spec: { containers: [{ name: 'log', image: 'busybox' }] },
    });
    assert.equal(
      (await client.get(sidecarSets, { name: `client-${ns}` })).spec?.containers?.[0]?.name,
      'log',
    );
    await client.delete(sidecarSets, { name: set.metadata?.name ?? '' });
  });

  it('classifies an invalid object as another failure, with the Status message', async () => {
    await assert.rejects(client.create(configMaps, configMap('Bad_Name', {})), (err) => {
      assert.ok(err instanceof KubeApiError && err.failure === 'Other');
      assert.equal(err.status, 422);
      assert.match(err.message, /^ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value/);
      return true;
    });
  });
});
