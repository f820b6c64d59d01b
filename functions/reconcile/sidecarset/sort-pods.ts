/**
 * The orders pods are updated in (SPEC §2.9 step 7):
 * - kubernetes v1.28.9 `controller.ActivePods.Less` (least healthy first):
 *   unassigned < assigned, Pending < Unknown < Running, not ready < ready,
 *   ready for less time < more, more restarts < fewer, newer < older.
 *   OpenKruise sorts with sort.Slice (not stable) over pods in informer
 *   cache order, so ties come out in no defined order; here ties keep the
 *   listed order (namespace, then name), a decision of kruise-fn.
 * - `kruise@v1.7.4:pkg/util/updatesort/priority_sort.go`: heavier weights
 *   first, or the first listed order key present first (a pod with none
 *   of the keys has level -1 and comes before all others) and a larger
 *   number suffix first; ties fall back to the larger pod index first, which
 *   discards the health order among equals (both reproduced).
 */
import type { Pod } from '../../../shared/api/core/core-v1.js';
import type { UpdatePriorityStrategy } from '../../../shared/api/update-priority.js';
import { compileSelector } from '../../admission/validation/selector-match.js';
import { isPodReadyCondition } from './pod-state.js';

const PHASE_ORDINAL: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };

/** metav1.Time as an instant (ms), 0 for the zero time. */
const instant = (time: string | undefined): number => (time ? Date.parse(time) || 0 : 0);

/** afterOrZero: a zero time comes first, then the later one. */
const afterOrZero = (a: number, b: number): boolean => (a === 0 || b === 0 ? a === 0 : a > b);

const readyTime = (pod: Pod): number =>
  instant(
    pod.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'True')
      ?.lastTransitionTime,
  );

const maxRestarts = (pod: Pod): number =>
  Math.max(0, ...(pod.status?.containerStatuses ?? []).map((s) => s.restartCount));

/** ActivePods.Less(a, b). */
export function activePodsLess(a: Pod, b: Pod): boolean {
  const nodeA = a.spec?.nodeName ?? '';
  const nodeB = b.spec?.nodeName ?? '';
  if (nodeA !== nodeB && (nodeA === '' || nodeB === '')) return nodeA === '';
  const phaseA = PHASE_ORDINAL[a.status?.phase ?? ''] ?? 0;
  const phaseB = PHASE_ORDINAL[b.status?.phase ?? ''] ?? 0;
  if (phaseA !== phaseB) return phaseA < phaseB;
  const readyA = isPodReadyCondition(a);
  if (readyA !== isPodReadyCondition(b)) return !readyA;
  if (readyA) {
    const [ta, tb] = [readyTime(a), readyTime(b)];
    if (ta !== tb) return afterOrZero(ta, tb);
  }
  const [ra, rb] = [maxRestarts(a), maxRestarts(b)];
  if (ra !== rb) return ra > rb;
  const [ca, cb] = [instant(a.metadata?.creationTimestamp), instant(b.metadata?.creationTimestamp)];
  return ca !== cb && afterOrZero(ca, cb);
}

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

/** prioritySort.Sort over `indexes` into `pods`. */
export function prioritySort(
  strategy: UpdatePriorityStrategy | undefined,
  pods: readonly Pod[],
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
