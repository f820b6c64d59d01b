/**
 * `kubectl get sidecarsets / asts / imagepulljobs / nodeimages` with live
 * numbers: the real kube-apiserver's Table form (what kubectl asks for)
 * after kruise-fn's controllers wrote the status, driven by the apiserver's
 * audit events through the reconcile function (test/support/reconcile-harness.ts),
 * objects and pods through the admission webhook. The test plays the
 * kubelet (test/support fixtures) and the node puller (a tag of the one
 * node is reported Succeeded, the other's Failed). Each Table carries
 * OpenKruise's columns, and its cells are the status the controller wrote.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { ImagePullJob } from '../../shared/api/imagepulljob.js';
import type { ImageTagStatus } from '../../shared/api/nodeimage.js';
import { chartDefaultFeatureGates } from '../../shared/feature-gates.js';
import type { KubeClient } from '../../shared/kube/client.js';
import { nodes } from '../../shared/kube/core-resources.js';
import {
  imagePullJobs,
  nodeImages,
  sidecarSets,
  statefulSets,
} from '../../shared/kube/kruise-resources.js';
import { installCrds } from '../../infra/manifests/install-crds.js';
import { rawGet } from '../../infra/dev/wait.js';
import {
  ensureNamespace,
  sharedControlPlane,
  testNamespace,
  type ControlPlane,
} from '../support/control-plane.js';
import { startReconcile, type RunningReconcile } from '../support/reconcile-harness.js';
import { sidecarSetFixture } from '../support/sidecarset-fixture.js';
import { sampleSet, startKubelet, type Kubelet } from '../support/statefulset-fixture.js';
import { startAdmission, type RunningAdmission } from '../support/webhook-harness.js';

const RUN = randomBytes(3).toString('hex');
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';
const NODES = [`cols-${RUN}-a`, `cols-${RUN}-b`];

let cp: ControlPlane;
let admission: RunningAdmission;
let reconcile: RunningReconcile;
let client: KubeClient;
let kubelet: Kubelet;
let namespace: string;

interface Table {
  kind: string;
  columnDefinitions: { name: string; type: string; priority: number }[];
  rows: { cells: unknown[] }[];
}

/** The Table of one object: column names (priority 0, then wide) and its cells by column. */
async function table(path: string) {
  const { status, body } = await rawGet(cp.kubeConfig, path, TABLE);
  assert.equal(status, 200, body);
  const t = JSON.parse(body) as Table;
  assert.equal(t.kind, 'Table');
  assert.equal(t.rows.length, 1);
  const names = (p: number) =>
    t.columnDefinitions.filter((d) => d.priority === p).map((d) => d.name);
  const cells = Object.fromEntries(
    t.columnDefinitions.map((d, i) => [d.name, t.rows[0]?.cells[i]]),
  ) as Record<string, unknown>;
  return { columns: names(0), wide: names(1), cells };
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

before(async () => {
  cp = await sharedControlPlane();
  await installCrds(cp.kubeConfig);
  admission = await startAdmission(cp, { featureGates: chartDefaultFeatureGates });
  reconcile = await startReconcile(cp, { featureGates: chartDefaultFeatureGates });
  client = reconcile.client;
  namespace = await testNamespace(cp.kubeConfig, 'columns');
  await ensureNamespace(cp.kubeConfig, 'kruise-daemon-config');
  kubelet = startKubelet(client, namespace);
});
after(async () => {
  await kubelet.stop();
  await client.delete(sidecarSets, { name: `cols-${RUN}` }).catch(() => undefined);
  for (const name of NODES) {
    await client.delete(nodes, { name }).catch(() => undefined);
    await client.delete(nodeImages, { name }).catch(() => undefined);
  }
  await reconcile.stop();
  await admission.stop();
});

describe('kubectl get shows live numbers in the printer columns', () => {
  it('SidecarSet: MATCHED / UPDATED / READY as the SidecarSet controller counted', async () => {
    const name = `cols-${RUN}`;
    const f = sidecarSetFixture(client, namespace);
    await f.createSidecarSet(name, name, {
      containers: [{ name: 'log-agent', image: 'example/log:1' }],
    });
    await f.createPods(name, 3);
    const status = await reconcile.until('SidecarSet counted 3 ready pods', async () => {
      const s = (await client.get(sidecarSets, { name })).status;
      return s?.matchedPods === 3 && s.updatedPods === 3 && s.readyPods === 3 ? s : undefined;
    });
    const t = await table(`/apis/apps.kruise.io/v1alpha1/sidecarsets/${name}`);
    assert.deepEqual(t.columns, ['Name', 'MATCHED', 'UPDATED', 'READY', 'AGE']);
    assert.deepEqual(
      [t.cells['Name'], t.cells['MATCHED'], t.cells['UPDATED'], t.cells['READY']],
      [name, status.matchedPods, status.updatedPods, status.readyPods],
    );
    assert.deepEqual([t.cells['MATCHED'], t.cells['UPDATED'], t.cells['READY']], [3, 3, 3]);
  });

  it('Advanced StatefulSet: DESIRED / CURRENT / UPDATED / READY as its controller wrote them', async () => {
    const name = `cols-${RUN}`;
    const set = sampleSet(name, { replicas: 2 });
    await client.create(statefulSets, { ...set, metadata: { name, namespace } });
    kubelet.run(name);
    const status = await reconcile.until('2 ready replicas', async () => {
      const s = (await client.get(statefulSets, { namespace, name })).status;
      return s?.readyReplicas === 2 && s.updatedReplicas === 2 && s.replicas === 2 ? s : undefined;
    });
    const t = await table(
      `/apis/apps.kruise.io/v1beta1/namespaces/${namespace}/statefulsets/${name}`,
    );
    assert.deepEqual(t.columns, ['Name', 'DESIRED', 'CURRENT', 'UPDATED', 'READY', 'AGE']);
    assert.deepEqual(t.wide, ['CONTAINERS', 'IMAGES']);
    assert.deepEqual(
      [t.cells['DESIRED'], t.cells['CURRENT'], t.cells['UPDATED'], t.cells['READY']],
      [2, status.replicas, status.updatedReplicas, status.readyReplicas],
    );
    assert.deepEqual([t.cells['CONTAINERS'], t.cells['IMAGES']], ['main', 'nginx:alpine']);
    // The v1alpha1 view prints the same numbers.
    const alpha = await table(
      `/apis/apps.kruise.io/v1alpha1/namespaces/${namespace}/statefulsets/${name}`,
    );
    assert.deepEqual(alpha.cells, { ...t.cells, AGE: alpha.cells['AGE'] });
  });

  it('ImagePullJob: TOTAL / ACTIVE / SUCCEED / FAILED / MESSAGE, and each NodeImage’s counts', async () => {
    // Two Ready Nodes (an hour ago): the NodeImage controller makes their NodeImages.
    for (const name of NODES) {
      const node = await client.create(nodes, { metadata: { name, labels: { run: RUN } } });
      await client.updateStatus(nodes, {
        ...node,
        status: {
          conditions: [
            {
              type: 'Ready',
              status: 'True',
              reason: 'KubeletReady',
              lastTransitionTime: iso(Date.now() - 3_600_000),
              lastHeartbeatTime: iso(Date.now()),
            },
          ],
        },
      });
    }
    await reconcile.until('two NodeImages', async () => {
      const list = await client.list(nodeImages, { labelSelector: `run=${RUN}` });
      return list.items.length === 2 ? list : undefined;
    });
    const name = `cols-${RUN}`;
    await client.create(imagePullJobs, {
      apiVersion: 'apps.kruise.io/v1alpha1',
      kind: 'ImagePullJob',
      metadata: { name, namespace },
      spec: {
        image: 'nginx:1.25',
        selector: { matchLabels: { run: RUN } },
        parallelism: 2,
        completionPolicy: { type: 'Always' },
      },
    } as ImagePullJob);
    const puller = playNodePuller();
    const job = await reconcile
      .until(
        'job completed',
        async () => {
          const j = await client.get(imagePullJobs, { namespace, name });
          return j.status?.completionTime !== undefined ? j : undefined;
        },
        60_000,
      )
      .finally(() => puller.stop());
    const t = await table(
      `/apis/apps.kruise.io/v1alpha1/namespaces/${namespace}/imagepulljobs/${name}`,
    );
    assert.deepEqual(t.columns, ['Name', 'TOTAL', 'ACTIVE', 'SUCCEED', 'FAILED', 'AGE', 'MESSAGE']);
    const s = job.status;
    assert.deepEqual(
      [
        t.cells['TOTAL'],
        t.cells['ACTIVE'],
        t.cells['SUCCEED'],
        t.cells['FAILED'],
        t.cells['MESSAGE'],
      ],
      [s?.desired, s?.active, s?.succeeded, s?.failed, s?.message],
    );
    assert.deepEqual(
      [
        t.cells['TOTAL'],
        t.cells['ACTIVE'],
        t.cells['SUCCEED'],
        t.cells['FAILED'],
        t.cells['MESSAGE'],
      ],
      [2, 0, 1, 1, 'job has completed'],
    );
    for (const node of NODES) {
      const n = await client.get(nodeImages, { name: node });
      const nt = await table(`/apis/apps.kruise.io/v1alpha1/nodeimages/${node}`);
      assert.deepEqual(nt.columns, ['Name', 'DESIRED', 'PULLING', 'SUCCEED', 'FAILED', 'AGE']);
      const ns = n.status;
      assert.deepEqual(
        [nt.cells['DESIRED'], nt.cells['PULLING'], nt.cells['SUCCEED'], nt.cells['FAILED']],
        [ns?.desired, ns?.pulling, ns?.succeeded, ns?.failed],
      );
      assert.equal(nt.cells['DESIRED'], 1, node);
    }
  });
});

/**
 * The node puller's part on this test's two NodeImages: each open tag
 * is reported Pulling, then Succeeded on the first node and Failed on the
 * second, with the counts the puller writes (functions/node-puller/node-status.ts).
 */
function playNodePuller(): { stop(): Promise<void> } {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const list = await client
        .list(nodeImages, { labelSelector: `run=${RUN}` })
        .catch(() => undefined);
      for (const n of list?.items ?? []) {
        const fails = n.metadata?.name === NODES[1];
        const imageStatuses: Record<string, { tags: ImageTagStatus[] }> = {};
        let changed = false;
        for (const [image, spec] of Object.entries(n.spec.images ?? {})) {
          const tags = spec.tags.map((t): ImageTagStatus => {
            const seen = n.status?.imageStatuses?.[image]?.tags.find((s) => s.tag === t.tag);
            if (seen !== undefined && seen.phase !== 'Pulling') return seen;
            changed = true;
            if (seen === undefined) return { tag: t.tag, phase: 'Pulling' };
            const completionTime = iso(Date.now());
            return fails
              ? { ...seen, phase: 'Failed', message: 'unauthorized: 401', completionTime }
              : { ...seen, phase: 'Succeeded', progress: 100, completionTime };
          });
          imageStatuses[image] = { tags };
        }
        if (!changed) continue;
        const all = Object.values(imageStatuses).flatMap((s) => s.tags);
        const count = (p: string) => all.filter((t) => t.phase === p).length;
        await client
          .updateStatus(nodeImages, {
            ...n,
            status: {
              desired: all.length,
              succeeded: count('Succeeded'),
              failed: count('Failed'),
              pulling: count('Pulling'),
              imageStatuses,
            },
          })
          .catch(() => undefined); // a conflict: the next pass
      }
      await sleep(150);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
