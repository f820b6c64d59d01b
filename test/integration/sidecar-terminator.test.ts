/**
 * The job sidecar terminator and the manager's side of CRRs (SPEC §4)
 * against the real kube-apiserver, with kruise-fn's admission webhook
 * registered, so the CRRs the terminator creates are defaulted by our CRR
 * webhook as in a cluster. No kubelet runs: pod status is written through
 * the status subresource as a kubelet would, and Node objects stand in for
 * nodes (one labelled `type=virtual-kubelet`). The controllers are driven
 * one key at a time with reconcileKey.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CoreV1Api } from '@kubernetes/client-node';
import type { ContainerRecreateRequest } from '../../shared/api/containerrecreaterequest.js';
import type { Container, ContainerStatus, Pod } from '../../shared/api/core/core-v1.js';
import { parseFeatureGates } from '../../shared/feature-gates.js';
import { kubeClient, type KubeClient } from '../../shared/kube/client.js';
import { nodes, pods } from '../../shared/kube/core-resources.js';
import { containerRecreateRequests } from '../../shared/kube/kruise-resources.js';
import { reconcileKey } from '../../shared/kube/reconcile-key.js';
import { createLogger } from '../../shared/log/index.js';
import { captureLines } from '../../shared/log/test-support.js';
import { containerRecreateRequestController } from '../../functions/reconcile/containerrecreaterequest/controller.js';
import type { ReconcileController } from '../../functions/reconcile/controller.js';
import { events } from '../../functions/reconcile/events.js';
import { sidecarTerminatorController } from '../../functions/reconcile/sidecar-terminator/controller.js';
import { sharedControlPlane, testNamespace, type ControlPlane } from '../support/control-plane.js';
import { startAdmission, type RunningAdmission } from '../support/webhook-harness.js';

const SUFFIX = randomBytes(3).toString('hex');
const NODE = `st-node-${SUFFIX}`;
const VK_NODE = `st-vk-${SUFFIX}`;
const KILL = { name: 'KRUISE_TERMINATE_SIDECAR_WHEN_JOB_EXIT', value: 'true' };
const IGNORE = { name: 'KRUISE_TERMINATE_SIDECAR_IGNORE_EXIT_CODE', value: 'true' };
const WITH_IMAGE = {
  name: 'KRUISE_TERMINATE_SIDECAR_WHEN_JOB_EXIT_WITH_IMAGE',
  value: 'example/exit:0',
};

const controllerDeps = (gates: string, now: () => Date = () => new Date()) => ({
  gates: parseFeatureGates(gates),
  kruiseNamespace: 'kruise-system',
  now,
});

function required<T>(c: T | undefined): T {
  if (c === undefined) throw new Error('the controller should be on');
  return c;
}

const terminator = required(sidecarTerminatorController(controllerDeps('SidecarTerminator=true')));
const crrManager = required(containerRecreateRequestController(controllerDeps('')));

/** A container status as a kubelet writes it: running, or terminated with `exitCode`. */
const containerStatus = (name: string, image: string, exitCode?: number): ContainerStatus => ({
  name,
  image,
  imageID: `${image}@sha256:0000`,
  containerID: `containerd://${name}-${SUFFIX}`,
  ready: exitCode === undefined,
  restartCount: 0,
  started: exitCode === undefined,
  state:
    exitCode === undefined
      ? { running: { startedAt: '2025-04-10T06:00:00Z' } }
      : {
          terminated: {
            exitCode,
            reason: exitCode === 0 ? 'Completed' : 'Error',
            startedAt: '2025-04-10T06:00:00Z',
            finishedAt: '2025-04-10T06:10:00Z',
            containerID: `containerd://${name}-${SUFFIX}`,
          },
        },
});

describe('job sidecar terminator through the kube-apiserver', () => {
  let cp: ControlPlane;
  let admission: RunningAdmission;
  let client: KubeClient;
  let namespace: string;
  const { lines, destination } = captureLines();
  const log = createLogger({ destination, level: 3, format: 'text', env: {} });

  before(async () => {
    cp = await sharedControlPlane();
    admission = await startAdmission(cp);
    client = kubeClient(cp.kubeConfig);
    namespace = await testNamespace(cp.kubeConfig, 'sidecar-terminator');
    await client.create(nodes, { metadata: { name: NODE } });
    await client.create(nodes, {
      metadata: { name: VK_NODE, labels: { type: 'virtual-kubelet' } },
    });
  });
  after(async () => {
    await admission.stop();
    for (const name of [NODE, VK_NODE]) await client.delete(nodes, { name });
    await cp.kubeConfig.makeApiClient(CoreV1Api).deleteNamespace({ name: namespace });
  });

  const reconcile = <O, A>(c: ReconcileController<O, A>, name: string) =>
    reconcileKey({ name, namespace }, c, client, log);
  const getPod = (name: string) => client.get(pods, { name, namespace });
  const eventsOf = async (pod: string) =>
    (await client.list(events, { namespace, fieldSelector: `involvedObject.name=${pod}` })).items
      .map((e) => `${e.type} ${e.reason} ${e.message} (${e.source?.component})`)
      .sort();

  /** Creates a job pod bound to `node` and writes its status: main exited with `mainExit`. */
  async function jobPod(
    name: string,
    node: string,
    sidecar: Container,
    mainExit: number,
  ): Promise<Pod> {
    const pod = await client.create(pods, {
      metadata: { name, namespace },
      spec: {
        nodeName: node,
        restartPolicy: 'Never',
        terminationGracePeriodSeconds: 20,
        containers: [{ name: 'main', image: 'example/job:1' }, sidecar],
      },
    });
    return client.updateStatus(pods, {
      ...pod,
      status: {
        phase: 'Running',
        containerStatuses: [
          containerStatus('main', 'example/job:1', mainExit),
          containerStatus(sidecar.name, sidecar.image ?? ''),
        ],
      },
    });
  }

  it('kills a normal sidecar with OpenKruise’s CRR, which our webhook defaults', async () => {
    const pod = await jobPod(
      'job-kill',
      NODE,
      { name: 'proxy', image: 'example/proxy:1', env: [KILL] },
      0,
    );
    const uid = pod.metadata?.uid ?? '';

    assert.deepStrictEqual(
      await terminator.resync(client).then((keys) => keys.filter((k) => k.namespace === namespace)),
      [{ name: 'job-kill', namespace }],
    );
    const result = await reconcile(terminator, 'job-kill');
    assert.equal(result.outcome, 'done');
    assert.deepStrictEqual(
      result.applied.map((a) => ('verb' in a ? a.verb : a.type)),
      ['create', 'event'],
    );

    const crr = await client.get(containerRecreateRequests, {
      name: `sidecar-termination-${uid}`,
      namespace,
    });
    assert.deepStrictEqual(crr.metadata?.ownerReferences, [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        name: 'job-kill',
        uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    assert.deepStrictEqual(crr.metadata?.labels, {
      'crr.apps.kruise.io/active': 'true',
      'crr.apps.kruise.io/node-name': NODE,
      'crr.apps.kruise.io/pod-uid': uid,
    });
    assert.deepStrictEqual(crr.spec, {
      podName: 'job-kill',
      containers: [
        {
          name: 'proxy',
          statusContext: { containerID: `containerd://proxy-${SUFFIX}`, restartCount: 0 },
        },
      ],
      strategy: { failurePolicy: 'Ignore', forceRecreate: true, terminationGracePeriodSeconds: 20 },
    });
    assert.deepStrictEqual(await eventsOf('job-kill'), [
      'Normal SidecarTerminator Kruise SidecarTerminator is trying to terminate sidecar [proxy] using crr (sidecarterminator-controller)',
    ]);
    // The pod is left to the kubelet: no status write.
    assert.equal((await getPod('job-kill')).status?.phase, 'Running');

    // The CRR exists: nothing more until it is done.
    assert.deepStrictEqual((await reconcile(terminator, 'job-kill')).applied, []);
  });

  it('swaps the sidecar’s image in place on a virtual-kubelet node', async () => {
    await jobPod(
      'job-vk',
      VK_NODE,
      { name: 'agent', image: 'example/agent:1', env: [WITH_IMAGE] },
      1,
    );
    const result = await reconcile(terminator, 'job-vk');
    assert.deepStrictEqual(
      result.applied.map((a) => ('verb' in a ? a.verb : a.type)),
      ['update', 'event'],
    );
    const pod = await getPod('job-vk');
    assert.deepStrictEqual(
      pod.spec?.containers.map((c) => `${c.name}=${c.image}`),
      ['main=example/job:1', 'agent=example/exit:0'],
    );
    assert.deepStrictEqual(await eventsOf('job-vk'), [
      'Normal SidecarTerminator Kruise SidecarTerminator is trying to terminate sidecar [agent] using in-place update (sidecarterminator-controller)',
    ]);
    const crrs = await client.list(containerRecreateRequests, {
      namespace,
      labelSelector: `crr.apps.kruise.io/pod-uid=${pod.metadata?.uid}`,
    });
    assert.deepStrictEqual(crrs.items, []);
  });

  it('marks the pod terminal, then kills an ignore-exit-code sidecar of the terminal pod', async () => {
    const pod = await jobPod(
      'job-ignore',
      NODE,
      { name: 'log', image: 'example/log:1', env: [KILL, IGNORE] },
      0,
    );
    const result = await reconcile(terminator, 'job-ignore');
    assert.equal(result.outcome, 'done');
    assert.deepStrictEqual(
      result.applied.map((a) => ('verb' in a ? a.verb : a.type)),
      ['patch', 'create', 'event'],
    );
    const marked = await getPod('job-ignore');
    assert.equal(marked.status?.phase, 'Succeeded');
    const condition = marked.status?.conditions?.find((c) => c.type === 'SidecarTerminated');
    assert.deepStrictEqual(
      { ...condition, lastTransitionTime: typeof condition?.lastTransitionTime },
      {
        type: 'SidecarTerminated',
        status: 'True',
        // A zero metav1.Time, as every condition without a probe reads back.
        lastProbeTime: null,
        lastTransitionTime: 'string',
        message: 'Terminated by Sidecar Terminator',
      },
    );
    // The webhook admits a CRR for this terminal pod because of the condition.
    const crr = await client.get(containerRecreateRequests, {
      name: `sidecar-termination-${pod.metadata?.uid}`,
      namespace,
    });
    assert.deepStrictEqual(
      crr.spec.containers.map((c) => c.name),
      ['log'],
    );
    assert.deepStrictEqual((await reconcile(terminator, 'job-ignore')).applied, []);
  });

  it('completes a CRR the daemon never answered, after a minute', async () => {
    const pod = await getPod('job-kill');
    const name = `sidecar-termination-${pod.metadata?.uid}`;
    const fresh = await reconcile(crrManager, name);
    assert.deepStrictEqual(fresh.applied, []);
    assert.ok(
      fresh.requeueAfterMs !== undefined &&
        fresh.requeueAfterMs > 0 &&
        fresh.requeueAfterMs <= 60_000,
    );

    const later = required(
      containerRecreateRequestController(controllerDeps('', () => new Date(Date.now() + 61_000))),
    );
    const result = await reconcileKey({ name, namespace }, later, client, log);
    assert.deepStrictEqual(
      result.applied.map((a) => a.verb),
      ['updateStatus'],
    );
    const crr = await client.get(containerRecreateRequests, { name, namespace });
    assert.deepStrictEqual(
      { phase: crr.status?.phase, message: crr.status?.message },
      { phase: 'Completed', message: 'daemon has not responded for a long time' },
    );
  });

  it('holds a gated pod not ready while its CRR recreates, and lets go once it completes', async () => {
    const created = await client.create(pods, {
      metadata: { name: 'web-gated', namespace },
      spec: {
        nodeName: NODE,
        readinessGates: [{ conditionType: 'KruisePodReady' }],
        containers: [{ name: 'app', image: 'example/app:1' }],
      },
    });
    await client.updateStatus(pods, {
      ...created,
      status: {
        phase: 'Running',
        conditions: [
          { type: 'ContainersReady', status: 'True' },
          { type: 'Ready', status: 'True' },
        ],
        containerStatuses: [containerStatus('app', 'example/app:1')],
      },
    });
    const crr = await client.create(containerRecreateRequests, {
      apiVersion: 'apps.kruise.io/v1alpha1',
      kind: 'ContainerRecreateRequest',
      metadata: { name: 'recreate-gated', namespace },
      spec: {
        podName: 'web-gated',
        containers: [{ name: 'app' }],
        strategy: { unreadyGracePeriodSeconds: 10 },
      },
    });
    // The daemon takes the CRR up.
    await client.updateStatus(containerRecreateRequests, {
      ...crr,
      status: { phase: 'Recreating' },
    });

    const acquired = await reconcile(crrManager, 'recreate-gated');
    assert.deepStrictEqual(
      acquired.applied.map((a) => `${a.verb} ${a.resource.kind}`),
      [
        'update ContainerRecreateRequest',
        'patch ContainerRecreateRequest',
        'updateStatus Pod',
        'patch ContainerRecreateRequest',
      ],
    );
    const held = `[{"userAgent":"ContainerRecreateRequest","key":"${namespace}/recreate-gated"}]`;
    const conditions = async () =>
      (await getPod('web-gated')).status?.conditions?.map((c) => [
        c.type,
        c.status,
        c.reason ?? '',
        c.message ?? '',
      ]);
    assert.deepStrictEqual(await conditions(), [
      ['ContainersReady', 'True', '', ''],
      [
        'Ready',
        'False',
        'ReadinessGatesNotReady',
        'the status of pod readiness gate "KruisePodReady" is not "True", but ',
      ],
      ['KruisePodReady', '', '', held],
    ]);
    const holding = await client.get(containerRecreateRequests, {
      name: 'recreate-gated',
      namespace,
    });
    assert.deepStrictEqual(holding.metadata?.finalizers, ['crr.apps.kruise.io/unready-acquired']);
    assert.equal(
      holding.metadata?.annotations?.['crr.apps.kruise.io/sync-container-statuses'],
      '[]',
    );
    assert.match(
      holding.metadata?.annotations?.['crr.apps.kruise.io/unready-acquired'] ?? '',
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
    assert.deepStrictEqual((await reconcile(crrManager, 'recreate-gated')).applied, []);

    // The daemon is done.
    const completionTime = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    await client.updateStatus(containerRecreateRequests, {
      ...holding,
      status: { phase: 'Completed', completionTime },
    });
    const released = await reconcile(crrManager, 'recreate-gated');
    assert.deepStrictEqual(
      released.applied.map((a) => `${a.verb} ${a.resource.kind}`),
      ['updateStatus Pod', 'update ContainerRecreateRequest', 'patch ContainerRecreateRequest'],
    );
    assert.deepStrictEqual((await conditions())?.at(-1), ['KruisePodReady', 'True', '', '[]']);
    const done = await client.get(containerRecreateRequests, { name: 'recreate-gated', namespace });
    assert.deepStrictEqual(
      [done.metadata?.finalizers, done.metadata?.labels?.['crr.apps.kruise.io/active']],
      [undefined, undefined],
    );
  });

  it('completes a CRR whose pod is gone, drops its active label, deletes it after its TTL', async () => {
    await jobPod('job-gone', NODE, { name: 'proxy', image: 'example/proxy:1', env: [KILL] }, 0);
    const created: ContainerRecreateRequest = await client.create(containerRecreateRequests, {
      apiVersion: 'apps.kruise.io/v1alpha1',
      kind: 'ContainerRecreateRequest',
      metadata: { name: 'recreate-gone', namespace },
      spec: { podName: 'job-gone', containers: [{ name: 'proxy' }], ttlSecondsAfterFinished: 0 },
    });
    assert.equal(created.metadata?.labels?.['crr.apps.kruise.io/active'], 'true');

    const [, podWatch] = crrManager.watches;
    const ctx = { client, sidecarSets: async () => [], namespaceLabels: async () => undefined };
    const ref = {
      group: '',
      resource: 'pods',
      namespace,
      name: 'job-gone',
      verb: 'delete' as const,
    };
    assert.deepStrictEqual(await podWatch?.keys(ref, ctx), [{ name: 'recreate-gone', namespace }]);

    await cp.kubeConfig
      .makeApiClient(CoreV1Api)
      .deleteNamespacedPod({ name: 'job-gone', namespace, gracePeriodSeconds: 0 });

    const steps: string[][] = [];
    for (let i = 0; i < 4; i++) {
      const r = await reconcile(crrManager, 'recreate-gone');
      steps.push([r.outcome, ...r.applied.map((a) => a.verb)]);
      if (i === 0) {
        const crr = await client.get(containerRecreateRequests, {
          name: 'recreate-gone',
          namespace,
        });
        assert.deepStrictEqual(
          {
            phase: crr.status?.phase,
            message: crr.status?.message,
            completed: crr.status?.completionTime !== undefined,
          },
          { phase: 'Completed', message: 'pod has gone', completed: true },
        );
        assert.deepStrictEqual(await podWatch?.keys(ref, ctx), []);
      }
    }
    assert.deepStrictEqual(steps, [
      ['done', 'updateStatus'],
      ['done', 'patch'],
      ['done', 'delete'],
      ['gone'],
    ]);
    assert.ok(
      lines.some((l) => l.includes('Completed CRR as failure for Pod has gone')),
      lines.join(''),
    );
  });
});
