/**
 * Which ordinals an Advanced StatefulSet's pods have (SPEC §5.3,
 * `kruise@v1.7.4:pkg/controller/statefulset/stateful_set_utils.go`
 * getStatefulSetReplicasRange, getParentNameAndOrdinal):
 * - start is `spec.ordinals.start` when the gate StatefulSetStartOrdinal is
 *   on and `ordinals` is set, else 0;
 * - ordinals are taken upward from start, skipping reserveOrdinals, until
 *   `replicas` are taken; end is the last taken + 1. The replica slice spans
 *   `[start, end)`, reserved holes included (the update visits slice
 *   indexes, which is where the partition quirk comes from);
 * - a pod name is `(.*)-([0-9]+)$`; an ordinal that does not parse as an
 *   int32 is -1 (the pod is ignored).
 */
import type { Pod } from '../../../shared/api/core/core-v1.js';
import type { StatefulSet } from '../../../shared/api/statefulset.js';

export interface OrdinalRange {
  /** Inclusive. */
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
  readonly reserved: ReadonlySet<number>;
}

/** getStartOrdinal. */
export const startOrdinal = (set: StatefulSet, startOrdinalGate: boolean): number =>
  startOrdinalGate && set.spec.ordinals !== undefined ? (set.spec.ordinals.start ?? 0) : 0;

/** getStatefulSetReplicasRange. */
export function replicasRange(set: StatefulSet, startOrdinalGate: boolean): OrdinalRange {
  const reserved = new Set(set.spec.reserveOrdinals ?? []);
  const start = startOrdinal(set, startOrdinalGate);
  const replicas = set.spec.replicas ?? 1;
  let end = start;
  for (let taken = 0; taken < replicas; end++) if (!reserved.has(end)) taken++;
  return { start, end, reserved };
}

/** The ordinals the set's pods should have, ascending. */
export function replicaOrdinals(range: OrdinalRange): number[] {
  const out: number[] = [];
  for (let o = range.start; o < range.end; o++) if (!range.reserved.has(o)) out.push(o);
  return out;
}

const POD_NAME = /(.*)-([0-9]+)$/;
const INT32_MAX = 2 ** 31 - 1;

/** getParentNameAndOrdinal: ['', -1] for a name that is not `<parent>-<ordinal>`. */
export function parentAndOrdinal(name: string): [string, number] {
  const m = POD_NAME.exec(name);
  if (m === null) return ['', -1];
  const digits = m[2] ?? '';
  const n = Number(digits);
  // strconv.ParseInt(s, 10, 32): out of range is an error, which leaves -1.
  return [m[1] ?? '', n <= INT32_MAX ? n : -1];
}

export const ordinalOf = (pod: Pod): number => parentAndOrdinal(pod.metadata?.name ?? '')[1];

/** podInOrdinalRangeWithParams. */
export function inRange(ordinal: number, range: OrdinalRange): boolean {
  return ordinal >= range.start && ordinal < range.end && !range.reserved.has(ordinal);
}

/** getPodName. */
export const podName = (set: StatefulSet, ordinal: number): string =>
  `${set.metadata?.name ?? ''}-${ordinal}`;
