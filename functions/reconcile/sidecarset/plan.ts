/**
 * One SidecarSet reconcile, pure (SPEC §2.9, `kruise@v1.7.4:pkg/controller/sidecarset/sidecarset_processor.go`
 * UpdateSidecarSet), in OpenKruise's order:
 * 1. matched pods: active, listed in the injected-list, holding every sidecar;
 * 2. the latest ControllerRevision registered (plan-revision.ts);
 * 3. status, written when it differs;
 * 4. finished hot upgrades reset (even under NotUpdate);
 * 5. stop for NotUpdate, when every matched pod is updated, or when paused;
 * 6. not-upgradable pods marked (condition and one Event), the chosen pods
 *    updated in place and marked upgradable.
 * A pod both reset and chosen gets one write carrying both changes, the
 * state OpenKruise reaches with its two writes. After writing pods the key
 * comes back in 5 s, as OpenKruise enqueues a SidecarSet 5 s after a pod's
 * sidecar consistency changes, which these writes are about to do; later
 * changes arrive as pod events (a stuck pod is not polled).
 */
import type { Pod } from '../../../shared/api/core/core-v1.js';
import { KruiseFnError } from '../../../shared/errors.js';
import { sidecarSets } from '../../../shared/kube/kruise-resources.js';
import type { Plan } from '../../../shared/kube/reconcile-key.js';
import { involvedObject, recordEvent } from '../../../shared/kube/events.js';
import type { WriteAction } from '../actions.js';
import type { SidecarSetAction } from './actions.js';
import { flipPod, podsToFlip } from './hot-upgrade.js';
import type { ObservedSidecarSet } from './observe.js';
import { registerRevision } from './plan-revision.js';
import { podUpdate, upgradableCondition } from './pod-writes.js';
import { isMatchedPod } from './pod-state.js';
import { sidecarControl, type SidecarControl } from './sidecar-control.js';
import { calculateStatus, statusChanged } from './status.js';
import { nextUpgradePods } from './strategy.js';
import { upgradePod, type UpgradeInput } from './upgrade-pod.js';

/** OpenKruise's enqueue delay after a pod's sidecar consistency changed. */
export const CONSISTENCY_REQUEUE_MS = 5000;

const podKey = (pod: Pod): string => `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;

const podRef = (pod: Pod) => involvedObject('Pod', 'v1', pod);

const notUpgradableEvent = (control: SidecarControl, count: number) =>
  recordEvent(
    involvedObject('SidecarSet', 'apps.kruise.io/v1alpha1', control.sidecarSet),
    'Normal',
    'NotUpgradablePods',
    `SidecarSet in-place update detected ${count} not upgradable pod(s) in this round, will skip them.`,
  );

const failure = (err: unknown): string =>
  err instanceof KruiseFnError ? err.message : String(err);

interface Round {
  readonly actions: SidecarSetAction[];
  /** Writes of pods also reset this round, by pod: they go out with the reset. */
  readonly merged: Map<string, WriteAction | undefined>;
  /** How many pods this round updates in place. */
  readonly updated: number;
  readonly problems: string[];
}

const noRound = (): Round => ({ actions: [], merged: new Map(), updated: 0, problems: [] });

/** The pod updates of this round, after the resets (step 6). */
function updatePods(
  control: SidecarControl,
  input: UpgradeInput,
  pods: readonly Pod[],
  flipped: ReadonlyMap<string, Pod>,
): Round {
  const actions: SidecarSetAction[] = [];
  const merged = new Map<string, WriteAction | undefined>();
  const { upgrade, notUpgradable } = nextUpgradePods(control, pods);
  let updated = 0;
  try {
    for (const pod of notUpgradable) {
      const condition = upgradableCondition(pod, control.name, false, input.now);
      if (condition !== undefined) actions.push(condition);
    }
    if (notUpgradable.length > 0) actions.push(notUpgradableEvent(control, notUpgradable.length));
    for (const pod of upgrade) {
      const reset = flipped.get(podKey(pod));
      const next = upgradePod(input, reset ?? pod, pod);
      const write = podUpdate(pod, next);
      if (reset !== undefined) merged.set(podKey(pod), write);
      else if (write !== undefined) actions.push(write);
      updated++;
      const condition = upgradableCondition(pod, control.name, true, input.now);
      if (condition !== undefined) actions.push(condition);
    }
  } catch (err) {
    // OpenKruise stops the round at the failing pod and returns the error.
    return { actions, merged, updated, problems: [failure(err)] };
  }
  return { actions, merged, updated, problems: [] };
}

export function planSidecarSet(observed: ObservedSidecarSet): Plan<SidecarSetAction> {
  const { sidecarSet, now } = observed;
  const control = sidecarControl(sidecarSet, observed);
  const pods = observed.pods.filter((p) => isMatchedPod(control, p));
  const registered = registerRevision({
    sidecarSet,
    revisions: observed.revisions,
    occupants: observed.occupants,
    pods,
    namespace: observed.kruiseNamespace,
  });
  const actions: SidecarSetAction[] = [...registered.writes];
  const status = calculateStatus(control, pods, registered.latest, registered.collisionCount);
  if (statusChanged(sidecarSet.status, status)) {
    actions.push({
      verb: 'updateStatus',
      resource: sidecarSets,
      object: sidecarSet,
      status,
      log: {
        v: 3,
        message: 'SidecarSet updated status success',
        fields: {
          matchedPods: status.matchedPods,
          updatedPods: status.updatedPods,
          readyPods: status.readyPods,
          updateReadyPods: status.updatedReadyPods ?? 0,
        },
      },
    });
  }
  const input: UpgradeInput = { control, latestRevision: registered.latest, now };
  const flipped = new Map(
    podsToFlip(control, pods).map((p) => [podKey(p), flipPod(control, p, now)]),
  );
  const strategy = sidecarSet.spec?.updateStrategy ?? {};
  const stop =
    strategy.type === 'NotUpdate' ||
    status.updatedPods >= status.matchedPods ||
    strategy.paused === true;
  const round = stop ? noRound() : updatePods(control, input, pods, flipped);
  for (const pod of pods) {
    const reset = flipped.get(podKey(pod));
    if (reset === undefined) continue;
    const write = round.merged.has(podKey(pod))
      ? round.merged.get(podKey(pod))
      : podUpdate(pod, reset);
    if (write !== undefined) actions.push({ type: 'resetHotUpgrade', write, pod: podRef(pod) });
  }
  actions.push(...round.actions);
  const wrotePods = round.updated > 0 || flipped.size > 0;
  const problems = [...registered.problems, ...round.problems];
  return {
    actions,
    ...(wrotePods && { requeueAfterMs: CONSISTENCY_REQUEUE_MS }),
    ...(problems.length > 0 && { problems }),
  };
}
