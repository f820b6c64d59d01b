/**
 * `kruise@v1.7.4:pkg/util/updatesort/priority_sort.go`, the update order
 * SidecarSet and Advanced StatefulSet (`unorderedUpdate.priorityStrategy`)
 * share: with `weightPriority`, the sum of the weights of the terms whose
 * selector matches a pod's labels, heavier first (an invalid selector adds
 * nothing); else with `orderPriority`, the first listed key the pod carries
 * (a pod with none has level -1 and comes before all others) and then the
 * larger number suffix of its value first. Ties fall back to the larger
 * index first, so the order among equals that the caller sorted in is
 * discarded (as OpenKruise's comparator does). A stable sort, as
 * sort.SliceStable.
 */
import type { Pod } from '../api/core/core-v1.js';
import type { UpdatePriorityStrategy } from '../api/update-priority.js';
import { compileSelector } from '../validation/selector-match.js';

/** A stable sort of `indexes` by a strict `less`. */
export const sortIndexes = (
  indexes: readonly number[],
  less: (i: number, j: number) => boolean,
): number[] => [...indexes].sort((i, j) => (less(i, j) ? -1 : less(j, i) ? 1 : 0));

const weightOf = (strategy: UpdatePriorityStrategy, labels: Readonly<Record<string, string>>) =>
  (strategy.weightPriority ?? []).reduce((sum, term) => {
    try {
      return compileSelector(term.matchSelector).matches(labels) ? sum + term.weight : sum;
    } catch {
      return sum; // an invalid selector adds nothing
    }
  }, 0);

/** getIntFromStringSuffix: the trailing digits as an int64, 0 when none or out of range. */
function suffixNumber(value: string): bigint {
  const digits = /[0-9]+$/.exec(value)?.[0];
  if (digits === undefined) return 0n;
  const n = BigInt(digits);
  return n > 2n ** 63n - 1n ? 0n : n;
}

function orderOf(strategy: UpdatePriorityStrategy, labels: Readonly<Record<string, string>>) {
  const terms = strategy.orderPriority ?? [];
  for (let i = 0; i < terms.length; i++) {
    const key = terms[i]?.orderedKey ?? '';
    if (Object.hasOwn(labels, key)) return { level: i, order: suffixNumber(labels[key] ?? '') };
  }
  return { level: -1, order: 0n };
}

/** prioritySort.Sort over `indexes` into `pods` (a missing pod has no labels). */
export function prioritySort(
  strategy: UpdatePriorityStrategy | undefined,
  pods: readonly (Pod | undefined)[],
  indexes: readonly number[],
): number[] {
  const weights = strategy?.weightPriority ?? [];
  const orders = strategy?.orderPriority ?? [];
  if (strategy === undefined || (weights.length === 0 && orders.length === 0)) return [...indexes];
  const labels = (i: number) => pods[i]?.metadata?.labels ?? {};
  const less = (i: number, j: number): boolean => {
    if (weights.length > 0) {
      const [wi, wj] = [weightOf(strategy, labels(i)), weightOf(strategy, labels(j))];
      if (wi !== wj) return wi > wj;
    } else {
      const [oi, oj] = [orderOf(strategy, labels(i)), orderOf(strategy, labels(j))];
      if (oi.level !== oj.level) return oi.level < oj.level;
      if (oi.order !== oj.order) return oi.order > oj.order;
    }
    return i > j;
  };
  return sortIndexes(indexes, less);
}
