/**
 * The health order pods are updated in (SPEC §2.9 step 7; the priority
 * order is shared/updatesort/priority-sort.ts):
 * - kubernetes v1.28.9 `controller.ActivePods.Less` (least healthy first):
 *   unassigned < assigned, Pending < Unknown < Running, not ready < ready,
 *   ready for less time < more, more restarts < fewer, newer < older.
 *   OpenKruise sorts with sort.Slice (not stable) over pods in informer
 *   cache order, so ties come out in no defined order; here ties keep the
 *   listed order (namespace, then name), a decision of kruise-fn.
 */
import type { Pod } from '../../../shared/api/core/core-v1.js';
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
