/**
 * What a sidecar takes from the pod's own containers: shared volumeMounts
 * (with the env their `subPathExpr` needs) and `transferEnv` (SPEC §2.6,
 * OpenKruise `GetInjectedVolumeMountsAndEnvs`, `GetSidecarTransferEnvs`).
 */
import type {
  DecodedContainer,
  DecodedEnvVar,
  DecodedPod,
  DecodedSidecarContainer,
  DecodedVolumeMount,
} from '../../../shared/api/decoded.js';
import { compareGoKeys } from '../../../shared/go/json.js';
import { SIDECAR_ENV_KEY } from '../../../shared/sidecarset/annotations.js';
import { containerNameFromFieldRef } from './field-path.js';

const SUBPATH_EXPR_ENV = /\$\(([-._a-zA-Z][-._a-zA-Z0-9]*)\)/g;

/** First env of that name, as util.GetContainerEnvVar. */
export const containerEnv = (
  container: DecodedContainer,
  name: string,
): DecodedEnvVar | undefined => container.env?.find((e) => e.name === name);

/** A container OpenKruise injected (env IS_INJECTED=true); never a source of shared mounts. */
export const isInjectedSidecar = (container: DecodedContainer): boolean =>
  (containerEnv(container, SIDECAR_ENV_KEY)?.value ?? '') === 'true';

/** util.MergeEnvVar: appends additional envs whose name is new. */
export function mergeEnvVars(
  original: readonly DecodedEnvVar[],
  additional: readonly DecodedEnvVar[],
): DecodedEnvVar[] {
  const names = new Set(original.map((e) => e.name));
  const out = [...original];
  for (const env of additional) {
    if (names.has(env.name)) continue;
    out.push(env);
    names.add(env.name);
  }
  return out;
}

/** util.MergeVolumeMounts: appends additional mounts whose mountPath is new. */
export function mergeVolumeMounts(
  original: readonly DecodedVolumeMount[],
  additional: readonly DecodedVolumeMount[],
): DecodedVolumeMount[] {
  const paths = new Set(original.map((m) => m.mountPath));
  const out = [...original];
  for (const mount of additional) {
    if (paths.has(mount.mountPath)) continue;
    out.push(mount);
    paths.add(mount.mountPath);
  }
  return out;
}

export interface SharedMounts {
  readonly mounts: DecodedVolumeMount[];
  readonly envs: DecodedEnvVar[];
}

/**
 * With `shareVolumePolicy.type: enabled`: every volumeMount of the pod's
 * non-injected `spec.containers`, in order, plus for each `$(VAR)` of a
 * mount's subPathExpr that container's env VAR (skipped when missing).
 */
export function sharedMounts(sidecar: DecodedSidecarContainer, pod: DecodedPod): SharedMounts {
  const mounts: DecodedVolumeMount[] = [];
  const envs: DecodedEnvVar[] = [];
  if (sidecar.shareVolumePolicy?.type !== 'enabled') return { mounts, envs };
  for (const container of pod.spec?.containers ?? []) {
    if (isInjectedSidecar(container)) continue;
    for (const mount of container.volumeMounts ?? []) {
      mounts.push(mount);
      for (const match of (mount.subPathExpr ?? '').matchAll(SUBPATH_EXPR_ENV)) {
        const env = containerEnv(container, match[1] ?? '');
        if (env !== undefined) envs.push(env);
      }
    }
  }
  return { mounts, envs };
}

/**
 * `transferEnv`: for each entry, the names `{envName} ∪ envNames` sorted,
 * copied from the source container (`sourceContainerName`, or the label or
 * annotation `sourceContainerNameFrom.fieldRef` names) among `spec.containers`;
 * missing sources, names or an unreadable fieldRef are skipped.
 */
export function transferEnvs(sidecar: DecodedSidecarContainer, pod: DecodedPod): DecodedEnvVar[] {
  const podEnvs = new Map<string, DecodedEnvVar>();
  for (const container of pod.spec?.containers ?? []) {
    for (const env of container.env ?? []) podEnvs.set(`${container.name}/${env.name}`, env);
  }
  const out: DecodedEnvVar[] = [];
  for (const transfer of sidecar.transferEnv ?? []) {
    const names = new Set<string>(transfer.envNames ?? []);
    if (transfer.envName) names.add(transfer.envName);
    let source = transfer.sourceContainerName ?? '';
    const fieldRef = transfer.sourceContainerNameFrom?.fieldRef;
    if (fieldRef) {
      const fromPod = containerNameFromFieldRef(fieldRef, pod);
      if (fromPod === undefined) continue;
      source = fromPod;
    }
    for (const name of [...names].sort(compareGoKeys)) {
      const env = podEnvs.get(`${source}/${name}`);
      if (env !== undefined) out.push(env);
    }
  }
  return out;
}
