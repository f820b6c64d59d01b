/**
 * Chaos: each scenario runs twice against the real kube-apiserver and its
 * audit webhook — once with every event delivered, once with the relay
 * losing 30 % of the events, delivering the rest three times each and out of
 * order (seeded; the seed is printed, CHAOS_SEED replays one) — and must end
 * in the same state. A stall (lost events) is ended by the one resync that
 * follows it; the clean run needs none.
 *
 * The Advanced StatefulSet's chaos run also starts 10 reconciles of the set
 * at once every other step (as 10 invocations would), and the relay's tally
 * of audited creates proves each pod was created exactly once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditCreates } from '../support/audit-relay.js';
import { runScenario, type Scenario } from '../support/chaos-run.js';
import { sharedAuditRelay, sharedControlPlane, testNamespace } from '../support/control-plane.js';
import { startReconcile, type RunningReconcile } from '../support/reconcile-harness.js';
import { launchPriorityScenario } from '../support/scenarios/launch-priority.js';
import { sidecarTerminatorScenario } from '../support/scenarios/sidecar-terminator.js';
import { MAX_UNAVAILABLE, sidecarSetScenario } from '../support/scenarios/sidecarset.js';
import {
  MAX_UNAVAILABLE as STS_MAX_UNAVAILABLE,
  ORDINALS,
  statefulSetScenario,
} from '../support/scenarios/statefulset.js';
import { until } from '../support/until.js';
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

async function cleanAndChaos<S>(
  scenario: Scenario<S>,
  prefix: string,
  chaosScenario: Scenario<S> = scenario,
) {
  const cp = await sharedControlPlane();
  const cleanNamespace = await testNamespace(cp.kubeConfig, prefix);
  const clean = await runScenario(reconcile, scenario, cleanNamespace);
  const chaosNamespace = await testNamespace(cp.kubeConfig, `${prefix}-chaos`);
  const chaotic = await runScenario(reconcile, chaosScenario, chaosNamespace, { seed: SEED });
  process.stdout.write(
    `# ${scenario.name}: seed ${SEED} (CHAOS_SEED replays it); chaos ${JSON.stringify(chaotic.chaos)}; ` +
      `steps ${chaotic.steps}, resyncs ${chaotic.resyncs} (clean run: ${clean.resyncs})\n`,
  );
  assert.equal(clean.resyncs, 0, 'with every event delivered, no resync is needed');
  assert.deepStrictEqual(chaotic.state, clean.state);
  assert.equal(chaotic.resyncsWithoutProgress, 0, 'every stall is ended by the resync after it');
  assert.ok((chaotic.chaos?.dropped ?? 0) > 0, 'the chaos run lost events');
  return { cleanNamespace, chaosNamespace };
}

/** Audited pod creates in `namespace` by pod name and response code, once every `want` pod has its 201. */
async function podCreates(namespace: string, want: readonly string[]) {
  const relay = await sharedAuditRelay();
  const read = async () =>
    Object.fromEntries(
      Object.entries(await auditCreates(relay))
        .filter(([k]) => k.startsWith(`pods/${namespace}/`))
        .map(([k, v]) => [k.slice(`pods/${namespace}/`.length), v]),
    );
  await until('every pod create audited', async () => {
    const got = await read();
    return want.every((n) => got[n]?.['201'] !== undefined) ? got : undefined;
  });
  // Past the apiserver's batch wait (1 s) and the relay's hold: nothing of the run is still coming.
  await new Promise((r) => setTimeout(r, 2_500));
  return read();
}

describe(`chaos (seed ${SEED})`, () => {
  it('container launch priority over 4 pods × 3 ordered containers', async () => {
    await cleanAndChaos(launchPriorityScenario(4), 'chaos-launch');
  });
  it('a SidecarSet rolling update, never above maxUnavailable', async () => {
    const scenario = sidecarSetScenario();
    await cleanAndChaos(scenario, 'chaos-sidecarset');
    assert.ok(scenario.maxInFlight() <= MAX_UNAVAILABLE, `in flight: ${scenario.maxInFlight()}`);
  });
  it('an Advanced StatefulSet, with 10 concurrent reconciles: each pod created once, no ordinal missing, never above maxUnavailable', async () => {
    const clean = statefulSetScenario({ featureGates: GATES });
    const chaotic = statefulSetScenario({ featureGates: GATES, concurrent: true });
    const { cleanNamespace, chaosNamespace } = await cleanAndChaos(clean, 'chaos-asts', chaotic);
    const pods = (ns: string) => ORDINALS.map((o) => `web-${ns}-${o}`);
    for (const [ns, scenario] of [
      [cleanNamespace, clean],
      [chaosNamespace, chaotic],
    ] as const) {
      const creates = await podCreates(ns, pods(ns));
      process.stdout.write(
        `# ${ns}: pod creates ${JSON.stringify(creates)}; most unavailable ${scenario.maxUnavailableSeen()}; ` +
          `concurrent reconciles ${JSON.stringify(scenario.concurrentOutcomes())}\n`,
      );
      assert.deepStrictEqual(
        Object.fromEntries(Object.entries(creates).map(([n, c]) => [n, c['201'] ?? 0])),
        Object.fromEntries(pods(ns).map((n) => [n, 1])),
        'every pod of the set created exactly once, no other',
      );
      assert.ok(
        scenario.maxUnavailableSeen() <= STS_MAX_UNAVAILABLE,
        `unavailable: ${scenario.maxUnavailableSeen()}`,
      );
      assert.ok(scenario.maxUnavailableSeen() > 0, 'the update was sampled while it rolled');
    }
    const outcomes = chaotic.concurrentOutcomes();
    assert.ok(
      (outcomes['deferred'] ?? 0) > 0,
      `concurrent reconciles: ${JSON.stringify(outcomes)}`,
    );
  });
  it('the job sidecar terminator: CRRs, ignore-exit-code marks, in-place swaps', async () => {
    await cleanAndChaos(sidecarTerminatorScenario(), 'chaos-term');
  });
});
