/**
 * The node puller as shipped (its bundle, its own process) carrying out
 * ContainerRecreateRequests against the real parts: containerd through the
 * CRI (a host-network pod sandbox on a pause image built here, busybox
 * `sleep` containers under runc) and the kube-apiserver holding the Pod and
 * the CRRs. The test plays kubelet for the pod (it starts a new container
 * through the CRI when one exits and writes the pod status) and the CRR
 * manager for the one annotation the daemon reads
 * (`sync-container-statuses`, from the manager's own function); CRRs are
 * created as the admission webhook leaves them (labels, failurePolicy,
 * preStop and statusContext from the pod).
 *
 * - orderedRecreate over two containers: the exec preStop runs in the
 *   container, the httpGet preStop reaches its server, each real process
 *   stops (CRI says exited), the second is killed only after the first
 *   Succeeded, the CRR goes Recreating → states Pending → Recreating
 *   (killed) → Succeeded → Completed, with a Killing event per container;
 * - with unreadyGracePeriodSeconds nothing is killed before the manager's
 *   unready-acquired time plus that grace;
 * - a failing preStop is a FailedPreStopHook event with kubelet's message,
 *   and the container is stopped anyway;
 * - a container the node does not have stays Pending `not found container
 *   on Node`; a runtime the node does not serve completes the CRR with
 *   OpenKruise's message.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CRR_ACTIVE_KEY,
  CRR_NODE_NAME_KEY,
  CRR_POD_UID_KEY,
  CRR_UNREADY_ACQUIRED_KEY,
  type ContainerRecreateRequest,
  type CrrContainer,
} from '../../shared/api/containerrecreaterequest.js';
import type { Event, Pod } from '../../shared/api/core/core-v1.js';
import { kubeClient, type KubeClient } from '../../shared/kube/client.js';
import { pods } from '../../shared/kube/core-resources.js';
import { containerRecreateRequests } from '../../shared/kube/kruise-resources.js';
import { resourcePath } from '../../shared/kube/resource.js';
import { watchObjects } from '../../shared/kube/watch.js';
import { buildFunctions } from '../../infra/build.js';
import { installCrds } from '../../infra/manifests/install-crds.js';
import { cachedCriProto } from '../../infra/node/cri-proto.js';
import { criImageService, type CriImageService } from '../../functions/node-puller/cri/client.js';
import {
  criRuntimeService,
  type CriRuntimeService,
} from '../../functions/node-puller/cri/runtime-service.js';
import { events } from '../../shared/kube/events.js';
import {
  SYNC_CONTAINER_STATUSES_KEY,
  syncContainerStatuses,
} from '../../functions/reconcile/containerrecreaterequest/sync-statuses.js';
import { startBundleProcess, type BundleProcess } from '../support/bundle-process.js';
import { sharedControlPlane, testNamespace, type ControlPlane } from '../support/control-plane.js';
import {
  kubeletContainerStatus,
  runSandbox,
  startContainer,
  type KubeletPod,
  type RunningContainer,
} from '../support/cri-kubelet.js';
import {
  pushTestImage,
  startContainerd,
  startRegistry,
  type Containerd,
  type PushedImage,
  type Registry,
} from '../support/node-services.js';
import { until } from '../support/until.js';
import { chartIdentity } from '../support/chart-identity.js';

const SLEEP = ['sleep', '3600'];

/** A pod this test runs as kubelet would: its sandbox, current containers and mounts. */
interface TestPod extends KubeletPod {
  sandboxId: string;
  readonly containers: Map<string, RunningContainer>;
}

describe('node puller carries out ContainerRecreateRequests through containerd', () => {
  let cp: ControlPlane;
  let client: KubeClient;
  let registry: Registry;
  let containerd: Containerd;
  let runtime: CriRuntimeService;
  let images: CriImageService;
  let puller: BundleProcess;
  let app: PushedImage;
  let namespace: string;
  let hookServer: Server;
  let hookPort = 0;
  const hookRequests: { url: string; userAgent: string }[] = [];
  const nodeName = `node-${randomBytes(3).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'kruise-fn-node-crr-'));
  const shared = join(dir, 'shared');
  const testPods: TestPod[] = [];
  let kubeletTimer: NodeJS.Timeout | undefined;
  let kubeletBusy = false;

  /** Creates the Pod object, runs its sandbox and containers, writes its status. */
  async function startPod(name: string, containers: readonly string[]): Promise<TestPod> {
    const created = await client.create(pods, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace },
      spec: {
        nodeName,
        hostNetwork: true,
        terminationGracePeriodSeconds: 5,
        containers: containers.map((c) => ({ name: c, image: app.ref })),
      },
    } as Pod);
    const pod: TestPod = {
      name,
      namespace,
      uid: created.metadata?.uid ?? '',
      sandboxId: '',
      containers: new Map(),
    };
    pod.sandboxId = await runSandbox(runtime, pod);
    for (const c of containers) {
      pod.containers.set(c, await startOne(pod, c, 0));
    }
    testPods.push(pod);
    await writePodStatus(pod);
    // metav1.Time has whole seconds: a CRR created in the second its pod's
    // containers started would see them as started after it (as in OpenKruise).
    await sleep(1_100);
    return pod;
  }

  const startOne = (pod: TestPod, name: string, restartCount: number) =>
    startContainer(runtime, pod, pod.sandboxId, name, app.ref, SLEEP, restartCount, [
      { containerPath: '/shared', hostPath: shared },
    ]);

  async function writePodStatus(pod: TestPod): Promise<void> {
    const statuses = await Promise.all(
      [...pod.containers.values()].map((c) => kubeletContainerStatus(runtime, c, app.ref)),
    );
    const current = await client.get(pods, pod);
    await client.updateStatus(pods, {
      ...current,
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: statuses.every((s) => s.ready) ? 'True' : 'False' }],
        containerStatuses: statuses,
      },
    });
  }

  /** kubelet: a container that exited is started again (restartCount + 1), and the status written. */
  async function kubeletPass(): Promise<void> {
    for (const pod of testPods) {
      let changed = false;
      for (const [name, c] of pod.containers) {
        const s = await runtime.containerStatus(c.id);
        if (s.state !== 'CONTAINER_EXITED') continue;
        pod.containers.set(name, await startOne(pod, name, c.restartCount + 1));
        changed = true;
      }
      if (changed) await writePodStatus(pod);
    }
  }

  /** The manager's sync-container-statuses annotation on a Recreating CRR. */
  async function managerPass(): Promise<void> {
    const list = await client.list(containerRecreateRequests, { namespace });
    for (const crr of list.items) {
      if (crr.status?.phase !== 'Recreating' || crr.status.completionTime !== undefined) continue;
      const pod = await client.find(pods, { namespace, name: crr.spec.podName });
      if (pod === undefined) continue;
      const value = syncContainerStatuses(crr, pod);
      if (crr.metadata?.annotations?.[SYNC_CONTAINER_STATUSES_KEY] === value) continue;
      await client.patch(
        containerRecreateRequests,
        { namespace, name: crr.metadata?.name ?? '' },
        {
          type: 'merge',
          body: { metadata: { annotations: { [SYNC_CONTAINER_STATUSES_KEY]: value } } },
        },
      );
    }
  }

  /** A CRR as the admission webhook leaves it for `pod`. */
  function crrFor(
    name: string,
    pod: TestPod,
    containers: readonly CrrContainer[],
    strategy: NonNullable<ContainerRecreateRequest['spec']['strategy']>,
  ): ContainerRecreateRequest {
    return {
      apiVersion: 'apps.kruise.io/v1alpha1',
      kind: 'ContainerRecreateRequest',
      metadata: {
        name,
        namespace,
        labels: {
          [CRR_ACTIVE_KEY]: 'true',
          [CRR_NODE_NAME_KEY]: nodeName,
          [CRR_POD_UID_KEY]: pod.uid,
        },
      },
      spec: {
        podName: pod.name,
        containers: containers.map((c) => {
          const running = pod.containers.get(c.name);
          return {
            ...c,
            statusContext: {
              containerID: `containerd://${running?.id ?? 'missing'}`,
              restartCount: running?.restartCount ?? 0,
            },
          };
        }),
        strategy: { failurePolicy: 'Fail', terminationGracePeriodSeconds: 5, ...strategy },
      },
    } as ContainerRecreateRequest;
  }

  /** Every status the CRR had, in order, from a watch started before it is created. */
  function recordStatuses(name: string) {
    const seen: NonNullable<ContainerRecreateRequest['status']>[] = [];
    const abort = new AbortController();
    void watchObjects<ContainerRecreateRequest>(
      cp.kubeConfig,
      resourcePath(containerRecreateRequests, { namespace }),
      { fieldSelector: `metadata.name=${name}`, signal: abort.signal },
      (e) => {
        const s = e.object.status;
        if (s !== undefined && JSON.stringify(seen.at(-1)) !== JSON.stringify(s)) seen.push(s);
      },
    ).catch(() => undefined);
    return { seen, stop: () => abort.abort() };
  }

  const completed = (name: string) =>
    until(
      `CRR ${name} Completed`,
      async () => {
        const crr = await client.get(containerRecreateRequests, { namespace, name });
        return crr.status?.phase === 'Completed' ? crr : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 250, detail: () => puller.logs.slice(-30).join('\n') },
    );

  const podEvents = async (pod: string): Promise<Event[]> =>
    (await client.list(events, { namespace, fieldSelector: `involvedObject.name=${pod}` })).items;

  before(async () => {
    cp = await sharedControlPlane();
    client = kubeClient(cp.kubeConfig);
    await installCrds(cp.kubeConfig);
    registry = await startRegistry();
    const pause = await pushTestImage(registry, 'pause', 'v1', { cmd: ['sleep', '2147483647'] });
    app = await pushTestImage(registry, 'app', 'v1');
    containerd = await startContainerd([registry.host], {}, { sandboxImage: pause.ref });
    const proto = cachedCriProto();
    runtime = criRuntimeService(containerd.socket, proto);
    images = criImageService(containerd.socket, proto);
    await images.pullImage({ image: app.ref }, { timeoutMs: 60_000 });
    mkdirSync(shared);
    namespace = await testNamespace(cp.kubeConfig, 'node-crr');
    hookServer = createServer((req, res) => {
      hookRequests.push({ url: req.url ?? '', userAgent: req.headers['user-agent'] ?? '' });
      res.end('bye');
    });
    await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
    hookPort = (hookServer.address() as AddressInfo).port;
    const [bundle] = await buildFunctions({ outdir: join(dir, 'dist'), only: ['node-puller'] });
    assert.ok(bundle !== undefined, 'no node-puller bundle');
    puller = await startBundleProcess(bundle.outfile, {
      KUBECONFIG: (await chartIdentity(cp, 'node-puller')).kubeconfigPath,
      NODE_NAME: nodeName,
      CRI_SOCKET_FILE: containerd.socket,
      LOG_LEVEL: '5',
      NODE_OPTIONS: '--enable-source-maps',
    });
    kubeletTimer = setInterval(() => {
      if (kubeletBusy) return;
      kubeletBusy = true;
      void kubeletPass()
        .then(managerPass)
        .catch(() => undefined)
        .finally(() => (kubeletBusy = false));
    }, 300);
  });

  after(async () => {
    clearInterval(kubeletTimer);
    await puller?.stop();
    for (const pod of testPods) {
      await runtime.stopPodSandbox(pod.sandboxId).catch(() => undefined);
      await runtime.removePodSandbox(pod.sandboxId).catch(() => undefined);
    }
    runtime?.close();
    images?.close();
    hookServer?.close();
    await containerd?.stop();
    await registry?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('recreates two containers in order: preStop hooks, the real processes stopped, Completed', async () => {
    const pod = await startPod('ordered', ['app', 'web']);
    const oldApp = pod.containers.get('app');
    const oldWeb = pod.containers.get('web');
    assert.ok(oldApp !== undefined && oldWeb !== undefined);
    const history = recordStatuses('ordered');
    const crr = crrFor(
      'ordered',
      pod,
      [
        {
          name: 'app',
          preStop: {
            exec: { command: ['/bin/busybox', 'sh', '-c', 'echo ran > /shared/app-prestop'] },
          },
        },
        {
          name: 'web',
          preStop: { httpGet: { host: '127.0.0.1', port: hookPort, path: '/quit' } },
        },
      ],
      { orderedRecreate: true },
    );
    await client.create(containerRecreateRequests, crr);
    const done = await completed('ordered');
    history.stop();

    assert.equal(done.status?.message, undefined);
    assert.deepEqual(done.status?.containerRecreateStates, [
      { name: 'app', phase: 'Succeeded', isKilled: true },
      { name: 'web', phase: 'Succeeded', isKilled: true },
    ]);
    // The real processes: both old containers exited; kubelet (the test) ran new ones.
    for (const old of [oldApp, oldWeb]) {
      assert.equal((await runtime.containerStatus(old.id)).state, 'CONTAINER_EXITED');
    }
    assert.equal(pod.containers.get('app')?.restartCount, 1);
    assert.equal(pod.containers.get('web')?.restartCount, 1);
    // The hooks ran: the exec wrote into the mount, the GET reached the server as kubelet sends it.
    assert.equal(readFileSync(join(shared, 'app-prestop'), 'utf8'), 'ran\n');
    assert.deepEqual(hookRequests, [{ url: '/quit', userAgent: 'kube-lifecycle/1.28' }]);

    // OpenKruise's sequence, each step written once, web only after app Succeeded.
    const phases = history.seen.map((s) => s.phase).filter((p, i, a) => p !== a[i - 1]);
    assert.deepEqual(phases, ['Recreating', 'Completed']);
    const steps = history.seen.map((s) =>
      (s.containerRecreateStates ?? [])
        .map((c) => `${c.name}:${c.phase}${c.isKilled === true ? '*' : ''}`)
        .join(' '),
    );
    const distinct = steps.filter((s, i) => s !== '' && s !== steps[i - 1]);
    assert.deepEqual(distinct, [
      'app:Pending web:Pending',
      'app:Recreating* web:Pending',
      'app:Succeeded* web:Pending',
      'app:Succeeded* web:Recreating*',
      'app:Succeeded* web:Succeeded*',
    ]);

    const killing = (await podEvents('ordered')).filter((e) => e.reason === 'Killing');
    assert.deepEqual(
      killing
        .map((e) => [e.involvedObject.fieldPath, e.message, e.source?.component, e.source?.host])
        .sort(),
      [
        [
          'spec.containers{app}',
          'Stopping container app by ContainerRecreateRequest ordered',
          'kruise-daemon-crr',
          nodeName,
        ],
        [
          'spec.containers{web}',
          'Stopping container web by ContainerRecreateRequest ordered',
          'kruise-daemon-crr',
          nodeName,
        ],
      ],
    );
  });

  it('a failing preStop is a FailedPreStopHook event; the container is stopped anyway', async () => {
    const pod = await startPod('hook-fails', ['app']);
    const old = pod.containers.get('app');
    assert.ok(old !== undefined);
    const command = ['/bin/busybox', 'sh', '-c', 'echo no >&2; exit 1'];
    await client.create(
      containerRecreateRequests,
      crrFor('hook-fails', pod, [{ name: 'app', preStop: { exec: { command } } }], {}),
    );
    const done = await completed('hook-fails');
    assert.deepEqual(done.status?.containerRecreateStates, [
      { name: 'app', phase: 'Succeeded', isKilled: true },
    ]);
    assert.equal((await runtime.containerStatus(old.id)).state, 'CONTAINER_EXITED');
    const failed = (await podEvents('hook-fails')).filter((e) => e.reason === 'FailedPreStopHook');
    assert.equal(failed.length, 1);
    assert.equal(failed[0]?.type, 'Warning');
    assert.equal(
      failed[0]?.message,
      `Exec lifecycle hook ([${command.join(' ')}]) for Container "app" in Pod ` +
        `"hook-fails_${namespace}(${pod.uid})" failed - error: command '${command.join(' ')}' ` +
        `exited with 1: no\n, message: "no\\n"`,
    );
  });

  it('with unreadyGracePeriodSeconds, waits for the unready acquirement and then the grace period', async () => {
    const pod = await startPod('unready', ['app']);
    const old = pod.containers.get('app');
    assert.ok(old !== undefined);
    await client.create(
      containerRecreateRequests,
      crrFor('unready', pod, [{ name: 'app' }], { unreadyGracePeriodSeconds: 2 }),
    );
    const key = { namespace, name: 'unready' };
    await until(
      'unready Recreating',
      async () =>
        (await client.get(containerRecreateRequests, key)).status?.phase === 'Recreating' ||
        undefined,
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    // Nothing is done before the manager has acquired the pod's unreadiness.
    await sleep(1_500);
    const waiting = await client.get(containerRecreateRequests, key);
    assert.equal(waiting.status?.containerRecreateStates, undefined);
    assert.equal((await runtime.containerStatus(old.id)).state, 'CONTAINER_RUNNING');
    const acquired = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    await client.patch(containerRecreateRequests, key, {
      type: 'merge',
      body: { metadata: { annotations: { [CRR_UNREADY_ACQUIRED_KEY]: acquired } } },
    });
    const done = await completed('unready');
    assert.deepEqual(done.status?.containerRecreateStates, [
      { name: 'app', phase: 'Succeeded', isKilled: true },
    ]);
    assert.equal((await runtime.containerStatus(old.id)).state, 'CONTAINER_EXITED');
    const killing = (await podEvents('unready')).find((e) => e.reason === 'Killing');
    assert.ok(
      Date.parse(killing?.firstTimestamp ?? '') >= Date.parse(acquired) + 2_000,
      `killed at ${killing?.firstTimestamp}, before ${acquired} + 2 s`,
    );
  });

  it('a container not on the node stays Pending; a runtime the node lacks completes the CRR', async () => {
    const pod = await startPod('missing', ['app']);
    await client.create(
      containerRecreateRequests,
      crrFor('not-here', pod, [{ name: 'sidecar' }], {}),
    );
    const pending = await until(
      'not-here states',
      async () => {
        const crr = await client.get(containerRecreateRequests, { namespace, name: 'not-here' });
        return crr.status?.containerRecreateStates === undefined ? undefined : crr;
      },
      { timeoutMs: 30_000, intervalMs: 250, detail: () => puller.logs.slice(-20).join('\n') },
    );
    assert.equal(pending.status?.phase, 'Recreating');
    assert.deepEqual(pending.status?.containerRecreateStates, [
      { name: 'sidecar', phase: 'Pending', message: 'not found container on Node' },
    ]);
    // The app container of that pod was never touched.
    const running = pod.containers.get('app');
    assert.equal((await runtime.containerStatus(running?.id ?? '')).state, 'CONTAINER_RUNNING');
    await client.delete(containerRecreateRequests, { namespace, name: 'not-here' });

    const docker = crrFor('docker', pod, [{ name: 'app' }], {});
    docker.spec.containers[0] = {
      name: 'app',
      statusContext: { containerID: 'docker://0123', restartCount: 0 },
    };
    await client.create(containerRecreateRequests, docker);
    const done = await completed('docker');
    assert.equal(
      done.status?.message,
      'failed to find runtime service: not found runtime service for docker in daemon',
    );
    assert.ok(done.status?.completionTime !== undefined);
    assert.equal((await runtime.containerStatus(running?.id ?? '')).state, 'CONTAINER_RUNNING');
  });
});
