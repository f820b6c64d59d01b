/**
 * The SidecarSet controller against the real kube-apiserver (SPEC §2.9–§2.11).
 * SidecarSets and pods go through kruise-fn's admission webhook, and the test
 * plays the kubelet (test/support/sidecarset-fixture.ts).
 *
 * - Driven by the kube-apiserver's audit events through the reconcile
 *   function (test/support/reconcile-harness.ts): a rolling update with
 *   partition 4 and maxUnavailable 2, and a native-sidecar rollout under
 *   SidecarSetNativeSidecarInPlaceUpdate.
 * - Driven by reconcileKey: ten concurrent reconciles of one SidecarSet,
 *   something events cannot stage, with the Lease the function takes.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { chartDefaultFeatureGates, parseFeatureGates } from '../../shared/feature-gates.js';
import { kubeClient, type KubeClient } from '../../shared/kube/client.js';
import { namespaces } from '../../shared/kube/core-resources.js';
import { sidecarSets } from '../../shared/kube/kruise-resources.js';
import { acquireLease, leaseName } from '../../shared/kube/lease.js';
import { reconcileKey } from '../../shared/kube/reconcile-key.js';
import { createLogger } from '../../shared/log/index.js';
import { captureLines } from '../../shared/log/test-support.js';
import { sidecarSetController } from '../../functions/reconcile/sidecarset/sidecarset-controller.js';
import { sharedControlPlane, testNamespace, type ControlPlane } from '../support/control-plane.js';
import { startReconcile, type RunningReconcile } from '../support/reconcile-harness.js';
import {
  counts,
  sidecarSetFixture,
  withImage,
  type Counts,
} from '../support/sidecarset-fixture.js';
import { startAdmission, type RunningAdmission } from '../support/webhook-harness.js';

const RUN = randomBytes(3).toString('hex');
const GATES = `${chartDefaultFeatureGates},SidecarSetNativeSidecarInPlaceUpdate=true`;
const KRUISE_NS = 'kruise-system';

let cp: ControlPlane;
let admission: RunningAdmission;
let client: KubeClient;
let namespace: string;
let f: ReturnType<typeof sidecarSetFixture>;

before(async () => {
  cp = await sharedControlPlane();
  admission = await startAdmission(cp, { featureGates: GATES });
  client = kubeClient(cp.kubeConfig);
  if ((await client.find(namespaces, { name: KRUISE_NS })) === undefined) {
    await client.create(namespaces, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: KRUISE_NS },
    });
  }
  namespace = await testNamespace(cp.kubeConfig, 'sidecarset');
  f = sidecarSetFixture(client, namespace);
});
after(async () => {
  await admission.stop();
});

describe('SidecarSet controller: ten concurrent reconciles of one SidecarSet (reconcileKey, Lease)', () => {
  const name = `cc-${RUN}`;
  const controller = sidecarSetController({
    gates: parseFeatureGates(GATES),
    kruiseNamespace: KRUISE_NS,
    now: () => new Date(),
  });
  const { destination } = captureLines();
  const log = createLogger({ destination, level: 0, format: 'text', env: {} });
  const exclusive = (holder: string) =>
    acquireLease(client, {
      namespace: KRUISE_NS,
      name: leaseName(['kruise-fn', controller.name, '', name]),
      holder,
      durationMs: 30_000,
    });
  const wave = () =>
    Promise.all(
      Array.from({ length: 10 }, () =>
        reconcileKey({ name }, controller, client, log, { exclusive }),
      ),
    );

  after(async () => {
    if ((await client.find(sidecarSets, { name })) !== undefined)
      await client.delete(sidecarSets, { name });
  });

  it('never has more than maxUnavailable pods in flight and loses no update', async () => {
    await f.createSidecarSet(name, name, {
      containers: [{ name: 'log-agent', image: 'example/log:1' }],
      updateStrategy: { type: 'RollingUpdate', maxUnavailable: 2 },
    });
    const names = await f.createPods(name, 10);
    await reconcileKey({ name }, controller, client, log, { exclusive });
    await f.setImage(name, 'example/log:2');
    const caughtUp = new Set<string>();
    const updatedPerWave: number[] = [];
    for (let round = 0; round < 12 && caughtUp.size < 10; round++) {
      const results = await wave();
      assert.ok(
        results.every((r) => r.outcome === 'done' || r.outcome === 'deferred'),
        JSON.stringify(results.map((r) => r.outcome)),
      );
      // Ten at once: the Lease lets one through, the others are deferred, not run on stale reads.
      if (round === 0) assert.ok(results.some((r) => r.outcome === 'deferred'));
      const updated = withImage(await f.images(name, 'log-agent'), 'example/log:2');
      updatedPerWave.push(updated.length);
      const inFlight = updated.filter((n) => !caughtUp.has(n));
      assert.ok(inFlight.length <= 2, `in flight: ${inFlight.join(', ')}`);
      // Every other round the kubelet has not restarted anything yet: the budget stays spent.
      if (round % 2 === 1 || inFlight.length === 0) {
        for (const n of inFlight) {
          await f.kubelet(n, names.indexOf(n));
          caughtUp.add(n);
        }
      }
    }
    assert.deepStrictEqual(updatedPerWave, [2, 2, 4, 4, 6, 6, 8, 8, 10, 10]);
    await reconcileKey({ name }, controller, client, log, { exclusive });
    const set = await client.get(sidecarSets, { name });
    assert.deepStrictEqual(
      withImage(await f.images(name, 'log-agent'), 'example/log:2'),
      [...names].sort(),
    );
    assert.deepStrictEqual(counts(set), {
      matchedPods: 10,
      updatedPods: 10,
      readyPods: 10,
      updatedReadyPods: 10,
    });
  });
});

describe('SidecarSet controller driven by audit events', () => {
  let reconcile: RunningReconcile;
  before(async () => {
    reconcile = await startReconcile(cp, { featureGates: GATES });
  });
  after(async () => {
    await reconcile.stop();
  });

  const status = (name: string, want: Counts) =>
    reconcile.until(`status of ${name} ${JSON.stringify(want)}`, async () => {
      const s = await client.get(sidecarSets, { name });
      return JSON.stringify(counts(s)) === JSON.stringify(want) ? s : undefined;
    });

  const updatedTo = (app: string, sidecar: string, image: string, want: string[], init = false) =>
    reconcile.until(`${want.join(',')} on ${image}`, async () => {
      const on = withImage(await f.images(app, sidecar, init), image);
      return JSON.stringify(on) === JSON.stringify(want) ? on : undefined;
    });

  it('rolls out with partition 4, maxUnavailable 2: two pods per readiness step, four left old', async () => {
    const name = `rl-${RUN}`;
    await f.createSidecarSet(name, name, {
      containers: [{ name: 'log-agent', image: 'example/log:1' }],
      updateStrategy: { type: 'RollingUpdate', partition: 4, maxUnavailable: 2 },
    });
    await f.createPods(name, 10);
    await status(name, { matchedPods: 10, updatedPods: 10, readyPods: 10, updatedReadyPods: 10 });

    await f.setImage(name, 'example/log:2');
    const steps: [number[], Counts][] = [
      [[9, 8], { matchedPods: 10, updatedPods: 2, readyPods: 8, updatedReadyPods: 0 }],
      [[9, 8, 7, 6], { matchedPods: 10, updatedPods: 4, readyPods: 8, updatedReadyPods: 2 }],
      [[9, 8, 7, 6, 5, 4], { matchedPods: 10, updatedPods: 6, readyPods: 8, updatedReadyPods: 4 }],
    ];
    let previous: number[] = [];
    for (const [want, counted] of steps) {
      const names = want.map((i) => `${name}-${i}`).sort();
      await updatedTo(name, 'log-agent', 'example/log:2', names);
      await status(name, counted);
      // The kubelet restarts the two sidecars in flight: the next two may go.
      for (const i of want.filter((i) => !previous.includes(i))) await f.kubelet(`${name}-${i}`, i);
      previous = want;
    }
    await status(name, { matchedPods: 10, updatedPods: 6, readyPods: 10, updatedReadyPods: 6 });
    // The partition keeps the last four: a resync changes nothing.
    await reconcile.resync();
    assert.deepStrictEqual(
      withImage(await f.images(name, 'log-agent'), 'example/log:1'),
      [0, 1, 2, 3].map((i) => `${name}-${i}`),
    );
  });

  it('rolls out native sidecars in place under SidecarSetNativeSidecarInPlaceUpdate', async () => {
    const name = `nat-${RUN}`;
    await f.createSidecarSet(name, name, {
      initContainers: [{ name: 'proxy', image: 'example/proxy:1', restartPolicy: 'Always' }],
      updateStrategy: { type: 'RollingUpdate', maxUnavailable: 1 },
    });
    await f.createPods(name, 3);
    await status(name, { matchedPods: 3, updatedPods: 3, readyPods: 3, updatedReadyPods: 3 });

    await f.setImage(name, 'example/proxy:2', true);
    for (const [step, i] of [2, 1, 0].entries()) {
      const want = [2, 1, 0]
        .slice(0, step + 1)
        .map((n) => `${name}-${n}`)
        .sort();
      await updatedTo(name, 'proxy', 'example/proxy:2', want, true);
      // Until the kubelet (≥ 1.32) restarts it, the updated sidecar holds the budget.
      await status(name, {
        matchedPods: 3,
        updatedPods: step + 1,
        readyPods: 2,
        updatedReadyPods: step,
      });
      await f.kubelet(`${name}-${i}`, i);
    }
    await status(name, { matchedPods: 3, updatedPods: 3, readyPods: 3, updatedReadyPods: 3 });
  });
});
