/**
 * The node puller (its bundle, its own process) under faults of the parts
 * it talks to, end to end from an ImagePullJob: the reconcile function (fed
 * by the shared control plane's audit events) writes the job's tag into the
 * NodeImage of a Ready Node (an API object), the puller pulls it through
 * Debian's containerd from Debian's docker-registry with htpasswd auth, and
 * the job's status follows the NodeImage's.
 *
 * (a) containerd is killed (SIGKILL) in the middle of a pull of a large
 * image, which comes through a rate-limited path (test/support/throttle-proxy.ts),
 * and started again on the same socket: the attempt fails, the worker backs
 * off and pulls again over a channel that reconnects; the tag and the job
 * end Succeeded. (b) The registry is down: a tag with one retry ends Failed
 * with containerd's "connection refused" (and its job with that node in
 * failedNodes), one with more retries keeps backing off and succeeds once
 * the registry serves again. No log line of the run carries a test secret.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Node, Secret } from '../../shared/api/core/core-v1.js';
import type { ImagePullJob } from '../../shared/api/imagepulljob.js';
import type { ImageTagStatus } from '../../shared/api/nodeimage.js';
import { chartDefaultFeatureGates } from '../../shared/feature-gates.js';
import { kubeClient, type KubeClient } from '../../shared/kube/client.js';
import { nodes, secrets } from '../../shared/kube/core-resources.js';
import { imagePullJobs, nodeImages } from '../../shared/kube/kruise-resources.js';
import { buildFunctions } from '../../infra/build.js';
import { installCrds } from '../../infra/manifests/install-crds.js';
import { criImageService, type CriImageService } from '../../functions/node-puller/cri/client.js';
import { cachedCriProto } from '../../infra/node/cri-proto.js';
import { startBundleProcess, type BundleProcess } from '../support/bundle-process.js';
import { chartIdentity } from '../support/chart-identity.js';
import {
  ensureNamespace,
  sharedControlPlane,
  testNamespace,
  type ControlPlane,
} from '../support/control-plane.js';
import {
  pushTestImage,
  startContainerd,
  startRegistry,
  type Containerd,
  type Registry,
} from '../support/node-services.js';
import { startReconcile, type RunningReconcile } from '../support/reconcile-harness.js';
import { startThrottleProxy, type ThrottleProxy } from '../support/throttle-proxy.js';
import { until } from '../support/until.js';
import { startAdmission, type RunningAdmission } from '../support/webhook-harness.js';

const DAEMON_NS = 'kruise-daemon-config';
const MiB = 1024 * 1024;
/** The large image's padding and the proxy's rate: about 8 s of transfer. */
const PADDING_BYTES = 24 * MiB;
const PROXY_BYTES_PER_S = 3 * MiB;

const b64 = (s: string) => Buffer.from(s).toString('base64');
const metaNow = (offsetMs = 0) =>
  new Date(Date.now() + offsetMs).toISOString().replace(/\.\d+Z$/, 'Z');

describe('node puller under containerd and registry faults, from an ImagePullJob', () => {
  let cp: ControlPlane;
  let client: KubeClient;
  let admission: RunningAdmission;
  let reconcile: RunningReconcile;
  let registry: Registry;
  let proxy: ThrottleProxy;
  let containerd: Containerd;
  let puller: BundleProcess;
  let namespace: string;
  const nodeName = `fault-node-${randomBytes(3).toString('hex')}`;
  const auth = {
    username: `user-${randomBytes(3).toString('hex')}`,
    password: randomBytes(12).toString('hex'),
  };
  const dir = mkdtempSync(join(tmpdir(), 'kruise-fn-node-puller-faults-'));
  const secretStrings = [auth.password, b64(`${auth.username}:${auth.password}`)];

  const withCri = async <T>(fn: (cri: CriImageService) => Promise<T>): Promise<T> => {
    const cri = criImageService(containerd.socket, cachedCriProto());
    try {
      return await fn(cri);
    } finally {
      cri.close();
    }
  };
  const tagStatus = async (image: string, tag: string): Promise<ImageTagStatus | undefined> => {
    const ni = await client.get(nodeImages, { name: nodeName });
    return ni.status?.imageStatuses?.[image]?.tags.find((t) => t.tag === tag);
  };
  const createJob = (name: string, image: string, backoffLimit: number) =>
    client.create(imagePullJobs, {
      apiVersion: 'apps.kruise.io/v1alpha1',
      kind: 'ImagePullJob',
      metadata: { name, namespace },
      spec: {
        image,
        pullSecrets: ['regcred'],
        selector: { names: [nodeName] },
        pullPolicy: { backoffLimit, timeoutSeconds: 120 },
        completionPolicy: { type: 'Always' },
      },
    } as ImagePullJob);
  const finishedJob = (name: string, timeoutMs: number) =>
    reconcile.until(
      `ImagePullJob ${name} completed`,
      async () => {
        const j = await client.get(imagePullJobs, { namespace, name });
        return j.status?.completionTime !== undefined ? j.status : undefined;
      },
      timeoutMs,
    );
  const jobSummary = (s: NonNullable<ImagePullJob['status']>) => ({
    desired: s.desired,
    active: s.active,
    succeeded: s.succeeded,
    failed: s.failed,
    failedNodes: s.failedNodes,
  });
  /** The worker's failed attempts of `<key>:<tag>`, as logged. */
  const backoffs = (key: string, tag = 'v1') =>
    puller.logs.filter(
      (l) =>
        l.includes('"Pulling image backoff"') &&
        l.includes(`image="${key}"`) &&
        l.includes(`tag="${tag}"`),
    );

  before(async () => {
    cp = await sharedControlPlane();
    client = kubeClient(cp.kubeConfig);
    await installCrds(cp.kubeConfig);
    registry = await startRegistry(auth);
    const [upHost, upPort] = registry.host.split(':');
    proxy = await startThrottleProxy(
      { host: upHost ?? '127.0.0.1', port: Number(upPort) },
      PROXY_BYTES_PER_S,
    );
    containerd = await startContainerd([registry.host, proxy.host]);
    admission = await startAdmission(cp, { featureGates: chartDefaultFeatureGates });
    await ensureNamespace(cp.kubeConfig, DAEMON_NS);
    reconcile = await startReconcile(cp, { featureGates: chartDefaultFeatureGates });
    namespace = await testNamespace(cp.kubeConfig, 'puller-faults');
    const config = JSON.stringify({
      auths: Object.fromEntries(
        [registry.host, proxy.host].map((h) => [
          h,
          { auth: b64(`${auth.username}:${auth.password}`) },
        ]),
      ),
    });
    secretStrings.push(b64(config));
    await client.create(secrets, {
      metadata: { name: 'regcred', namespace },
      type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': b64(config) },
    } as Secret);
    const created = await client.create(nodes, { metadata: { name: nodeName } });
    await client.updateStatus(nodes, {
      ...created,
      status: {
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'KubeletReady',
            lastTransitionTime: metaNow(-3_600_000),
            lastHeartbeatTime: metaNow(),
          },
        ],
      },
    } as Node);
    await reconcile.until('the NodeImage of the node', () =>
      client.find(nodeImages, { name: nodeName }),
    );
    const [bundle] = await buildFunctions({ outdir: join(dir, 'dist'), only: ['node-puller'] });
    assert.ok(bundle !== undefined, 'no node-puller bundle');
    puller = await startBundleProcess(bundle.outfile, {
      KUBECONFIG: (await chartIdentity(cp, 'node-puller')).kubeconfigPath,
      NODE_NAME: nodeName,
      CRI_SOCKET_FILE: containerd.socket,
      LOG_LEVEL: '5',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  after(async () => {
    await puller?.stop();
    await client?.delete(nodes, { name: nodeName }).catch(() => undefined);
    await reconcile?.stop();
    await admission?.stop();
    await containerd?.stop();
    await proxy?.stop();
    await registry?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('containerd killed mid-pull and started again: the worker backs off, pulls again, the job Succeeds', async () => {
    const pushed = await pushTestImage(registry, 'team/big', 'v1', {
      paddingBytes: PADDING_BYTES,
    });
    const key = `${proxy.host}/team/big`;
    const ref = `${key}:v1`;
    await createJob('big', ref, 5);
    // Under way: a fifth of the layer has come through the proxy.
    await until(
      'the pull under way',
      () => (proxy.bytesDown > PADDING_BYTES / 5 ? true : undefined),
      {
        timeoutMs: 60_000,
        detail: () => puller.logs.slice(-20).join('\n'),
      },
    );
    assert.equal(await withCri((cri) => cri.imageStatus(ref)), undefined, 'pulled before the kill');
    await containerd.restart(1_000);

    const status = await finishedJob('big', 120_000);
    assert.deepStrictEqual(jobSummary(status), {
      desired: 1,
      active: 0,
      succeeded: 1,
      failed: 0,
      failedNodes: undefined,
    });
    const present = await withCri((cri) => cri.imageStatus(ref));
    assert.ok(present !== undefined, 'the image is not in containerd');
    assert.ok(present.repoDigests.includes(`${key}@${pushed.digest}`), present.repoDigests.join());
    const tag = await tagStatus(key, 'v1');
    assert.deepStrictEqual(
      { phase: tag?.phase, imageID: tag?.imageID, message: tag?.message },
      { phase: 'Succeeded', imageID: `${key}@${present.id}`, message: undefined },
    );
    const failures = backoffs(key);
    assert.ok(
      failures.length >= 1,
      `no failed attempt while containerd was down:\n${puller.logs.slice(-40).join('\n')}`,
    );
    assert.ok(
      failures.every((l) => l.includes('code = Unavailable')),
      `an attempt failed for another reason:\n${failures.join('\n')}`,
    );
    const ni = await client.get(nodeImages, { name: nodeName });
    assert.deepStrictEqual(
      [ni.status?.desired, ni.status?.succeeded, ni.status?.failed, ni.status?.pulling],
      [1, 1, 0, 0],
    );
  });

  it('registry down: Failed with connection refused after its retries, or Succeeded once it is back', async () => {
    const gone = await pushTestImage(registry, 'team/gone', 'v1');
    const late = await pushTestImage(registry, 'team/late', 'v1');
    await registry.down();
    // One retry (1 s): over while the registry is down. Five (1, 2, 4, 8, 16 s): outlasts it.
    await createJob('gone', gone.ref, 1);
    await createJob('late', late.ref, 5);

    const failed = await finishedJob('gone', 60_000);
    assert.deepStrictEqual(jobSummary(failed), {
      desired: 1,
      active: 0,
      succeeded: 0,
      failed: 1,
      failedNodes: [nodeName],
    });
    const goneKey = `${registry.host}/team/gone`;
    const goneTag = await tagStatus(goneKey, 'v1');
    assert.equal(goneTag?.phase, 'Failed');
    assert.equal(
      goneTag?.message,
      `rpc error: code = Unknown desc = failed to pull and unpack image "${gone.ref}": ` +
        `failed to resolve reference "${gone.ref}": failed to do request: ` +
        `Head "http://${registry.host}/v2/team/gone/manifests/v1": ` +
        `dial tcp ${registry.host}: connect: connection refused`,
    );
    assert.equal(backoffs(`${registry.host}/team/gone`).length, 2, 'two attempts, each logged');

    // The other one is still at it: Pulling, its job active, at least two refused attempts.
    await until(
      'two refused attempts of the late image',
      () =>
        backoffs(`${registry.host}/team/late`).filter((l) => l.includes('connection refused'))
          .length >= 2
          ? true
          : undefined,
      { timeoutMs: 30_000 },
    );
    const lateKey = `${registry.host}/team/late`;
    assert.equal((await tagStatus(lateKey, 'v1'))?.phase, 'Pulling');
    const running = await client.get(imagePullJobs, { namespace, name: 'late' });
    assert.equal(running.status?.active, 1);
    assert.equal(running.status?.completionTime, undefined);

    await registry.up();
    const succeeded = await finishedJob('late', 60_000);
    assert.deepStrictEqual(jobSummary(succeeded), {
      desired: 1,
      active: 0,
      succeeded: 1,
      failed: 0,
      failedNodes: undefined,
    });
    const lateTag = await tagStatus(lateKey, 'v1');
    assert.deepStrictEqual([lateTag?.phase, lateTag?.message], ['Succeeded', undefined]);
    const present = await withCri((cri) => cri.imageStatus(late.ref));
    assert.ok(present?.repoDigests.includes(`${lateKey}@${late.digest}`));
    const ni = await client.get(nodeImages, { name: nodeName });
    assert.deepStrictEqual(
      [ni.status?.desired, ni.status?.succeeded, ni.status?.failed, ni.status?.pulling],
      [3, 2, 1, 0],
    );
  });

  it('writes no test secret into any log line of the run (puller, reconcile, containerd, registry)', () => {
    const files = [...containerd.logFiles(), ...registry.logFiles()];
    assert.ok(containerd.logFiles().length >= 2 && registry.logFiles().length >= 2, files.join());
    const lines = [
      ...puller.logs,
      ...reconcile.logs,
      ...files.flatMap((f) => readFileSync(f, 'utf8').split('\n')),
    ];
    assert.ok(lines.length > 50, `only ${lines.length} log lines`);
    assert.ok(puller.logs.some((l) => l.includes('Successfully pull image')));
    const leaks = lines.filter((l) => secretStrings.some((s) => l.includes(s)));
    assert.deepStrictEqual(leaks, []);
  });
});
