/**
 * The ImagePullJob and NodeImage controllers against the real
 * kube-apiserver (SPEC §6.2, §6.3), driven by its audit events through the
 * reconcile function (test/support/reconcile-harness.ts); jobs and
 * NodeImages defaulted and validated by kruise-fn's admission webhook.
 * Nodes are API objects with a Ready condition; the test's status writer
 * plays the node puller (functions/node-puller), answering each tag of its
 * NodeImages with Pulling and then Succeeded (Failed for `busybox`), one
 * write per pass, as a puller reports its pulls.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { Node, Pod, Secret } from '../../shared/api/core/core-v1.js';
import type { SidecarSet } from '../../shared/api/sidecarset.js';
import type { ImagePullJob } from '../../shared/api/imagepulljob.js';
import type { ImageTagStatus, NodeImage } from '../../shared/api/nodeimage.js';
import { chartDefaultFeatureGates } from '../../shared/feature-gates.js';
import { kubeClient, type KubeClient } from '../../shared/kube/client.js';
import { nodes, pods, secrets } from '../../shared/kube/core-resources.js';
import { imagePullJobs, nodeImages, sidecarSets } from '../../shared/kube/kruise-resources.js';
import {
  ensureNamespace,
  sharedControlPlane,
  testNamespace,
  type ControlPlane,
} from '../support/control-plane.js';
import { startReconcile, type RunningReconcile } from '../support/reconcile-harness.js';
import { startAdmission, type RunningAdmission } from '../support/webhook-harness.js';

const RUN = randomBytes(3).toString('hex');
const DAEMON_NS = 'kruise-daemon-config';
const NODES = [1, 2, 3, 4, 5].map((i) => `ipj-${RUN}-${i}`);

let cp: ControlPlane;
let admission: RunningAdmission;
let reconcile: RunningReconcile;
let client: KubeClient;
let namespace: string;
let writer: { stop(): Promise<void> } | undefined;

const readyNode = async (name: string) => {
  const created = await client.create(nodes, { metadata: { name, labels: { run: RUN } } });
  const ready: Node = {
    ...created,
    status: {
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          lastTransitionTime: new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z/, 'Z'),
          lastHeartbeatTime: new Date().toISOString().replace(/\.\d+Z/, 'Z'),
        },
      ],
    },
  };
  await client.updateStatus(nodes, ready);
};

const ours = async () =>
  (await client.list(nodeImages, { labelSelector: `run=${RUN}` })).items.sort((a, b) =>
    (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1,
  );

/** The node puller's part: each pass moves every open tag one step (none → Pulling → final). */
function startStatusWriter(): { stop(): Promise<void> } {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      for (const n of await ours().catch(() => [])) {
        const statuses: Record<string, { tags: ImageTagStatus[] }> = {};
        let changed = false;
        for (const [image, spec] of Object.entries(n.spec.images ?? {})) {
          const tags: ImageTagStatus[] = [];
          for (const t of spec.tags) {
            const seen = n.status?.imageStatuses?.[image]?.tags.find((s) => s.tag === t.tag);
            const version = t.version ?? 0;
            let next: ImageTagStatus | undefined = seen;
            if (seen === undefined || (seen.version ?? 0) !== version) {
              next = { tag: t.tag, phase: 'Pulling', ...(version !== 0 && { version }) };
            } else if (seen.phase === 'Pulling') {
              next =
                image === 'busybox'
                  ? { ...seen, phase: 'Failed', message: 'unauthorized: 401' }
                  : { ...seen, phase: 'Succeeded', progress: 100 };
              next.completionTime = new Date().toISOString().replace(/\.\d+Z/, 'Z');
            }
            if (next !== seen) changed = true;
            if (next !== undefined) tags.push(next);
          }
          if (tags.length > 0) statuses[image] = { tags };
        }
        if (!changed) continue;
        const all = Object.values(statuses).flatMap((s) => s.tags);
        const count = (p: string) => all.filter((t) => t.phase === p).length;
        await client
          .updateStatus(nodeImages, {
            ...n,
            status: {
              desired: all.length,
              succeeded: count('Succeeded'),
              failed: count('Failed'),
              pulling: count('Pulling'),
              imageStatuses: statuses,
            },
          })
          .catch(() => undefined); // a conflict: next pass
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

/** NodeImages whose tag of `image` is written but not final at its version: what pulls now. */
const activeOn = (list: readonly NodeImage[], image: string, uid: string) =>
  list.filter((n) => {
    const t = n.spec.images?.[image]?.tags.find((x) =>
      x.ownerReferences?.some((o) => o.uid === uid),
    );
    if (t === undefined) return false;
    const s = n.status?.imageStatuses?.[image]?.tags.find((x) => x.tag === t.tag);
    return !(
      s !== undefined &&
      (s.version ?? 0) === (t.version ?? 0) &&
      (s.phase === 'Succeeded' || s.phase === 'Failed')
    );
  }).length;

before(async () => {
  cp = await sharedControlPlane();
  admission = await startAdmission(cp, { featureGates: chartDefaultFeatureGates });
  client = kubeClient(cp.kubeConfig);
  namespace = await testNamespace(cp.kubeConfig, 'ipj');
  await ensureNamespace(cp.kubeConfig, DAEMON_NS);
  reconcile = await startReconcile(cp, { featureGates: chartDefaultFeatureGates });
});
after(async () => {
  await writer?.stop();
  for (const name of NODES) await client.delete(nodes, { name }).catch(() => undefined);
  await reconcile.stop();
  await admission.stop();
});

describe('ImagePullJob and NodeImage controllers driven by audit events', () => {
  it('creates a NodeImage for each Ready node, with its labels', async () => {
    for (const name of NODES) await readyNode(name);
    const got = await reconcile.until('five NodeImages', async () => {
      const list = await ours();
      return list.length === 5 ? list : undefined;
    });
    assert.deepStrictEqual(
      got.map((n) => n.metadata?.name),
      NODES,
    );
    for (const n of got) assert.deepStrictEqual(n.metadata?.labels, { run: RUN });
    writer = startStatusWriter();
  });

  it('pulls over 5 nodes with parallelism 2, never more than 2 active, copying the pull secret', async () => {
    const source = await client.create(secrets, {
      metadata: { name: 'reg', namespace },
      type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': Buffer.from('{"auths":{}}').toString('base64') },
    } as Secret);
    const job = await client.create(imagePullJobs, {
      apiVersion: 'apps.kruise.io/v1alpha1',
      kind: 'ImagePullJob',
      metadata: { name: 'nginx', namespace },
      spec: {
        image: 'nginx:1.25',
        pullSecrets: ['reg'],
        selector: { matchLabels: { run: RUN } },
        parallelism: 2,
        completionPolicy: { type: 'Always', ttlSecondsAfterFinished: 5 },
      },
    } as ImagePullJob);
    const uid = job.metadata?.uid ?? '';
    let maxActive = 0;
    let maxReported = 0;
    let copy: Secret | undefined;
    const final = await reconcile.until(
      'job completed',
      async () => {
        const [list, j, copies] = await Promise.all([
          ours(),
          client.get(imagePullJobs, { namespace, name: 'nginx' }),
          client.list(secrets, {
            namespace: DAEMON_NS,
            labelSelector: `imagepulljobs.kruise.io/source-uid=${source.metadata?.uid ?? ''}`,
          }),
        ]);
        maxActive = Math.max(maxActive, activeOn(list, 'nginx', uid));
        maxReported = Math.max(maxReported, j.status?.active ?? 0);
        copy ??= copies.items[0];
        return j.status?.completionTime !== undefined ? { j, list } : undefined;
      },
      60_000,
    );
    assert.ok(maxActive <= 2, `at most 2 NodeImages pulling at once, saw ${maxActive}`);
    assert.ok(maxActive >= 1, 'the samples saw pulls in flight');
    assert.ok(maxReported <= 2, `status.active at most 2, saw ${maxReported}`);
    assert.deepStrictEqual(
      {
        desired: final.j.status?.desired,
        active: final.j.status?.active,
        succeeded: final.j.status?.succeeded,
        failed: final.j.status?.failed,
        message: final.j.status?.message,
      },
      { desired: 5, active: 0, succeeded: 5, failed: 0, message: 'job has completed' },
    );
    assert.ok(copy, 'a copy of the pull secret in the daemon namespace');
    assert.equal(copy.metadata?.generateName, 'reg-');
    assert.equal(
      copy.metadata?.annotations?.['imagepulljobs.kruise.io/source-key'],
      `${namespace}/reg`,
    );
    assert.equal(
      copy.metadata?.annotations?.['imagepulljobs.kruise.io/references'],
      `${namespace}/nginx`,
    );
    assert.deepStrictEqual(copy.data, source.data);
    for (const n of final.list)
      assert.deepStrictEqual(n.spec.images?.['nginx']?.pullSecrets, [
        { namespace: DAEMON_NS, name: copy.metadata?.name },
      ]);

    // Completed: the copy is released and, 5 s after completion, the job is deleted.
    await reconcile.until(
      'copy deleted and job gone by its TTL',
      async () => {
        const [j, c] = await Promise.all([
          client.find(imagePullJobs, { namespace, name: 'nginx' }),
          client.find(secrets, { namespace: DAEMON_NS, name: copy?.metadata?.name ?? '' }),
        ]);
        return j === undefined && c === undefined ? true : undefined;
      },
      30_000,
    );
  });

  it("a node's failure reaches the job's failedNodes", async () => {
    await client.create(imagePullJobs, {
      apiVersion: 'apps.kruise.io/v1alpha1',
      kind: 'ImagePullJob',
      metadata: { name: 'busybox', namespace },
      spec: {
        image: 'busybox:bad',
        selector: { names: [NODES[2] ?? '', 'no-such-node'] },
        completionPolicy: { type: 'Always' },
      },
    } as ImagePullJob);
    const status = await reconcile.until(
      'busybox failed',
      async () => {
        const j = await client.get(imagePullJobs, { namespace, name: 'busybox' });
        return j.status?.completionTime !== undefined ? j.status : undefined;
      },
      30_000,
    );
    assert.deepStrictEqual(
      {
        desired: status.desired,
        succeeded: status.succeeded,
        failed: status.failed,
        failedNodes: status.failedNodes,
      },
      { desired: 1, succeeded: 0, failed: 1, failedNodes: [NODES[2]] },
    );
  });

  it("a podSelector job owned by a SidecarSet pulls on its pods' nodes in the SidecarSet's order", async () => {
    // The SidecarSet selects no pod; its priority puts the gold pod first.
    const set = await client.create(sidecarSets, {
      apiVersion: 'apps.kruise.io/v1alpha1',
      kind: 'SidecarSet',
      metadata: { name: `order-${RUN}` },
      spec: {
        selector: { matchLabels: { never: RUN } },
        containers: [{ name: 'side', image: 'side:1' }],
        updateStrategy: {
          priorityStrategy: {
            weightPriority: [{ weight: 10, matchSelector: { matchLabels: { tier: 'gold' } } }],
          },
        },
      },
    } as SidecarSet);
    // Listed by name: p-a (NODES[0]) first; in the SidecarSet's order the gold p-c (NODES[3]).
    for (const [name, node, tier] of [
      ['p-a', NODES[0], 'plain'],
      ['p-b', NODES[1], 'plain'],
      ['p-c', NODES[3], 'gold'],
    ] as const) {
      await client.create(pods, {
        metadata: { name, namespace, labels: { app: `ordered-${RUN}`, tier } },
        spec: { nodeName: node, containers: [{ name: 'main', image: 'app:1' }] },
      } as Pod);
    }
    const job = await client.create(imagePullJobs, {
      apiVersion: 'apps.kruise.io/v1alpha1',
      kind: 'ImagePullJob',
      metadata: {
        name: 'ordered',
        namespace,
        ownerReferences: [
          {
            apiVersion: 'apps.kruise.io/v1alpha1',
            kind: 'SidecarSet',
            name: set.metadata?.name ?? '',
            uid: set.metadata?.uid ?? '',
            controller: true,
          },
        ],
      },
      spec: {
        image: 'ordered:1',
        podSelector: { matchLabels: { app: `ordered-${RUN}` } },
        parallelism: 1,
        completionPolicy: { type: 'Always' },
      },
    } as ImagePullJob);
    const uid = job.metadata?.uid ?? '';
    const order: string[] = [];
    await reconcile.until(
      'ordered job completed',
      async () => {
        for (const n of await ours()) {
          const name = n.metadata?.name ?? '';
          const tagged = n.spec.images?.['ordered']?.tags.some((t) =>
            t.ownerReferences?.some((o) => o.uid === uid),
          );
          if (tagged === true && !order.includes(name)) order.push(name);
        }
        const j = await client.get(imagePullJobs, { namespace, name: 'ordered' });
        return j.status?.completionTime !== undefined ? true : undefined;
      },
      60_000,
    );
    assert.deepStrictEqual(order, [NODES[3], NODES[1], NODES[0]]);
    await client.delete(sidecarSets, { name: set.metadata?.name ?? '' });
  });

  it('deletes a NodeImage with its Node', async () => {
    const gone = NODES[4] ?? '';
    await client.delete(nodes, { name: gone });
    await reconcile.until('NodeImage deleted', async () =>
      (await client.find(nodeImages, { name: gone })) === undefined ? true : undefined,
    );
  });
});
