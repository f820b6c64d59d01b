import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node, Pod } from '../../../shared/api/core/core-v1.js';
import { parseFeatureGates } from '../../../shared/feature-gates.js';
import { nodes, pods } from '../../../shared/kube/core-resources.js';
import { reconcileKey } from '../../../shared/kube/reconcile-key.js';
import { createLogger } from '../../../shared/log/index.js';
import { captureLines } from '../../../shared/log/test-support.js';
import { mapContextOver, readOnlyClient } from '../read-only-client.js';
import { sidecarTerminatorController } from './controller.js';

const deps = (gates: string) => ({
  gates: parseFeatureGates(gates),
  kruiseNamespace: 'kruise-system',
  now: () => new Date('2025-04-10T06:22:26Z'),
});
const on = sidecarTerminatorController(deps('SidecarTerminator=true'));
if (on === undefined) throw new Error('the gate should turn the controller on');

const log = createLogger({
  destination: captureLines().destination,
  level: 0,
  format: 'json',
  env: {},
});

const jobPod = (
  name: string,
  o: { nodeName?: string; mainDone?: boolean; policy?: string } = {},
): Pod => ({
  metadata: { name, namespace: 'jobs', uid: `uid-${name}`, resourceVersion: '1' },
  spec: {
    restartPolicy: o.policy ?? 'Never',
    ...(o.nodeName !== '' && { nodeName: o.nodeName ?? 'node-1' }),
    containers: [
      { name: 'main', image: 'main:1' },
      {
        name: 'proxy',
        image: 'proxy:1',
        env: [{ name: 'KRUISE_TERMINATE_SIDECAR_WHEN_JOB_EXIT', value: 'true' }],
      },
    ],
  },
  status: {
    phase: 'Running',
    containerStatuses: [
      {
        name: 'main',
        image: 'main:1',
        imageID: '',
        ready: false,
        restartCount: 0,
        state: o.mainDone === false ? { running: {} } : { terminated: { exitCode: 0 } },
      },
      {
        name: 'proxy',
        image: 'proxy:1',
        imageID: '',
        ready: true,
        restartCount: 0,
        state: { running: {} },
      },
    ],
  },
});
const node = (name: string, labels: Record<string, string> = {}): Node => ({
  metadata: { name, labels },
});
const key = (name: string) => ({ name, namespace: 'jobs' });

describe('sidecarTerminatorController', () => {
  it('runs only with the SidecarTerminator gate, which needs KruiseDaemon', () => {
    assert.equal(sidecarTerminatorController(deps('')), undefined);
    assert.equal(
      sidecarTerminatorController(deps('SidecarTerminator=true,KruiseDaemon=false')),
      undefined,
    );
    assert.equal(on.name, 'sidecarterminator-controller');
    assert.equal(on.kind, 'Pod');
  });

  it('maps a pod event to the pod when isInterestingPod, and drops deletes', async () => {
    const [watch] = on.watches;
    assert.deepStrictEqual([watch?.group, watch?.resource], ['', 'pods']);
    const client = readOnlyClient([
      { resource: pods, object: jobPod('job-1') },
      { resource: pods, object: jobPod('job-2', { mainDone: false }) },
    ]);
    const ctx = mapContextOver(client);
    const ref = { group: '', resource: 'pods', namespace: 'jobs', name: 'job-1' };
    assert.deepStrictEqual(
      await watch?.keys({ ...ref, subresource: 'status', verb: 'update' }, ctx),
      [key('job-1')],
    );
    // Its main container still running: nothing for the terminator, no key.
    assert.deepStrictEqual(await watch?.keys({ ...ref, name: 'job-2', verb: 'update' }, ctx), []);
    assert.deepStrictEqual(await watch?.keys({ ...ref, name: 'gone', verb: 'update' }, ctx), []);
    assert.deepStrictEqual(await watch?.keys({ ...ref, verb: 'delete' }, ctx), []);
    // Each pod read once, however often it is named.
    await watch?.keys({ ...ref, verb: 'patch' }, ctx);
    assert.deepStrictEqual(client.reads, [
      'GET /api/v1/namespaces/jobs/pods/job-1',
      'GET /api/v1/namespaces/jobs/pods/job-2',
      'GET /api/v1/namespaces/jobs/pods/gone',
    ]);
  });

  it('reads only the pod when it leaves the pod alone', async () => {
    const client = readOnlyClient([
      { resource: pods, object: jobPod('job-1', { mainDone: false }) },
    ]);
    const result = await reconcileKey(key('job-1'), on, client, log);
    assert.deepStrictEqual([result.outcome, result.applied], ['done', []]);
    assert.deepStrictEqual(client.reads, ['GET /api/v1/namespaces/jobs/pods/job-1']);
  });

  it('retries, writing nothing, when the pod’s Node is missing (not "gone")', async () => {
    const client = readOnlyClient([{ resource: pods, object: jobPod('job-1') }]);
    const result = await reconcileKey(key('job-1'), on, client, log);
    assert.equal(result.outcome, 'failed');
    assert.equal(result.outcome === 'failed' && result.error.message, 'nodes "node-1" not found');
    assert.deepStrictEqual(result.applied, []);
    assert.equal(result.requeueAfterMs, 1000);
  });

  it('retries for a pod bound to no Node', async () => {
    const client = readOnlyClient([{ resource: pods, object: jobPod('job-1', { nodeName: '' }) }]);
    const result = await reconcileKey(key('job-1'), on, client, log);
    assert.equal(result.outcome === 'failed' && result.error.message, 'nodes "" not found');
    assert.deepStrictEqual(client.reads, ['GET /api/v1/namespaces/jobs/pods/job-1']);
  });

  it('reads the Node, and the CRR only off virtual-kubelet nodes', async () => {
    const onVk = readOnlyClient([
      { resource: pods, object: jobPod('job-1') },
      { resource: nodes, object: node('node-1', { type: 'virtual-kubelet' }) },
    ]);
    // A kill-only sidecar on a virtual-kubelet node: nothing to do, no CRR read.
    assert.deepStrictEqual((await reconcileKey(key('job-1'), on, onVk, log)).applied, []);
    assert.deepStrictEqual(onVk.reads, [
      'GET /api/v1/namespaces/jobs/pods/job-1',
      'GET /api/v1/nodes/node-1',
    ]);
  });

  it('resyncs the pods that can need it, listed with a field selector', async () => {
    const client = readOnlyClient([
      { resource: pods, object: jobPod('done') },
      { resource: pods, object: jobPod('running', { mainDone: false }) },
      { resource: pods, object: jobPod('service', { policy: 'Always' }) },
    ]);
    assert.deepStrictEqual(await on.resync(client), [key('done')]);
    assert.deepStrictEqual(client.reads, [
      'GET /api/v1/pods?fieldSelector=status.phase!=Pending,spec.restartPolicy!=Always',
    ]);
  });
});
