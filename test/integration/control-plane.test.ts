/**
 * Proves the local control plane is a real Kubernetes API: a CRD installs,
 * custom objects can be created, read, listed, watched and patched, and a
 * stale update gets a 409 Conflict.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ApiextensionsV1Api,
  ApiException,
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
  Watch,
  type V1CustomResourceDefinition,
} from '@kubernetes/client-node';
import { sharedControlPlane, testNamespace, type ControlPlane } from '../support/control-plane.js';
import { rawGet } from '../../infra/dev/wait.js';

const group = 'smoke.kruise-fn.dev';
const plural = 'widgets';
const crd: V1CustomResourceDefinition = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${plural}.${group}` },
  spec: {
    group,
    scope: 'Namespaced',
    names: { plural, singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: { size: { type: 'integer' }, color: { type: 'string' } },
              },
            },
          },
        },
      },
    ],
  },
};

interface Widget {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string };
  spec: { size: number; color?: string };
}

async function waitEstablished(api: ApiextensionsV1Api, name: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const got = await api.readCustomResourceDefinition({ name });
    if (got.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'))
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`CRD ${name} never became Established`);
}

/** Right after Established the apiserver may answer 429 until the resource is served. */
async function waitServed(objects: CustomObjectsApi, namespace: string): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      await objects.listNamespacedCustomObject({ group, version: 'v1', namespace, plural });
      return;
    } catch (err) {
      if (!(err instanceof ApiException && err.code === 429) || i >= 50) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe('local control plane', () => {
  let cp: ControlPlane;
  let ns: string;
  let objects: CustomObjectsApi;

  before(async () => {
    cp = await sharedControlPlane();
    ns = await testNamespace(cp.kubeConfig, 'cp-smoke');
    const ext = cp.kubeConfig.makeApiClient(ApiextensionsV1Api);
    await ext.createCustomResourceDefinition({ body: crd }).catch((err: unknown) => {
      if (!(err instanceof ApiException && err.code === 409)) throw err;
    });
    await waitEstablished(ext, `${plural}.${group}`);
    objects = cp.kubeConfig.makeApiClient(CustomObjectsApi);
    await waitServed(objects, ns);
  });

  after(async () => cp.stop());

  it('reports its version and readiness', async () => {
    const version = await rawGet(cp.kubeConfig, '/version');
    assert.equal(version.status, 200);
    assert.match(JSON.parse(version.body).gitVersion, /^v1\.(3[4-9]|[4-9]\d)\.\d+$/);
    assert.deepEqual(await rawGet(cp.kubeConfig, '/readyz'), { status: 200, body: 'ok' });
  });

  it('creates, gets, lists, watches and patches a custom object', async () => {
    const seen: string[] = [];
    const watch = new Watch(cp.kubeConfig);
    const gotAdded = new Promise<void>((resolve, reject) => {
      void watch
        .watch(
          `/apis/${group}/v1/namespaces/${ns}/${plural}`,
          {},
          (type: string, obj: Widget) => {
            seen.push(`${type} ${obj.metadata.name} size=${obj.spec.size}`);
            if (seen.length === 2) resolve();
          },
          (err: unknown) => (err ? reject(err as Error) : undefined),
        )
        .then((req) => after(() => req.abort()));
    });
    await new Promise((r) => setTimeout(r, 200)); // let the watch open

    const body: Widget = {
      apiVersion: `${group}/v1`,
      kind: 'Widget',
      metadata: { name: 'w1' },
      spec: { size: 1 },
    };
    await objects.createNamespacedCustomObject({
      group,
      version: 'v1',
      namespace: ns,
      plural,
      body,
    });
    const got = (await objects.getNamespacedCustomObject({
      group,
      version: 'v1',
      namespace: ns,
      plural,
      name: 'w1',
    })) as Widget;
    assert.deepEqual(got.spec, { size: 1 });

    const list = (await objects.listNamespacedCustomObject({
      group,
      version: 'v1',
      namespace: ns,
      plural,
    })) as { items: Widget[] };
    assert.deepEqual(
      list.items.map((w) => w.metadata.name),
      ['w1'],
    );

    const patched = (await objects.patchNamespacedCustomObject(
      {
        group,
        version: 'v1',
        namespace: ns,
        plural,
        name: 'w1',
        body: { spec: { size: 2, color: 'blue' } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    )) as Widget;
    assert.deepEqual(patched.spec, { size: 2, color: 'blue' });

    await gotAdded;
    assert.deepEqual(seen, ['ADDED w1 size=1', 'MODIFIED w1 size=2']);
  });

  it('refuses an update with a stale resourceVersion with 409 Conflict', async () => {
    const body: Widget = {
      apiVersion: `${group}/v1`,
      kind: 'Widget',
      metadata: { name: 'w2' },
      spec: { size: 1 },
    };
    const created = (await objects.createNamespacedCustomObject({
      group,
      version: 'v1',
      namespace: ns,
      plural,
      body,
    })) as Widget;
    const fresh = { ...created, spec: { size: 2 } };
    await objects.replaceNamespacedCustomObject({
      group,
      version: 'v1',
      namespace: ns,
      plural,
      name: 'w2',
      body: fresh,
    });
    const stale = { ...created, spec: { size: 3 } }; // still carries the first resourceVersion
    await assert.rejects(
      objects.replaceNamespacedCustomObject({
        group,
        version: 'v1',
        namespace: ns,
        plural,
        name: 'w2',
        body: stale,
      }),
      (err: unknown) => err instanceof ApiException && err.code === 409,
    );
  });
});
