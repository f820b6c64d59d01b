/**
 * Runs one scenario against the shared control plane and a running reconcile
 * function, with the audit relay in chaos mode or not, and reports the state
 * it ends in. The scenario plays the user and the kubelet: each `step` makes
 * the one write the current state calls for (a container becomes Ready once
 * its barrier key is there, …), so it never waits on an event itself.
 *
 * When nothing has changed for `quietMs` (longer than the apiserver's batch
 * wait plus the relay's hold), the events that would move the controllers on
 * were lost; the run then resyncs once, as the periodic resync would. A
 * resync after which nothing changes is counted: with level-triggered
 * controllers every stall is ended by the one resync that follows it.
 */
import { isDeepStrictEqual } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import type { KubeClient } from '../../shared/kube/client.js';
import type { ChaosStats } from './audit-chaos.js';
import { auditChaosStats, setAuditChaos } from './audit-relay.js';
import { sharedAuditRelay } from './control-plane.js';
import type { RunningReconcile } from './reconcile-harness.js';

export interface Scenario<S> {
  readonly name: string;
  /** Creates the scenario's objects in `namespace`. */
  start(client: KubeClient, namespace: string): Promise<void>;
  /** One write the current state calls for; false when none is due. */
  step(client: KubeClient, namespace: string): Promise<boolean>;
  /** What must be the same in every run: no uids, resourceVersions or times. */
  state(client: KubeClient, namespace: string): Promise<S>;
  done(state: S): boolean;
  /** Removes what the namespace does not hold (cluster-scoped objects). */
  cleanup?(client: KubeClient, namespace: string): Promise<void>;
}

export interface ChaosRunOptions {
  /** Chaos mode's seed; undefined runs with every event delivered once, in order. */
  readonly seed?: number;
  readonly quietMs?: number;
  readonly timeoutMs?: number;
}

export interface ChaosRun<S> {
  readonly state: S;
  readonly resyncs: number;
  /** Resyncs after which the state had not moved (a stall one resync did not end). */
  readonly resyncsWithoutProgress: number;
  readonly steps: number;
  readonly chaos: ChaosStats | null;
}

export async function runScenario<S>(
  reconcile: RunningReconcile,
  scenario: Scenario<S>,
  namespace: string,
  opts: ChaosRunOptions = {},
): Promise<ChaosRun<S>> {
  const { client } = reconcile;
  const relay = await sharedAuditRelay();
  const quietMs = opts.quietMs ?? 4_000;
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  if (opts.seed !== undefined) await setAuditChaos(relay, { seed: opts.seed });
  let resyncs = 0;
  let resyncsWithoutProgress = 0;
  let stalledAt: S | undefined;
  let steps = 0;
  try {
    await scenario.start(client, namespace);
    let last = await scenario.state(client, namespace);
    let lastChange = Date.now();
    while (!scenario.done(last)) {
      if (Date.now() > deadline) {
        throw new Error(
          `${scenario.name}: not done after ${steps} steps and ${resyncs} resyncs: ${JSON.stringify(last)}`,
        );
      }
      if (await scenario.step(client, namespace)) {
        steps++;
        lastChange = Date.now();
      } else if (Date.now() - lastChange > quietMs) {
        // A resync ends a stall when the state moves before the next stall, also through the
        // steps its writes allow (a kubelet acting on a patched pod): the state a resync found
        // still there at the next resync is a stall it did not end.
        const before = await scenario.state(client, namespace);
        if (stalledAt !== undefined && isDeepStrictEqual(stalledAt, before))
          resyncsWithoutProgress++;
        await reconcile.resync();
        resyncs++;
        stalledAt = before;
        lastChange = Date.now();
      } else {
        await sleep(150);
      }
      const now = await scenario.state(client, namespace);
      if (!isDeepStrictEqual(now, last)) lastChange = Date.now();
      last = now;
    }
    const chaos = await auditChaosStats(relay);
    return { state: last, resyncs, resyncsWithoutProgress, steps, chaos };
  } finally {
    if (opts.seed !== undefined) await setAuditChaos(relay, null);
    await scenario.cleanup?.(client, namespace);
  }
}
