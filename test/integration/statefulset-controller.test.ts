/**
 * The Advanced StatefulSet controller against the real kube-apiserver
 * (SPEC §5), driven by the apiserver's audit events through the reconcile
 * function (test/support/reconcile-harness.ts), sets defaulted and validated
 * by kruise-fn's admission webhook, pod status written by the test's kubelet
 * (test/support/statefulset-fixture.ts). The control plane has no garbage
 * collector: claims are checked for the owner references that make it
 * delete them. The gate-off case runs the controller with
 * StatefulSetStartOrdinal off through reconcileKey.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { statefulSetController } from '../../functions/reconcile/statefulset/statefulset-controller.js';
import { chartDefaultFeatureGates, parseFeatureGates } from '../../shared/feature-gates.js';
import type { StatefulSet } from '../../shared/api/statefulset.js';
import { kubeClient, type KubeClient } from '../../shared/kube/client.js';
import { persistentVolumeClaims, pods } from '../../shared/kube/core-resources.js';
import { statefulSets } from '../../shared/kube/kruise-resources.js';
import { reconcileKey } from '../../shared/kube/reconcile-key.js';
import { keyOf, resource, type KubeObject } from '../../shared/kube/resource.js';
import type { PersistentVolumeClaim } from '../../functions/reconcile/statefulset/claims.js';
import { createLogger } from '../../shared/log/index.js';
import { captureLines } from '../../shared/log/test-support.js';
import { sharedControlPlane, testNamespace, type ControlPlane } from '../support/control-plane.js';
import { startReconcile, type RunningReconcile } from '../support/reconcile-harness.js';
import {
  names,
  podsOf,
  sampleSet,
  setImage,
  startKubelet,
  type Kubelet,
} from '../support/statefulset-fixture.js';
import { until } from '../support/until.js';
import { startAdmission, type RunningAdmission } from '../support/webhook-harness.js';

const RUN = randomBytes(3).toString('hex');
const GATES = `${chartDefaultFeatureGates},StatefulSetStartOrdinal=true`;
const REVISION = 'controller-revision-hash';

/** The scale subresource as `kubectl scale` reads and writes it. */
const scales = resource<
  KubeObject & {
    spec?: { replicas?: number };
    status?: { selector?: string; replicas?: number };
  }
>({
  apiVersion: 'apps.kruise.io/v1beta1',
  kind: 'Scale',
  plural: 'statefulsets',
  namespaced: true,
});

let cp: ControlPlane;
let admission: RunningAdmission;
let reconcile: RunningReconcile;
let client: KubeClient;
let namespace: string;
let kubelet: Kubelet;

before(async () => {
  cp = await sharedControlPlane();
  admission = await startAdmission(cp, { featureGates: GATES });
  client = kubeClient(cp.kubeConfig);
  namespace = await testNamespace(cp.kubeConfig, 'asts');
  kubelet = startKubelet(client, namespace);
});
after(async () => {
  await kubelet.stop();
  await admission.stop();
});

const create = (set: StatefulSet) =>
  client.create(statefulSets, { ...set, metadata: { ...set.metadata, namespace } });

const podNames = (app: string, want: string[], timeoutMs?: number) =>
  reconcile.until(
    `pods ${want.join(',')}`,
    async () => {
      const got = names(await podsOf(client, namespace, app));
      return JSON.stringify(got) === JSON.stringify(want) ? got : undefined;
    },
    timeoutMs,
  );

const named = (app: string, ordinals: number[]) => ordinals.map((o) => `${app}-${o}`);

const revisions = async (app: string) =>
  Object.fromEntries(
    (await podsOf(client, namespace, app)).map((p) => [
      p.metadata?.name,
      p.metadata?.labels?.[REVISION],
    ]),
  );

const readyStatus = (app: string, pred: (s: NonNullable<StatefulSet['status']>) => boolean) =>
  reconcile.until(`status of ${app}`, async () => {
    const s = (await client.get(statefulSets, { namespace, name: app })).status;
    return s !== undefined && pred(s) ? s : undefined;
  });

describe('Advanced StatefulSet controller with StatefulSetStartOrdinal off', () => {
  it('keeps ordinals.start and names the seed sample 0..4', async () => {
    const app = `off-${RUN}`;
    const controller = statefulSetController({
      gates: parseFeatureGates(chartDefaultFeatureGates),
      kruiseNamespace: 'kruise-system',
      now: () => new Date(),
    });
    const { destination } = captureLines();
    const log = createLogger({ destination, level: 0, format: 'text', env: {} });
    // Before the audit-driven function (gate on) starts; removed at the end so it never sees it.
    await create(
      sampleSet(app, { replicas: 5, ordinals: { start: 3 }, podManagementPolicy: 'Parallel' }),
    );
    const set = await client.get(statefulSets, { namespace, name: app });
    assert.deepStrictEqual(set.spec.ordinals, { start: 3 });
    await until('pods 0..4', async () => {
      await reconcileKey({ namespace, name: app }, controller, client, log);
      const got = names(await podsOf(client, namespace, app));
      return got.length === 5 ? got : undefined;
    });
    assert.deepStrictEqual(
      names(await podsOf(client, namespace, app)),
      named(app, [0, 1, 2, 3, 4]),
    );
    await client.delete(statefulSets, { namespace, name: app });
    for (const p of await podsOf(client, namespace, app)) await client.delete(pods, keyOf(p));
  });
});

describe('Advanced StatefulSet controller driven by audit events', () => {
  before(async () => {
    reconcile = await startReconcile(cp, { featureGates: GATES });
  });
  after(async () => {
    await reconcile.stop();
  });

  it('runs the seed sample as pods 3..7 (StatefulSetStartOrdinal on), one at a time', async () => {
    const app = `seed-${RUN}`;
    await create(sampleSet(app, { replicas: 5, ordinals: { start: 3 } }));
    // OrderedReady: without a kubelet the first pod stays Pending and no second one comes.
    await podNames(app, named(app, [3]));
    await reconcile.resync();
    assert.deepStrictEqual(names(await podsOf(client, namespace, app)), named(app, [3]));
    kubelet.run(app);
    await podNames(app, named(app, [3, 4, 5, 6, 7]));
    const pod = await client.get(pods, { namespace, name: `${app}-3` });
    assert.equal(pod.spec?.hostname, `${app}-3`);
    assert.equal(pod.spec?.subdomain, 'fake-service');
    assert.equal(pod.metadata?.labels?.['apps.kubernetes.io/pod-index'], '3');
    assert.equal(pod.metadata?.labels?.['statefulset.kubernetes.io/pod-name'], `${app}-3`);
    assert.equal(pod.metadata?.labels?.['lifecycle.apps.kruise.io/state'], 'Normal');
    assert.deepStrictEqual(
      pod.metadata?.ownerReferences?.map((o) => [o.kind, o.name, o.controller]),
      [['StatefulSet', app, true]],
    );
    await readyStatus(app, (s) => s.readyReplicas === 5 && s.availableReplicas === 5);

    // kubectl scale: the scale subresource, and the selector an HPA reads.
    await client.patch(
      scales,
      { namespace, name: app },
      { type: 'merge', body: { spec: { replicas: 2 } } },
      { subresource: 'scale' as 'status' },
    );
    await podNames(app, named(app, [3, 4]));
    const status = await readyStatus(app, (s) => s.replicas === 2);
    assert.equal(status.labelSelector, `app=${app}`);
    const scale = await client.patch(
      scales,
      { namespace, name: app },
      { type: 'merge', body: {} },
      { subresource: 'scale' as 'status' },
    );
    assert.deepStrictEqual(
      [scale.spec?.replicas, scale.status?.replicas, scale.status?.selector],
      [2, 2, `app=${app}`],
    );

    // start 3 → 0 with replicas 2: 0 and 1 are made, then 4 and 3 go.
    await client.patch(
      statefulSets,
      { namespace, name: app },
      { type: 'merge', body: { spec: { ordinals: { start: 0 } } } },
    );
    await podNames(app, named(app, [0, 1]));
  });

  it('skips reserveOrdinals above a start ordinal', async () => {
    const app = `res-${RUN}`;
    kubelet.run(app);
    await create(
      sampleSet(app, {
        replicas: 3,
        ordinals: { start: 2 },
        reserveOrdinals: [1, 3],
        podManagementPolicy: 'Parallel',
      }),
    );
    await podNames(app, named(app, [2, 4, 5]));
  });

  it('stops a rolling update at the partition', async () => {
    const app = `part-${RUN}`;
    kubelet.run(app);
    await create(
      sampleSet(app, {
        replicas: 4,
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } },
      }),
    );
    await podNames(app, named(app, [0, 1, 2, 3]));
    const old = await readyStatus(app, (s) => s.readyReplicas === 4);
    await setImage(client, namespace, app, 'nginx:1.27');
    const done = await readyStatus(app, (s) => s.updatedReplicas === 2 && s.readyReplicas === 4);
    await reconcile.resync();
    const byPod = await revisions(app);
    assert.deepStrictEqual(byPod, {
      [`${app}-0`]: old.currentRevision,
      [`${app}-1`]: old.currentRevision,
      [`${app}-2`]: done.updateRevision,
      [`${app}-3`]: done.updateRevision,
    });
    assert.notEqual(done.updateRevision, old.currentRevision);
  });

  it('recreates no more than maxUnavailable pods at once', async () => {
    const app = `mu-${RUN}`;
    kubelet.run(app);
    await create(
      sampleSet(app, {
        replicas: 4,
        podManagementPolicy: 'Parallel',
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } },
      }),
    );
    await readyStatus(app, (s) => s.readyReplicas === 4);
    kubelet.pause(app);
    await setImage(client, namespace, app, 'nginx:1.27');
    const status = await readyStatus(app, (s) => s.updatedReplicas === 2);
    await reconcile.resync();
    const byPod = await revisions(app);
    assert.deepStrictEqual(
      Object.keys(byPod)
        .filter((n) => byPod[n] === status.updateRevision)
        .sort(),
      named(app, [2, 3]),
    );
    kubelet.run(app);
    await readyStatus(
      app,
      (s) =>
        s.updatedReplicas === 4 && s.readyReplicas === 4 && s.currentRevision === s.updateRevision,
    );
  });

  it('updates an image in place: same pod UID, inplace-update-state recorded, InPlaceUpdateReady True once the kubelet runs the new image', async () => {
    const app = `ip-${RUN}`;
    kubelet.run(app);
    const set = sampleSet(app, {
      replicas: 2,
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: { podUpdatePolicy: 'InPlaceIfPossible' },
      },
    });
    set.spec.template.spec = {
      ...set.spec.template.spec,
      readinessGates: [{ conditionType: 'InPlaceUpdateReady' }],
      containers: [{ name: 'main', image: 'nginx:alpine' }],
    };
    await create(set);
    const old = await readyStatus(app, (s) => s.readyReplicas === 2);
    const before = Object.fromEntries(
      (await podsOf(client, namespace, app)).map((p) => [p.metadata?.name, p.metadata?.uid]),
    );
    await setImage(client, namespace, app, 'nginx:1.27');
    await readyStatus(
      app,
      (s) =>
        s.updateRevision !== old.updateRevision &&
        s.updatedReplicas === 2 &&
        s.readyReplicas === 2 &&
        s.currentRevision === s.updateRevision,
    );
    const after = await podsOf(client, namespace, app);
    assert.deepStrictEqual(
      Object.fromEntries(after.map((p) => [p.metadata?.name, p.metadata?.uid])),
      before,
    );
    for (const p of after) {
      assert.equal(p.spec?.containers[0]?.image, 'nginx:1.27');
      const state = JSON.parse(
        p.metadata?.annotations?.['apps.kruise.io/inplace-update-state'] ?? '{}',
      ) as { revision?: string };
      assert.equal(state.revision, p.metadata?.labels?.[REVISION]);
      assert.equal(
        p.status?.conditions?.find((c) => c.type === 'InPlaceUpdateReady')?.status,
        'True',
      );
    }
  });

  it('waits out inPlaceUpdateStrategy.gracePeriodSeconds before patching the image (the grace annotation, then the images)', async () => {
    const app = `grace-${RUN}`;
    kubelet.run(app);
    const set = sampleSet(app, {
      replicas: 1,
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: {
          podUpdatePolicy: 'InPlaceIfPossible',
          inPlaceUpdateStrategy: { gracePeriodSeconds: 2 },
        },
      },
    });
    set.spec.template.spec = {
      ...set.spec.template.spec,
      readinessGates: [{ conditionType: 'InPlaceUpdateReady' }],
      containers: [{ name: 'main', image: 'nginx:alpine' }],
    };
    await create(set);
    const old = await readyStatus(app, (s) => s.readyReplicas === 1);
    const [first] = await podsOf(client, namespace, app);
    await setImage(client, namespace, app, 'nginx:1.27');
    await readyStatus(
      app,
      (s) =>
        s.updateRevision !== old.updateRevision &&
        s.updatedReplicas === 1 &&
        s.readyReplicas === 1 &&
        s.currentRevision === s.updateRevision,
    );
    const [pod] = await podsOf(client, namespace, app);
    assert.equal(pod?.metadata?.uid, first?.metadata?.uid);
    assert.equal(pod?.spec?.containers[0]?.image, 'nginx:1.27');
    assert.equal(pod?.metadata?.annotations?.['apps.kruise.io/inplace-update-grace'], undefined);
    const state = JSON.parse(
      pod?.metadata?.annotations?.['apps.kruise.io/inplace-update-state'] ?? '{}',
    ) as { updateTimestamp?: string; containerBatchesRecord?: { timestamp?: string }[] };
    // The update started at updateTimestamp; the images went in (the batch) once 2 s had passed.
    const started = Date.parse(state.updateTimestamp ?? '');
    const patched = Date.parse(state.containerBatchesRecord?.[0]?.timestamp ?? '');
    assert.ok(patched - started >= 2000, `images patched ${patched - started} ms after the start`);
  });

  it('creates claims and gives them the owner references the retention policy asks for', async () => {
    const app = `pvc-${RUN}`;
    kubelet.run(app);
    await create(
      sampleSet(app, {
        replicas: 2,
        podManagementPolicy: 'Parallel',
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        ],
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Delete' },
      }),
    );
    await readyStatus(app, (s) => s.readyReplicas === 2);
    const claim = async (o: number) =>
      (await client.find(persistentVolumeClaims, { namespace, name: `data-${app}-${o}` })) as
        PersistentVolumeClaim | undefined;
    assert.deepStrictEqual((await claim(0))?.metadata?.ownerReferences ?? [], []);
    const pod = await client.get(pods, { namespace, name: `${app}-0` });
    assert.deepStrictEqual(
      pod.spec?.volumes?.find((v) => v.name === 'data')?.persistentVolumeClaim?.claimName,
      `data-${app}-0`,
    );
    const pod1 = await client.get(pods, { namespace, name: `${app}-1` });
    await client.patch(
      statefulSets,
      { namespace, name: app },
      { type: 'merge', body: { spec: { replicas: 1 } } },
    );
    await podNames(app, named(app, [0]));
    // whenScaled Delete: the scaled-down pod owns its claim, which the garbage collector then deletes.
    const scaled = await until('claim owned by its pod', async () => {
      const c = await claim(1);
      return c?.metadata?.ownerReferences?.length ? c : undefined;
    });
    assert.deepStrictEqual(scaled.metadata?.ownerReferences, [
      { apiVersion: 'v1', kind: 'Pod', name: `${app}-1`, uid: pod1.metadata?.uid ?? '' },
    ]);
    // whenDeleted Delete: the set owns the claims it keeps.
    await client.patch(
      statefulSets,
      { namespace, name: app },
      {
        type: 'merge',
        body: {
          spec: {
            persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Delete' },
          },
        },
      },
    );
    const set = await client.get(statefulSets, { namespace, name: app });
    const owned = await until('claim owned by the set', async () => {
      const c = await claim(0);
      return c?.metadata?.ownerReferences?.some((r) => r.kind === 'StatefulSet') ? c : undefined;
    });
    assert.deepStrictEqual(owned.metadata?.ownerReferences, [
      {
        apiVersion: 'apps.kruise.io/v1beta1',
        kind: 'StatefulSet',
        name: app,
        uid: set.metadata?.uid ?? '',
      },
    ]);
  });
});
