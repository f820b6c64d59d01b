/**
 * A sidecar as injected into one pod, before merging (SPEC §2.6 "per sidecar
 * container", OpenKruise `buildSidecars`): its own mounts and env plus what
 * it takes from the pod's containers.
 */
import type { DecodedPod, DecodedSidecarContainer } from '../../../shared/api/decoded.js';
import { SIDECAR_ENV_KEY } from '../../../shared/sidecarset/annotations.js';
import { mergeEnvVars, mergeVolumeMounts, sharedMounts, transferEnvs } from './sidecar-env.js';

/**
 * Processed sidecars per SidecarSet container object and what it took from
 * the pod (pods of one template take the same), at most MAX_VARIANTS each.
 */
const processed = new WeakMap<DecodedSidecarContainer, Map<string, DecodedSidecarContainer>>();
const MAX_VARIANTS = 32;

/**
 * Own mounts + shared mounts, own env + IS_INJECTED + transferred and
 * subPathExpr env. The result shares parts with the SidecarSet and the pod and
 * is never mutated (merging re-encodes it as a core Container, once per
 * object): the same sidecar taking the same from a pod gets the same object.
 */
export function processSidecar(
  sidecar: DecodedSidecarContainer,
  pod: DecodedPod,
): DecodedSidecarContainer {
  const shared = sharedMounts(sidecar, pod);
  const transferred = mergeEnvVars(transferEnvs(sidecar, pod), shared.envs);
  const key =
    shared.mounts.length === 0 && transferred.length === 0
      ? ''
      : JSON.stringify([shared.mounts, transferred]);
  let variants = processed.get(sidecar);
  const known = variants?.get(key);
  if (known !== undefined) return known;
  const mounts = mergeVolumeMounts(sidecar.volumeMounts ?? [], shared.mounts);
  const out: DecodedSidecarContainer = {
    ...sidecar,
    ...(mounts.length > 0 && { volumeMounts: mounts }),
    env: mergeEnvVars(
      [...(sidecar.env ?? []), { name: SIDECAR_ENV_KEY, value: 'true' }],
      transferred,
    ),
  };
  if (variants === undefined) processed.set(sidecar, (variants = new Map()));
  if (variants.size >= MAX_VARIANTS) variants.clear();
  variants.set(key, out);
  return out;
}
