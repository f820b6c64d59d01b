/**
 * Ten concurrent invocations of the reconcile function on one SidecarSet,
 * spread over three instances of the built Knative bundle (three processes,
 * as Knative scales a service out), each naming the SidecarSet with an
 * ApiServerSource CloudEvent. The SidecarSet's Lease lets one instance write
 * at a time; the others wait their turn and then find nothing to do. After
 * every wave no more than `maxUnavailable` pods are updated and not yet
 * restarted by the kubelet (this test), and in the end every pod is updated
 * and the status counts all of them.
 *
 * The relay sends the apiserver's audit events nowhere meanwhile: only the
 * test's invocations run the controller.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { HTTP } from 'cloudevents';
import type { BatchSummary } from '../../functions/reconcile/reconcile-batch.js';
import { buildFunctions } from '../../infra/build.js';
import { kubeClient, type KubeClient } from '../../shared/kube/client.js';
import { sidecarSets } from '../../shared/kube/kruise-resources.js';
import { apiServerSourceEvent } from '../support/apiserver-source.js';
import { startBundleProcess, type BundleProcess } from '../support/bundle-process.js';
import {
  ensureNamespace,
  sharedControlPlane,
  testNamespace,
  type ControlPlane,
} from '../support/control-plane.js';
import { chartIdentity } from '../support/chart-identity.js';
import { counts, sidecarSetFixture, withImage } from '../support/sidecarset-fixture.js';
import { startAdmission, type RunningAdmission } from '../support/webhook-harness.js';

const INSTANCES = 3;
const INVOCATIONS = 10;
const MAX_UNAVAILABLE = 2;
const PODS = 10;
const KRUISE_NS = 'kruise-system';
const NAME = `inv-${randomBytes(3).toString('hex')}`;

let cp: ControlPlane;
let client: KubeClient;
let admission: RunningAdmission;
let instances: BundleProcess[] = [];
const dir = mkdtempSync(join(tmpdir(), 'kruise-fn-invocations-'));

before(async () => {
  cp = await sharedControlPlane();
  client = kubeClient(cp.kubeConfig);
  await ensureNamespace(cp.kubeConfig, KRUISE_NS);
  admission = await startAdmission(cp);
  const built = await buildFunctions({ outdir: join(dir, 'dist'), only: ['reconcile'] });
  const knative = built.find((b) => b.entry === 'knative');
  if (knative === undefined) throw new Error('no reconcile Knative bundle was built');
  const identity = await chartIdentity(cp, 'reconcile', { namespace: KRUISE_NS });
  const env = { KUBECONFIG: identity.kubeconfigPath, POD_NAMESPACE: KRUISE_NS, LOG_LEVEL: '0' };
  instances = await Promise.all(
    Array.from({ length: INSTANCES }, () => startBundleProcess(knative.outfile, env)),
  );
});
after(async () => {
  for (const instance of instances) await instance.stop();
  await admission.stop();
  if ((await client.find(sidecarSets, { name: NAME })) !== undefined)
    await client.delete(sidecarSets, { name: NAME });
  rmSync(dir, { recursive: true, force: true });
});

/** Invocation `i` goes to instance `i mod INSTANCES`, all at once; their answers. */
async function wave(): Promise<BatchSummary[]> {
  const set = await client.get(sidecarSets, { name: NAME });
  const message = HTTP.binary(
    apiServerSourceEvent(cp.server, 'ref', 'update', {
      ...set,
      apiVersion: 'apps.kruise.io/v1alpha1',
      kind: 'SidecarSet',
    }),
  );
  return Promise.all(
    Array.from({ length: INVOCATIONS }, async (_, i) => {
      const instance = instances[i % INSTANCES] as BundleProcess;
      const res = await fetch(`${instance.url}/`, {
        method: 'POST',
        headers: message.headers as Record<string, string>,
        body: String(message.body),
      });
      const body = (await res.json()) as BatchSummary;
      assert.equal(res.status, 200, JSON.stringify(body));
      return body;
    }),
  );
}

describe(`${INVOCATIONS} concurrent invocations over ${INSTANCES} instances on one SidecarSet`, () => {
  it(`never has more than maxUnavailable (${MAX_UNAVAILABLE}) pods in flight and loses no update`, async () => {
    const namespace = await testNamespace(cp.kubeConfig, 'invocations');
    const f = sidecarSetFixture(client, namespace);
    await f.createSidecarSet(NAME, NAME, {
      containers: [{ name: 'log-agent', image: 'example/log:1' }],
      updateStrategy: { type: 'RollingUpdate', maxUnavailable: MAX_UNAVAILABLE },
    });
    const names = await f.createPods(NAME, PODS);
    await wave();
    await f.setImage(NAME, 'example/log:2');

    const caughtUp = new Set<string>();
    const inFlightPerWave: number[] = [];
    const outcomes: Record<string, number> = {};
    for (let round = 0; round < 3 * PODS && caughtUp.size < PODS; round++) {
      for (const summary of await wave()) {
        for (const [outcome, n] of Object.entries(summary.outcomes))
          outcomes[outcome] = (outcomes[outcome] ?? 0) + n;
        assert.equal(summary.outcomes['failed'], undefined, JSON.stringify(summary));
      }
      const updated = withImage(await f.images(NAME, 'log-agent'), 'example/log:2');
      const inFlight = updated.filter((n) => !caughtUp.has(n));
      inFlightPerWave.push(inFlight.length);
      assert.ok(inFlight.length <= MAX_UNAVAILABLE, `in flight: ${inFlight.join(', ')}`);
      // The kubelet restarts the updated sidecars after every other wave: in
      // between, a wave finds the budget spent and must update nothing.
      if (round % 2 === 1) {
        for (const n of inFlight) {
          await f.kubelet(n, names.indexOf(n));
          caughtUp.add(n);
        }
      }
    }
    process.stdout.write(
      `# in flight after each wave: ${inFlightPerWave.join(' ')}; outcomes ${JSON.stringify(outcomes)}\n`,
    );
    assert.deepStrictEqual([...caughtUp].sort(), [...names].sort(), 'every pod was updated');
    // A wave whose instances all waited their turn reconciled the key once each.
    assert.ok((outcomes['deferred'] ?? 0) > 0, 'some invocations found the Lease held');
    await wave();
    assert.deepStrictEqual(counts(await client.get(sidecarSets, { name: NAME })), {
      matchedPods: PODS,
      updatedPods: PODS,
      readyPods: PODS,
      updatedReadyPods: PODS,
    });
  });
});
