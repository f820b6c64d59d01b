/**
 * Container launch priority end to end (SPEC §3): the real admission webhook
 * writes the barrier env into a pod, the kube-apiserver's audit events reach
 * the reconcile function, and its controller creates the barrier ConfigMap
 * and releases `p_1` then `p_0` as the kubelet (this test, through the status
 * subresource) reports the containers Ready, then marks the pod completed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConfigMap, Pod } from '../../shared/api/core/core-v1.js';
import { configMaps, pods } from '../../shared/kube/core-resources.js';
import { sharedControlPlane, testNamespace } from '../support/control-plane.js';
import { startReconcile, type RunningReconcile } from '../support/reconcile-harness.js';
import { startAdmission, type RunningAdmission } from '../support/webhook-harness.js';

let admission: RunningAdmission;
let reconcile: RunningReconcile;
let namespace: string;

before(async () => {
  const cp = await sharedControlPlane();
  admission = await startAdmission(cp);
  reconcile = await startReconcile(cp);
  namespace = await testNamespace(cp.kubeConfig, 'launch');
});
after(async () => {
  await reconcile.stop();
  await admission.stop();
});

const status = (name: string, ready: boolean) => ({
  name,
  ready,
  restartCount: 0,
  image: `example/${name}:1`,
  imageID: '',
  ...(ready ? { started: true, state: { running: { startedAt: '2026-12-01T00:00:00Z' } } } : {}),
});

describe('container launch priority through audit events', () => {
  it('creates the barrier, releases p_1, then p_0 once the sidecar is Ready, and completes', async () => {
    const { client } = reconcile;
    const key = { namespace, name: 'web-0' };
    await client.create(pods, {
      metadata: { name: 'web-0', namespace },
      spec: {
        containers: [
          { name: 'main', image: 'example/main:1' },
          {
            name: 'sidecar',
            image: 'example/sidecar:1',
            env: [{ name: 'KRUISE_CONTAINER_PRIORITY', value: '1' }],
          },
        ],
      },
    });
    const barrier = { namespace, name: 'web-0-barrier' };
    const released = (keys: string[]) => async (): Promise<ConfigMap | undefined> => {
      const cm = await client.find(configMaps, barrier);
      return cm !== undefined && keys.every((k) => Object.hasOwn(cm.data ?? {}, k))
        ? cm
        : undefined;
    };

    const first = await reconcile.until('p_1 released', released(['p_1']));
    assert.deepStrictEqual(first.data, { p_1: 'true' });
    const pod = await client.get(pods, key);
    assert.deepStrictEqual(first.metadata?.ownerReferences, [
      { apiVersion: 'v1', kind: 'Pod', name: 'web-0', uid: pod.metadata?.uid },
    ]);

    // The kubelet starts the sidecar (its key is there) and reports it Ready.
    await client.updateStatus(pods, {
      ...pod,
      status: {
        phase: 'Pending',
        containerStatuses: [status('main', false), status('sidecar', true)],
      },
    });
    const done = await reconcile.until(
      'p_0 released and completed',
      async (): Promise<Pod | undefined> => {
        const cm = await released(['p_1', 'p_0'])();
        const now = await client.get(pods, key);
        const completed =
          now.metadata?.annotations?.['apps.kruise.io/container-launch-priority-completed'];
        return cm !== undefined && completed === 'true' ? now : undefined;
      },
    );
    assert.equal(
      done.metadata?.annotations?.['apps.kruise.io/container-launch-priority-completed'],
      'true',
    );
    assert.deepStrictEqual((await client.get(configMaps, barrier)).data, {
      p_0: 'true',
      p_1: 'true',
    });
  });
});
