/**
 * ControllerRevision names as the Kubernetes history package makes them
 * (kubernetes v1.28.9 `pkg/controller/history/controller_history.go`,
 * which OpenKruise v1.7.4 calls): `HashControllerRevision` runs FNV-1
 * (32 bit, `hash/fnv.New32`, not FNV-1a) over the revision's raw data and
 * then over the collision count in decimal, prints the sum in decimal and
 * SafeEncodes it; `ControllerRevisionName` is `<prefix>-<hash>` with the
 * prefix cut to 223 bytes. The same hash is the revision's
 * `controller.kubernetes.io/hash` label, which `EqualRevision` compares
 * when both sides parse as an int32.
 */
import { safeEncode } from '../sidecarset/hash.js';

export const CONTROLLER_REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';

const FNV32_OFFSET = 0x811c9dc5;
const FNV32_PRIME = 0x01000193;

/** FNV-1 over UTF-8 bytes, continuing from `hash`. */
function fnv1(hash: number, text: string): number {
  let h = hash;
  for (const byte of Buffer.from(text, 'utf8')) {
    h = Math.imul(h, FNV32_PRIME) >>> 0;
    h = (h ^ byte) >>> 0;
  }
  return h;
}

/** HashControllerRevision of a revision whose data is `data` (its raw JSON), probed with `collisionCount`. */
export const controllerRevisionHash = (data: string, collisionCount: number): string =>
  safeEncode(String(fnv1(fnv1(FNV32_OFFSET, data), String(collisionCount))));

/** ControllerRevisionName: `<prefix>-<hash>`, the prefix cut to 223 bytes. */
export function controllerRevisionName(prefix: string, hash: string): string {
  const bytes = Buffer.from(prefix, 'utf8');
  const cut = bytes.length > 223 ? bytes.subarray(0, 223).toString('utf8') : prefix;
  return `${cut}-${hash}`;
}

/**
 * The label as EqualRevision reads it: strconv.ParseInt(label, 10, 32) as
 * a uint32, or undefined when it does not parse (most safe-encoded hashes
 * hold letters, so only all-digit ones are ever compared).
 */
export function hashLabelNumber(label: string | undefined): number | undefined {
  if (label === undefined || !/^[+-]?[0-9]+$/.test(label)) return undefined;
  const n = Number(label);
  if (!Number.isSafeInteger(n) || n < -(2 ** 31) || n > 2 ** 31 - 1) return undefined;
  return n >>> 0;
}
