/**
 * The job sidecar terminator and the manager's side of CRRs (SPEC §4) as a
 * cluster runs them: the real kube-apiserver with kruise-fn's admission
 * webhook (so the CRRs are defaulted by our CRR webhook), its audit events
 * (infra/audit/policy.yaml) relayed to the reconcile function, and this test
 * making only the writes a kubelet, the daemon or a user would: Nodes (one
 * labelled `type=virtual-kubelet`), pods, pod and CRR status through the
 * status subresource. Each scenario waits for the state OpenKruise's
 * behaviour leads to, then checks what the function wrote, from the
 * requests the harness saw it send.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CoreV1Api, Watch } from '@kubernetes/client-node';
import type { ContainerRecreateRequest } from '../../shared/api/containerrecreaterequest.js';
import type { Container, ContainerStatus, Pod, PodStatus } from '../../shared/api/core/core-v1.js';
import { parseFeatureGates } from '../../shared/feature-gates.js';
import { isConflict } from '../../shared/kube/api-error.js';
import { kubeClient, type KubeClient } from '../../shared/kube/client.js';
import { nodes, pods } from '../../shared/kube/core-resources.js';
import { containerRecreateRequests } from '../../shared/kube/kruise-resources.js';
import type { KubeObject, ObjectKey, Resource } from '../../shared/kube/resource.js';
import {
  CRR_CONTROLLER,
  containerRecreateRequestController,
} from '../../functions/reconcile/containerrecreaterequest/controller.js';
import type { ControllerDeps } from '../../functions/reconcile/controller.js';
import { events } from '../../shared/kube/events.js';
import { sidecarTerminatorController } from '../../functions/reconcile/sidecar-terminator/controller.js';
import { sharedControlPlane, testNamespace, type ControlPlane } from '../support/control-plane.js';
import { answered, writesIn, writesOf } from '../support/handled-batches.js';
import { startReconcile, type RunningReconcile } from '../support/reconcile-harness.js';
import { startAdmission, type RunningAdmission } from '../support/webhook-harness.js';

/** The KruiseDaemon gate (on by default) keeps SidecarTerminator on and the CRR manager with it. */
const GATES = 'SidecarTerminator=true';
const SUFFIX = randomBytes(3).toString('hex');
const NODE = `st-node-${SUFFIX}`;
const VK_NODE = `st-vk-${SUFFIX}`;
const KILL = { name: 'KRUISE_TERMINATE_SIDECAR_WHEN_JOB_EXIT', value: 'true' };
const IGNORE = { name: 'KRUISE_TERMINATE_SIDECAR_IGNORE_EXIT_CODE', value: 'true' };
const WITH_IMAGE = {
  name: 'KRUISE_TERMINATE_SIDECAR_WHEN_JOB_EXIT_WITH_IMAGE',
  value: 'example/exit:0',
};

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

/**
 * Writes `status` through the status subresource over a fresh read, as the
 * kubelet and the daemon do, again on a conflict (client-go's
 * RetryOnConflict): the function may be writing the same object.
 */
async function writeStatus<T extends KubeObject & { status?: unknown }>(
  client: KubeClient,
  r: Resource<T>,
  key: ObjectKey,
  status: T['status'],
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const current = await client.get(r, key);
    try {
      return await client.updateStatus(r, { ...current, status });
    } catch (err) {
      if (!isConflict(err) || attempt === 5) throw err;
    }
  }
}

/** The pod's Events as `type reason message (source)`, and ` ×count` when above 1. */
async function eventsOf(client: KubeClient, namespace: string, pod: string): Promise<string[]> {
  const list = await client.list(events, {
    namespace,
    fieldSelector: `involvedObject.name=${pod}`,
  });
  return list.items
    .map(
      (e) =>
        `${e.type} ${e.reason} ${e.message} (${e.source?.component})` +
        ((e.count ?? 1) > 1 ? ` ×${e.count}` : ''),
    )
    .sort();
}

/**
 * Every change to one CRR after `resourceVersion`, as a user watching it
 * sees them: `<type> <phase> <message> active=<label>`.
 */
async function watchCrr(cp: ControlPlane, crr: ContainerRecreateRequest) {
  const seen: string[] = [];
  const { name = '', namespace = '', resourceVersion = '' } = crr.metadata ?? {};
  const request = await new Watch(cp.kubeConfig).watch(
    `/apis/apps.kruise.io/v1alpha1/namespaces/${namespace}/containerrecreaterequests`,
    { fieldSelector: `metadata.name=${name}`, resourceVersion },
    (type: string, o: ContainerRecreateRequest) =>
      seen.push(
        `${type} ${o.status?.phase} ${JSON.stringify(o.status?.message)} ` +
          `active=${o.metadata?.labels?.['crr.apps.kruise.io/active'] ?? ''}`,
      ),
    () => undefined,
  );
  return { seen, stop: () => request.abort() };
}

let cp: ControlPlane;
let admission: RunningAdmission;
let client: KubeClient;

before(async () => {
  cp = await sharedControlPlane();
  admission = await startAdmission(cp, { featureGates: GATES });
  client = kubeClient(cp.kubeConfig);
  await client.create(nodes, { metadata: { name: NODE } });
  await client.create(nodes, { metadata: { name: VK_NODE, labels: { type: 'virtual-kubelet' } } });
});
after(async () => {
  await admission.stop();
  for (const name of [NODE, VK_NODE]) await client.delete(nodes, { name });
});

/**
 * A job pod bound to `node` as the kubelet runs it: created, and once the
 * function has answered its create (the kubelet starts containers well
 * after), its status written: main exited with `mainExit`, the sidecar
 * running. Returns the pod as written.
 */
async function jobPod(
  fn: RunningReconcile,
  namespace: string,
  name: string,
  node: string,
  sidecar: Container,
  mainExit: number,
): Promise<Pod> {
  await client.create(pods, {
    metadata: { name, namespace },
    spec: {
      nodeName: node,
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 20,
      containers: [{ name: 'main', image: 'example/job:1' }, sidecar],
    },
  });
  await answered(fn, { resource: 'pods', namespace, name, verb: 'create' });
  return writeStatus(
    client,
    pods,
    { name, namespace },
    {
      phase: 'Running',
      containerStatuses: [
        containerStatus('main', 'example/job:1', mainExit),
        containerStatus(sidecar.name, sidecar.image ?? ''),
      ],
    },
  );
}

/** A long-running pod on NODE whose one container `app` runs. */
async function runningPod(namespace: string, name: string, status: PodStatus = {}): Promise<Pod> {
  await client.create(pods, {
    metadata: { name, namespace },
    spec: {
      nodeName: NODE,
      ...(status.conditions !== undefined && {
        readinessGates: [{ conditionType: 'KruisePodReady' }],
      }),
      containers: [{ name: 'app', image: 'example/app:1' }],
    },
  });
  return writeStatus(
    client,
    pods,
    { name, namespace },
    {
      phase: 'Running',
      containerStatuses: [containerStatus('app', 'example/app:1')],
      ...status,
    },
  );
}

const recreate = (namespace: string, name: string, spec: ContainerRecreateRequest['spec']) =>
  client.create(containerRecreateRequests, {
    apiVersion: 'apps.kruise.io/v1alpha1',
    kind: 'ContainerRecreateRequest',
    metadata: { name, namespace },
    spec,
  });

const crrState = (crr: ContainerRecreateRequest | undefined) => ({
  phase: crr?.status?.phase,
  message: crr?.status?.message,
  active: crr?.metadata?.labels?.['crr.apps.kruise.io/active'],
});

describe('the sidecar terminator and the CRR manager, fed by audit events', () => {
  let fn: RunningReconcile;
  before(async () => {
    fn = await startReconcile(cp, { featureGates: GATES });
  });
  after(async () => fn.stop());

  it('kills a normal sidecar with OpenKruise’s CRR, which our webhook defaults', async () => {
    const namespace = await testNamespace(cp.kubeConfig, 'st-kill');
    const pod = await jobPod(
      fn,
      namespace,
      'job-kill',
      NODE,
      { name: 'proxy', image: 'example/proxy:1', env: [KILL] },
      0,
    );
    const uid = pod.metadata?.uid ?? '';
    const name = `sidecar-termination-${uid}`;

    const crr = await fn.until('the termination CRR', () =>
      client.find(containerRecreateRequests, { name, namespace }),
    );
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

    await answered(fn, {
      resource: 'pods',
      namespace,
      name: 'job-kill',
      verb: 'update',
      subresource: 'status',
    });
    const created = await answered(fn, {
      resource: 'containerrecreaterequests',
      namespace,
      name,
      verb: 'create',
    });
    // The daemon has a minute to answer (the manager's requeue): more than an
    // invocation waits, so it is left to the resync.
    assert.deepStrictEqual(
      created.summary?.leftToResync
        .filter((o) => o.key.namespace === namespace)
        .map((o) => ({ ...o, requeueAfterMs: (o.requeueAfterMs ?? 0) > 10_000 })),
      [
        {
          controller: CRR_CONTROLLER,
          key: { name, namespace },
          outcome: 'done',
          requeueAfterMs: true,
        },
      ],
    );
    assert.deepStrictEqual(await eventsOf(client, namespace, 'job-kill'), [
      'Normal SidecarTerminator Kruise SidecarTerminator is trying to terminate sidecar [proxy] using crr (sidecarterminator-controller)',
    ]);
    // One CRR and its Event; the pod is left to the kubelet (no status write).
    assert.deepStrictEqual(writesIn(fn, namespace), [
      'POST containerrecreaterequests',
      'POST events',
    ]);
    assert.equal(
      (await client.get(pods, { name: 'job-kill', namespace })).status?.phase,
      'Running',
    );
  });

  it('swaps the sidecar’s image in place on a virtual-kubelet node', async () => {
    const namespace = await testNamespace(cp.kubeConfig, 'st-vk');
    const key = { name: 'job-vk', namespace };
    await jobPod(
      fn,
      namespace,
      'job-vk',
      VK_NODE,
      { name: 'agent', image: 'example/agent:1', env: [WITH_IMAGE] },
      1,
    );
    const swapped = await fn.until('the sidecar’s image swapped', async () => {
      const pod = await client.get(pods, key);
      return pod.spec?.containers[1]?.image === 'example/exit:0' ? pod : undefined;
    });
    assert.deepStrictEqual(
      swapped.spec?.containers.map((c) => `${c.name}=${c.image}`),
      ['main=example/job:1', 'agent=example/exit:0'],
    );
    // The swap's own event brings the pod back while the kubelet has not yet
    // restarted the sidecar: OpenKruise records its Event again, writing
    // nothing else; as client-go does, the one Event counts 2 (events.ts: the
    // second create finds the name taken and raises the count).
    await answered(fn, { resource: 'pods', ...key, verb: 'update' });
    const line =
      'Normal SidecarTerminator Kruise SidecarTerminator is trying to terminate sidecar [agent] using in-place update (sidecarterminator-controller)';
    assert.deepStrictEqual(await eventsOf(client, namespace, 'job-vk'), [`${line} ×2`]);
    assert.deepStrictEqual(
      writesIn(fn, namespace).map((w) =>
        w.replace(/^PATCH events\/job-vk\.[0-9a-f]{16}$/, 'PATCH events/job-vk.<key>'),
      ),
      ['PUT pods/job-vk', 'POST events', 'POST events', 'PATCH events/job-vk.<key>'],
    );
    const crrs = await client.list(containerRecreateRequests, { namespace });
    assert.deepStrictEqual(crrs.items, []);
  });

  it('marks the pod terminal, then kills an ignore-exit-code sidecar of the terminal pod', async () => {
    const namespace = await testNamespace(cp.kubeConfig, 'st-ignore');
    const key = { name: 'job-ignore', namespace };
    const pod = await jobPod(
      fn,
      namespace,
      'job-ignore',
      NODE,
      { name: 'log', image: 'example/log:1', env: [KILL, IGNORE] },
      0,
    );
    const name = `sidecar-termination-${pod.metadata?.uid}`;
    const crr = await fn.until('the termination CRR', () =>
      client.find(containerRecreateRequests, { name, namespace }),
    );
    const marked = await client.get(pods, key);
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
    assert.deepStrictEqual(
      crr.spec.containers.map((c) => c.name),
      ['log'],
    );
    // The terminal mark's own event finds the CRR there: nothing more.
    await answered(fn, { resource: 'pods', ...key, verb: 'patch', subresource: 'status' });
    await answered(fn, { resource: 'containerrecreaterequests', namespace, name, verb: 'create' });
    assert.deepStrictEqual(writesIn(fn, namespace), [
      'PATCH pods/job-ignore/status',
      'POST containerrecreaterequests',
      'POST events',
    ]);
  });

  it('holds a gated pod not ready while its CRR recreates, and lets go once it completes', async () => {
    const namespace = await testNamespace(cp.kubeConfig, 'st-gated');
    const key = { name: 'recreate-gated', namespace };
    // As the pod-readiness controller leaves a gated pod: KruisePodReady True.
    await runningPod(namespace, 'web-gated', {
      conditions: [
        { type: 'ContainersReady', status: 'True' },
        { type: 'Ready', status: 'True' },
        { type: 'KruisePodReady', status: 'True' },
      ],
    });
    await recreate(namespace, 'recreate-gated', {
      podName: 'web-gated',
      containers: [{ name: 'app' }],
      strategy: { unreadyGracePeriodSeconds: 10 },
    });
    // The daemon takes the CRR up.
    await writeStatus(client, containerRecreateRequests, key, { phase: 'Recreating' });

    const held = `[{"userAgent":"ContainerRecreateRequest","key":"${namespace}/recreate-gated"}]`;
    const conditions = async () =>
      (await client.get(pods, { name: 'web-gated', namespace })).status?.conditions?.map((c) => [
        c.type,
        c.status,
        c.reason ?? '',
        c.message ?? '',
      ]);
    const holding = await fn.until('the pod held not ready', async () => {
      const crr = await client.get(containerRecreateRequests, key);
      const acquired = crr.metadata?.annotations?.['crr.apps.kruise.io/unready-acquired'];
      return acquired !== undefined ? crr : undefined;
    });
    assert.deepStrictEqual(await conditions(), [
      ['ContainersReady', 'True', '', ''],
      [
        'Ready',
        'False',
        'ReadinessGatesNotReady',
        'the status of pod readiness gate "KruisePodReady" is not "True", but False',
      ],
      ['KruisePodReady', 'False', '', held],
    ]);
    assert.deepStrictEqual(holding.metadata?.finalizers, ['crr.apps.kruise.io/unready-acquired']);
    assert.equal(
      holding.metadata?.annotations?.['crr.apps.kruise.io/sync-container-statuses'],
      '[]',
    );
    assert.match(
      holding.metadata?.annotations?.['crr.apps.kruise.io/unready-acquired'] ?? '',
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );

    // The daemon is done.
    const completionTime = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    await writeStatus(client, containerRecreateRequests, key, {
      phase: 'Completed',
      completionTime,
    });
    const done = await fn.until('the pod let go', async () => {
      const crr = await client.get(containerRecreateRequests, key);
      return crr.metadata?.finalizers === undefined && crrState(crr).active === undefined
        ? crr
        : undefined;
    });
    assert.deepStrictEqual(crrState(done), {
      phase: 'Completed',
      message: undefined,
      active: undefined,
    });
    assert.deepStrictEqual((await conditions())?.at(-1), ['KruisePodReady', 'True', '', '[]']);
    assert.deepStrictEqual(writesIn(fn, namespace), [
      // Recreating: finalizer, sync annotation, the pod's condition, then the acquired annotation.
      'PUT containerrecreaterequests/recreate-gated',
      'PATCH containerrecreaterequests/recreate-gated',
      'PUT pods/web-gated/status',
      'PATCH containerrecreaterequests/recreate-gated',
      // Completed: the condition, the finalizer, then the active label.
      'PUT pods/web-gated/status',
      'PUT containerrecreaterequests/recreate-gated',
      'PATCH containerrecreaterequests/recreate-gated',
    ]);
  });

  it('completes a CRR whose pod is gone, drops its active label, deletes it after its TTL', async (t) => {
    const namespace = await testNamespace(cp.kubeConfig, 'st-gone');
    await runningPod(namespace, 'web-gone');
    const created = await recreate(namespace, 'recreate-gone', {
      podName: 'web-gone',
      containers: [{ name: 'app' }],
      ttlSecondsAfterFinished: 0,
    });
    const watch = await watchCrr(cp, created);
    t.after(watch.stop);
    await answered(fn, {
      resource: 'containerrecreaterequests',
      namespace,
      name: 'recreate-gone',
      verb: 'create',
    });

    await cp.kubeConfig
      .makeApiClient(CoreV1Api)
      .deleteNamespacedPod({ name: 'web-gone', namespace, gracePeriodSeconds: 0 });
    await fn.until('the CRR deleted', async () =>
      watch.seen.at(-1)?.startsWith('DELETED') === true ? true : undefined,
    );
    assert.deepStrictEqual(watch.seen, [
      'MODIFIED Completed "pod has gone" active=true',
      'MODIFIED Completed "pod has gone" active=',
      'DELETED Completed "pod has gone" active=',
    ]);
    assert.deepStrictEqual(writesIn(fn, namespace), [
      'PUT containerrecreaterequests/recreate-gone/status',
      'PATCH containerrecreaterequests/recreate-gone',
      'DELETE containerrecreaterequests/recreate-gone',
    ]);
    const logged = (message: string) =>
      fn.logs.filter((l) => l.includes(message) && l.includes(`${namespace}/recreate-gone`)).length;
    assert.deepStrictEqual(
      [
        logged('"Completed CRR as failure for Pod has gone"'),
        logged('"Deleting CRR for ttlSecondsAfterFinished"'),
      ],
      [1, 1],
    );
  });

  it('completes a CRR whose pod is being evicted', async (t) => {
    const namespace = await testNamespace(cp.kubeConfig, 'st-evict');
    await runningPod(namespace, 'web-evicted');
    const created = await recreate(namespace, 'recreate-evicted', {
      podName: 'web-evicted',
      containers: [{ name: 'app' }],
    });
    const watch = await watchCrr(cp, created);
    t.after(watch.stop);
    await answered(fn, {
      resource: 'containerrecreaterequests',
      namespace,
      name: 'recreate-evicted',
      verb: 'create',
    });

    // A drain's eviction: the apiserver deletes the pod itself (no pod
    // delete request, so the eviction is its only event), gracefully, and
    // with no kubelet to finish, the pod stays there with its deletionTimestamp.
    await cp.kubeConfig.makeApiClient(CoreV1Api).createNamespacedPodEviction({
      name: 'web-evicted',
      namespace,
      body: {
        apiVersion: 'policy/v1',
        kind: 'Eviction',
        metadata: { name: 'web-evicted', namespace },
      },
    });
    const evicted = await client.get(pods, { name: 'web-evicted', namespace });
    assert.equal(typeof evicted.metadata?.deletionTimestamp, 'string');
    await fn.until('the CRR completed', async () => (watch.seen.length === 2 ? true : undefined));
    assert.deepStrictEqual(watch.seen, [
      'MODIFIED Completed "pod has gone" active=true',
      'MODIFIED Completed "pod has gone" active=',
    ]);
    // The eviction's own event brought the CRR to the manager.
    const eviction = await answered(fn, {
      resource: 'pods',
      namespace,
      name: 'web-evicted',
      verb: 'create',
      subresource: 'eviction',
    });
    assert.deepStrictEqual(writesOf(eviction.requests, namespace), [
      'PUT containerrecreaterequests/recreate-evicted/status',
    ]);
    assert.deepStrictEqual(writesIn(fn, namespace), [
      'PUT containerrecreaterequests/recreate-evicted/status',
      'PATCH containerrecreaterequests/recreate-evicted',
    ]);
  });

  it('completes a CRR past its activeDeadlineSeconds on a requeue, with no event naming it', async (t) => {
    const namespace = await testNamespace(cp.kubeConfig, 'st-deadline');
    const name = 'recreate-deadline';
    await runningPod(namespace, 'web-deadline');
    // Every event of the pod answered first, so none can bring the CRR back.
    await answered(fn, {
      resource: 'pods',
      namespace,
      name: 'web-deadline',
      verb: 'update',
      subresource: 'status',
    });
    // No daemon runs: nothing but the manager ever writes this CRR.
    const created = await recreate(namespace, name, {
      podName: 'web-deadline',
      containers: [{ name: 'app' }],
      activeDeadlineSeconds: 3,
    });
    const watch = await watchCrr(cp, created);
    t.after(watch.stop);

    const done = await fn.until('the CRR completed', async () => {
      const crr = await client.get(containerRecreateRequests, { name, namespace });
      return crrState(crr).active === undefined ? crr : undefined;
    });
    assert.deepStrictEqual(crrState(done), {
      phase: 'Completed',
      message: 'recreating has exceeded the activeDeadlineSeconds',
      active: undefined,
    });

    // Proof, from what the function was sent and sent itself. The invocation
    // whose events named the CRR's create read it (deadline not reached: a
    // requeue), read it again, and wrote the completion. Its keys were fixed
    // by its events when it started, so the second read was the requeue, and
    // it was waited for (not left to the resync).
    const creation = await answered(fn, {
      resource: 'containerrecreaterequests',
      namespace,
      name,
      verb: 'create',
    });
    const path = `/apis/apps.kruise.io/v1alpha1/namespaces/${namespace}/containerrecreaterequests/${name}`;
    const calls = creation.requests.filter((r) => r.endsWith(path) || r.endsWith(`${path}/status`));
    assert.deepStrictEqual(
      { reads: [...new Set(calls.slice(0, -1))], readTwice: calls.length > 2, last: calls.at(-1) },
      { reads: [`GET ${path}`], readTwice: true, last: `PUT ${path}/status` },
    );
    assert.deepStrictEqual(
      creation.summary?.leftToResync.filter((o) => o.key.namespace === namespace),
      [],
    );
    // From the create on, the events named nothing of the CRR or its pod
    // but the completion and the label drop the manager wrote after it; and
    // the completion is the one status write the CRR ever got.
    await answered(fn, { resource: 'containerrecreaterequests', namespace, name, verb: 'patch' });
    assert.deepStrictEqual(
      fn.batches
        .slice(fn.batches.indexOf(creation))
        .flatMap((b) => b.refs)
        .filter((r) => r.namespace === namespace)
        .map((r) => `${r.verb} ${r.resource}${r.subresource ? `/${r.subresource}` : ''} ${r.name}`),
      [
        `create containerrecreaterequests ${name}`,
        `update containerrecreaterequests/status ${name}`,
        `patch containerrecreaterequests ${name}`,
      ],
    );
    assert.deepStrictEqual(writesOf(creation.requests, namespace), [
      `PUT containerrecreaterequests/${name}/status`,
    ]);
    assert.deepStrictEqual(writesIn(fn, namespace), [
      `PUT containerrecreaterequests/${name}/status`,
      `PATCH containerrecreaterequests/${name}`,
    ]);
    assert.deepStrictEqual(watch.seen, [
      'MODIFIED Completed "recreating has exceeded the activeDeadlineSeconds" active=true',
      'MODIFIED Completed "recreating has exceeded the activeDeadlineSeconds" active=',
    ]);
  });
});

/**
 * "Daemon has not responded for a long time" is a minute after creation:
 * past the runner's inline window (10 s), an invocation's budget (25 s) and
 * the 30 s the apiserver waits for an audit webhook's answer, so in a
 * cluster the periodic resync completes such a CRR (the first scenario
 * shows the manager leaving it to the resync). A real minute would make
 * this file slow and a resync is no audit event, so this harness runs the
 * manager on a clock 61 s ahead; the terminator's CRR, its audit event and
 * the manager's write are all real.
 */
describe('a CRR the daemon never answers', () => {
  let fn: RunningReconcile;
  before(async () => {
    const deps = (now: () => Date): ControllerDeps => ({
      gates: parseFeatureGates(GATES),
      kruiseNamespace: 'kruise-system',
      now,
    });
    const terminator = sidecarTerminatorController(deps(() => new Date()));
    const manager = containerRecreateRequestController(deps(() => new Date(Date.now() + 61_000)));
    assert.ok(terminator !== undefined && manager !== undefined);
    fn = await startReconcile(cp, { featureGates: GATES, controllers: [terminator, manager] });
  });
  after(async () => fn.stop());

  it('is completed by the manager a minute after its creation', async () => {
    const namespace = await testNamespace(cp.kubeConfig, 'st-daemon');
    const pod = await jobPod(
      fn,
      namespace,
      'job-silent',
      NODE,
      { name: 'proxy', image: 'example/proxy:1', env: [KILL] },
      0,
    );
    const name = `sidecar-termination-${pod.metadata?.uid}`;
    const done = await fn.until('the termination CRR completed', async () => {
      const crr = await client.find(containerRecreateRequests, { name, namespace });
      return crr !== undefined && crrState(crr).active === undefined ? crr : undefined;
    });
    assert.deepStrictEqual(crrState(done), {
      phase: 'Completed',
      message: 'daemon has not responded for a long time',
      active: undefined,
    });
    await answered(fn, {
      resource: 'pods',
      namespace,
      name: 'job-silent',
      verb: 'update',
      subresource: 'status',
    });
    assert.deepStrictEqual(writesIn(fn, namespace), [
      'POST containerrecreaterequests',
      'POST events',
      `PUT containerrecreaterequests/${name}/status`,
      `PATCH containerrecreaterequests/${name}`,
    ]);
  });
});
