/**
 * The admission function behind the real kube-apiserver (in process, HTTPS on
 * 127.0.0.1, both configurations registered by `url` + `caBundle`): a plain
 * pod goes through `/mutate-pod` unchanged, the warm SidecarSet cache keeps
 * its promise (a pod created 1 s after a SidecarSet create or update returned
 * sees it), and denials reach the client with the webhook's name and
 * OpenKruise's message.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import {
  CoreV1Api,
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
  type V1Pod,
} from '@kubernetes/client-node';
import { sharedControlPlane, testNamespace, type ControlPlane } from '../support/control-plane.js';
import { startAdmission, type RunningAdmission } from '../support/webhook-harness.js';

const SIDECARSETS = { group: 'apps.kruise.io', version: 'v1alpha1', plural: 'sidecarsets' };
/** The promised bound: what returned this long before a pod create is seen by it. */
const PROMISED_BOUND_MS = 1_000;
const RUN = randomBytes(3).toString('hex');

describe('admission function through the kube-apiserver', () => {
  let cp: ControlPlane;
  let admission: RunningAdmission;
  let core: CoreV1Api;
  let custom: CustomObjectsApi;
  let namespace: string;
  const sidecarSets: string[] = [];

  before(async () => {
    cp = await sharedControlPlane();
    admission = await startAdmission(cp);
    core = cp.kubeConfig.makeApiClient(CoreV1Api);
    custom = cp.kubeConfig.makeApiClient(CustomObjectsApi);
    namespace = await testNamespace(cp.kubeConfig, 'admission');
  });
  after(async () => {
    for (const name of sidecarSets)
      await custom.deleteClusterCustomObject({ ...SIDECARSETS, name });
    await admission.stop();
  });

  const createPod = (name: string, app: string): Promise<V1Pod> =>
    core.createNamespacedPod({
      namespace,
      body: {
        metadata: { name, labels: { app } },
        spec: { containers: [{ name: 'app', image: 'example/app:1.0' }] },
      },
    });
  const containers = (pod: V1Pod) => pod.spec?.containers.map((c) => `${c.name}=${c.image}`);

  it('passes a plain pod through /mutate-pod and stores it unchanged', async () => {
    const before = admission.requests.length;
    const pod = await createPod('plain', `plain-${RUN}`);
    assert.ok(admission.requests.slice(before).includes('/mutate-pod'));
    assert.deepStrictEqual(containers(pod), ['app=example/app:1.0']);
    assert.equal(pod.metadata?.annotations, undefined);
    assert.equal(pod.metadata?.namespace, namespace);
  });

  it('injects a SidecarSet into pods created 1 s after its create, and 1 s after its update', async () => {
    const app = `fresh-${RUN}`;
    // A pod first, so the cache holds a list read before the SidecarSet existed.
    assert.deepStrictEqual(containers(await createPod('fresh-0', app)), ['app=example/app:1.0']);
    const name = `fresh-${RUN}`;
    await custom.createClusterCustomObject({
      ...SIDECARSETS,
      body: {
        apiVersion: 'apps.kruise.io/v1alpha1',
        kind: 'SidecarSet',
        metadata: { name },
        spec: {
          selector: { matchLabels: { app } },
          containers: [{ name: 'log', image: 'example/log:1' }],
        },
      },
    });
    sidecarSets.push(name);
    await sleep(PROMISED_BOUND_MS);
    assert.deepStrictEqual(containers(await createPod('fresh-1', app)), [
      'log=example/log:1',
      'app=example/app:1.0',
    ]);
    await custom.patchClusterCustomObject(
      {
        ...SIDECARSETS,
        name,
        body: [{ op: 'replace', path: '/spec/containers/0/image', value: 'example/log:2' }],
      },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    await sleep(PROMISED_BOUND_MS);
    assert.deepStrictEqual(containers(await createPod('fresh-2', app)), [
      'log=example/log:2',
      'app=example/app:1.0',
    ]);
  });

  it("denies an invalid SidecarSet with the webhook's name and OpenKruise's message", async () => {
    const err = await custom
      .createClusterCustomObject({
        ...SIDECARSETS,
        body: {
          apiVersion: 'apps.kruise.io/v1alpha1',
          kind: 'SidecarSet',
          metadata: { name: `invalid-${RUN}` },
          spec: { selector: { matchLabels: { app: `invalid-${RUN}` } }, containers: [] },
        },
      })
      .then(
        () => undefined,
        (e: unknown) => e as { code?: number; body?: unknown },
      );
    const body = JSON.parse(String(err?.body)) as { code: number; message: string };
    assert.deepStrictEqual(
      { code: body.code, message: body.message },
      {
        code: 500,
        message:
          'admission webhook "vsidecarset.kb.io" denied the request: spec: Required value: no initContainer or container defined for SidecarSet',
      },
    );
  });
});
