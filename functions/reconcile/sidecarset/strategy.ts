/**
 * Which pods this round updates (SPEC §2.9 step 7,
 * `kruise@v1.7.4:pkg/controller/sidecarset/sidecarset_strategy.go`):
 * candidates are the pods not yet on the SidecarSet's hash and selected by
 * `updateStrategy.selector`; a pod whose non-image fields differ is not
 * upgradable, one with a Ready but inconsistent sidecar waits; the rest are
 * sorted (health, priority, scatter), the last `partition` dropped, and then
 * taken while the pods unavailable through an update stay within
 * `maxUnavailable`. Pods that are not ready are taken without budget.
 * Percentages are of the matched pods, rounded down (`5%` of 10 is 0).
 */
import type { Pod } from '../../../shared/api/core/core-v1.js';
import type { SidecarSet } from '../../../shared/api/sidecarset.js';
import { compileSelector } from '../../../shared/validation/selector-match.js';
import { getScaledValueFromIntOrPercent } from '../../../shared/validation/int-or-string.js';
import { isConsistent, isPodReady, isUpdated, upgradability } from './pod-state.js';
import { scatterSort, scatterTerms } from './scatter-sort.js';
import type { SidecarControl } from './sidecar-control.js';
import { prioritySort, sortIndexes } from '../../../shared/updatesort/priority-sort.js';
import { activePodsLess } from './sort-pods.js';

export interface NextUpgrade {
  readonly upgrade: readonly Pod[];
  /** Pods whose sidecars changed in more than their images: they get condition SidecarSetUpgradable=False. */
  readonly notUpgradable: readonly Pod[];
}

type IntOrPercent = number | string | undefined;

/** GetValueFromIntOrPercent rounding down; a value Go cannot read counts as 0. */
function scaled(value: IntOrPercent, total: number, fallback: number): number {
  if (value === undefined) return fallback;
  const result = getScaledValueFromIntOrPercent(value, total, false);
  return 'value' in result ? result.value : 0;
}

function selectedBy(control: SidecarControl): (pod: Pod) => boolean {
  const selector = control.sidecarSet.spec?.updateStrategy?.selector;
  if (selector === undefined) return () => true;
  try {
    const compiled = compileSelector(selector);
    return (pod) => compiled.matches(pod.metadata?.labels);
  } catch {
    return () => false; // an invalid selector selects no pod
  }
}

/** SortUpdateIndexes. */
export function sortUpdateIndexes(
  control: SidecarControl,
  pods: readonly Pod[],
  wait: readonly number[],
) {
  return sortUpdateIndexesBy(control.sidecarSet.spec?.updateStrategy ?? {}, pods, wait);
}

/** SortUpdateIndexes of a SidecarSet's update strategy (also the ImagePullJob's pod order). */
export function sortUpdateIndexesBy(
  strategy: NonNullable<NonNullable<SidecarSet['spec']>['updateStrategy']>,
  pods: readonly Pod[],
  wait: readonly number[],
) {
  let sorted = sortIndexes(wait, (i, j) => activePodsLess(pods[i] as Pod, pods[j] as Pod));
  if (strategy.priorityStrategy !== undefined)
    sorted = prioritySort(strategy.priorityStrategy, pods, sorted);
  if (strategy.scatterStrategy !== undefined) {
    sorted = scatterSort(scatterTerms(strategy.scatterStrategy, pods), pods, sorted);
  }
  return sorted;
}

/** calculateUpgradeCount: how many of the sorted candidates to update now. */
export function upgradeCount(
  control: SidecarControl,
  wait: readonly number[],
  pods: readonly Pod[],
): number {
  const strategy = control.sidecarSet.spec?.updateStrategy ?? {};
  const total = pods.length;
  const partition = scaled(strategy.partition, total, 0);
  if (wait.length - partition <= 0) return 0;
  const maxUnavailable = scaled(strategy.maxUnavailable, total, 1);
  let busy = pods.filter(
    (p) => isUpdated(control, p) && (!isConsistent(control, p) || !isPodReady(control, p)),
  ).length;
  let count = 0;
  for (const i of wait.slice(0, wait.length - partition)) {
    if (!isPodReady(control, pods[i] as Pod)) {
      count++;
      continue;
    }
    if (busy >= maxUnavailable) break;
    busy++;
    count++;
  }
  return count;
}

/** GetNextUpgradePods over the matched pods. */
export function nextUpgradePods(control: SidecarControl, pods: readonly Pod[]): NextUpgrade {
  const selected = selectedBy(control);
  const wait: number[] = [];
  const notUpgradable: number[] = [];
  pods.forEach((pod, i) => {
    if (isUpdated(control, pod) || !selected(pod)) return;
    const [canUpgrade, consistent] = upgradability(control, pod);
    if (canUpgrade && consistent) wait.push(i);
    else if (!canUpgrade) notUpgradable.push(i);
  });
  const sorted = sortUpdateIndexes(control, pods, wait);
  const chosen = sorted.slice(0, upgradeCount(control, sorted, pods));
  return {
    upgrade: chosen.map((i) => pods[i] as Pod),
    notUpgradable: notUpgradable.map((i) => pods[i] as Pod),
  };
}
