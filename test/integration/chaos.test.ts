/**
 * Chaos: each scenario runs twice against the real kube-apiserver and its
 * audit webhook — once with every event delivered, once with the relay
 * losing 30 % of the events, delivering the rest three times each and out of
 * order (seeded; the seed is printed, CHAOS_SEED replays one) — and must end
 * in the same state. A stall (lost events) is ended by the one resync that
 * follows it; the clean run needs none.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runScenario, type Scenario } from '../support/chaos-run.js';
import { sharedControlPlane, testNamespace } from '../support/control-plane.js';
import { startReconcile, type RunningReconcile } from '../support/reconcile-harness.js';
import { launchPriorityScenario } from '../support/scenarios/launch-priority.js';
import { sidecarTerminatorScenario } from '../support/scenarios/sidecar-terminator.js';
import { MAX_UNAVAILABLE, sidecarSetScenario } from '../support/scenarios/sidecarset.js';
import { startAdmission, type RunningAdmission } from '../support/webhook-harness.js';

/** The terminator's gate (KruiseDaemon, on by default, keeps the CRR manager on). */
const GATES = 'SidecarTerminator=true';
const SEED = Number(process.env['CHAOS_SEED'] ?? Date.now() % 1_000_000);

let admission: RunningAdmission;
let reconcile: RunningReconcile;

before(async () => {
  const cp = await sharedControlPlane();
  admission = await startAdmission(cp, { featureGates: GATES });
  reconcile = await startReconcile(cp, { featureGates: GATES });
});
after(async () => {
  await reconcile.stop();
  await admission.stop();
});

async function cleanAndChaos<S>(scenario: Scenario<S>, prefix: string) {
  const cp = await sharedControlPlane();
  const clean = await runScenario(reconcile, scenario, await testNamespace(cp.kubeConfig, prefix));
  const chaotic = await runScenario(
    reconcile,
    scenario,
    await testNamespace(cp.kubeConfig, `${prefix}-chaos`),
    { seed: SEED },
  );
  process.stdout.write(
    `# ${scenario.name}: seed ${SEED} (CHAOS_SEED replays it); chaos ${JSON.stringify(chaotic.chaos)}; ` +
      `steps ${chaotic.steps}, resyncs ${chaotic.resyncs} (clean run: ${clean.resyncs})\n`,
  );
  assert.equal(clean.resyncs, 0, 'with every event delivered, no resync is needed');
  assert.deepStrictEqual(chaotic.state, clean.state);
  assert.equal(chaotic.resyncsWithoutProgress, 0, 'every stall is ended by the resync after it');
  assert.ok((chaotic.chaos?.dropped ?? 0) > 0, 'the chaos run lost events');
}

describe(`chaos (seed ${SEED})`, () => {
  it('container launch priority over 4 pods × 3 ordered containers', () =>
    cleanAndChaos(launchPriorityScenario(4), 'chaos-launch'));
  it('a SidecarSet rolling update, never above maxUnavailable', async () => {
    const scenario = sidecarSetScenario();
    await cleanAndChaos(scenario, 'chaos-sidecarset');
    assert.ok(scenario.maxInFlight() <= MAX_UNAVAILABLE, `in flight: ${scenario.maxInFlight()}`);
  });
  it('the job sidecar terminator: CRRs, ignore-exit-code marks, in-place swaps', () =>
    cleanAndChaos(sidecarTerminatorScenario(), 'chaos-term'));
});
