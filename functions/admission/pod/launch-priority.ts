/**
 * Container launch priority at pod creation (SPEC §3, OpenKruise
 * `containerLaunchPriorityInitialization`): after SidecarSet injection, every
 * container gets env KRUISE_CONTAINER_BARRIER from key `p_<priority>` of
 * ConfigMap `<pod>-barrier`, which the controller fills in priority order.
 */
import type { DecodedPod } from '../../../shared/api/decoded.js';
import { KruiseFnError } from '../../../shared/errors.js';
import { goAtoi } from '../../../shared/go/strconv.js';
import {
  barrierKey,
  barrierName,
  CONTAINER_BARRIER_ENV,
  CONTAINER_LAUNCH_ORDERED,
  CONTAINER_LAUNCH_PRIORITY_ANNOTATION,
  CONTAINER_PRIORITY_ENV,
} from '../../../shared/api/launch-priority.js';

/** Kubernetes SimpleNameGenerator: generateName is cut to 58 bytes, then 5 random characters. */
export const GENERATED_NAME_BASE_MAX = 58;
export const NAME_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
export const NAME_SUFFIX_LENGTH = 5;

export interface LaunchPriorityRequest {
  readonly operation: string;
  readonly resource: string;
  readonly subResource?: string;
  /** Returns the 5-character suffix of a generated pod name. */
  readonly randomSuffix: () => string;
}

/** Priorities from KRUISE_CONTAINER_PRIORITY (last one wins, missing = 0), or undefined when all are equal. */
function envPriorities(pod: DecodedPod): bigint[] | undefined {
  let flagged = false;
  const priorities = (pod.spec?.containers ?? []).map((container) => {
    let priority = 0n;
    for (const env of container.env ?? []) {
      if (env.name !== CONTAINER_PRIORITY_ENV) continue;
      const parsed = goAtoi(env.value ?? '');
      if ('error' in parsed) throw new KruiseFnError(parsed.error);
      priority = parsed.value;
      if (priority !== 0n) flagged = true;
    }
    return priority;
  });
  return flagged && priorities.some((p) => p !== priorities[0]) ? priorities : undefined;
}

/**
 * Returns a new pod with the barrier env (and a generated name when the pod
 * only has generateName), or the same pod object when nothing applies.
 * Throws KruiseFnError (500) with Go's parse error for a non-integer priority.
 */
export function applyLaunchPriority(pod: DecodedPod, request: LaunchPriorityRequest): DecodedPod {
  if (request.subResource || request.operation !== 'CREATE' || request.resource !== 'pods')
    return pod;
  const containers = pod.spec?.containers ?? [];
  if (containers.length === 1) return pod;
  const ordered =
    pod.metadata?.annotations?.[CONTAINER_LAUNCH_PRIORITY_ANNOTATION] === CONTAINER_LAUNCH_ORDERED;
  const priorities = ordered ? containers.map((_, i) => BigInt(-i)) : envPriorities(pod);
  if (priorities === undefined) return pod;

  const out: DecodedPod = structuredClone(pod);
  const metadata = (out.metadata ??= {});
  if (!metadata.name && metadata.generateName) {
    metadata.name =
      Buffer.from(metadata.generateName).subarray(0, GENERATED_NAME_BASE_MAX).toString() +
      request.randomSuffix();
  }
  const barrier = barrierName(metadata.name ?? '');
  out.spec?.containers.forEach((container, i) => {
    container.env = [
      ...(container.env ?? []),
      {
        name: CONTAINER_BARRIER_ENV,
        valueFrom: { configMapKeyRef: { name: barrier, key: barrierKey(priorities[i] ?? 0n) } },
      },
    ];
  });
  return out;
}
