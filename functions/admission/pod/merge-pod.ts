/**
 * Merging built sidecars into the pod spec (SPEC §2.6 step 7, OpenKruise
 * `mergeSidecarContainers`, `util.MergeVolumes`, `mergeSidecarSecrets`).
 * Injected containers are written as Go writes a core/v1 Container
 * (SidecarSet-only fields and unknown fields dropped, defaults of omitempty).
 */
import type {
  DecodedContainer,
  DecodedLocalObjectReference,
  DecodedSidecarContainer,
  DecodedVolume,
} from '../../../shared/api/decoded.js';
import { goMarshalAs } from '../../../shared/api/go-encoding.js';

/** The core Container part of a sidecar, as json.Marshal of corev1.Container. */
export const toContainer = (sidecar: DecodedSidecarContainer): DecodedContainer =>
  JSON.parse(goMarshalAs('v1.Container', sidecar)) as DecodedContainer;

function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}

/**
 * toContainer per sidecar object. A processed sidecar is the same object for
 * every pod that gives it the same mounts and env (build-sidecars.ts), so its
 * encoding is done once per SidecarSet snapshot; it is frozen because every
 * such injected pod shares it.
 */
const containers = new WeakMap<DecodedSidecarContainer, DecodedContainer>();
function containerOf(sidecar: DecodedSidecarContainer): DecodedContainer {
  let container = containers.get(sidecar);
  if (container === undefined) {
    container = deepFreeze(toContainer(sidecar));
    containers.set(sidecar, container);
  }
  return container;
}

/**
 * A sidecar named like a pod container replaces it in place; the others go
 * before (`BeforeAppContainer`) or after (anything else) the pod's containers,
 * in the given order.
 */
export function mergeSidecarContainers(
  origins: readonly DecodedContainer[],
  injected: readonly DecodedSidecarContainer[],
): DecodedContainer[] {
  const merged = [...origins];
  const indexByName = new Map(origins.map((c, i) => [c.name, i]));
  const before: DecodedContainer[] = [];
  const after: DecodedContainer[] = [];
  for (const sidecar of injected) {
    const index = indexByName.get(sidecar.name);
    if (index !== undefined) merged[index] = containerOf(sidecar);
    else if (sidecar.podInjectPolicy === 'BeforeAppContainer') before.push(containerOf(sidecar));
    else after.push(containerOf(sidecar));
  }
  return [...before, ...merged, ...after];
}

/** The pod's volumes, then sidecar volumes whose name is new (first wins); shared, never mutated. */
export function mergeVolumes(
  original: readonly DecodedVolume[],
  additional: readonly DecodedVolume[],
): DecodedVolume[] {
  const names = new Set(original.map((v) => v.name));
  const out = [...original];
  for (const volume of additional) {
    if (names.has(volume.name)) continue;
    out.push(volume);
    names.add(volume.name);
  }
  return out;
}

/** The pod's secrets de-duplicated, then new sidecar secrets. */
export function mergeSecrets(
  inPod: readonly DecodedLocalObjectReference[],
  inSidecars: readonly DecodedLocalObjectReference[],
): DecodedLocalObjectReference[] {
  const seen = new Set<string>();
  const out: DecodedLocalObjectReference[] = [];
  for (const [secret, fromSidecar] of [
    ...inPod.map((s) => [s, false] as const),
    ...inSidecars.map((s) => [s, true] as const),
  ]) {
    const name = secret.name ?? '';
    if (seen.has(name)) continue;
    seen.add(name);
    out.push(fromSidecar ? (name === '' ? {} : { name }) : secret);
  }
  return out;
}
