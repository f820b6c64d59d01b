/**
 * Everything matched SidecarSets add to a new pod, before merging (SPEC §2.6
 * step 6, OpenKruise `buildSidecars` for CREATE): processed sidecars, init
 * sidecars, pull secrets, referenced volumes and the annotations.
 */
import type { V1LocalObjectReference, V1Pod, V1Volume } from '@kubernetes/client-node';
import { KruiseFnError } from '../../../shared/errors.js';
import {
  SIDECARSET_HASH_ANNOTATION,
  SIDECARSET_HASH_WITHOUT_IMAGE_ANNOTATION,
  SIDECARSET_LIST_ANNOTATION,
  SIDECARSET_WORKING_HOTUPGRADE_CONTAINER_ANNOTATION,
  SIDECAR_ENV_KEY,
  formatInjectedList,
  formatUpdateTimestamp,
  marshalUpgradeSpecs,
  readInjectedList,
  readUpgradeSpecs,
  readWorkingHotUpgradeContainers,
} from '../../../shared/sidecarset/annotations.js';
import type { SidecarSetUpgradeSpec } from '../../../shared/sidecarset/annotations.js';
import { goMarshal } from '../../../shared/sidecarset/go-json.js';
import { hotUpgradePair, isHotUpgrade } from './hot-upgrade.js';
import { mergeEnvVars, mergeVolumeMounts, sharedMounts, transferEnvs } from './sidecar-env.js';
import type { SidecarContainer, SidecarSet } from './types.js';

export interface BuiltSidecars {
  readonly containers: SidecarContainer[];
  readonly initContainers: SidecarContainer[];
  readonly secrets: V1LocalObjectReference[];
  readonly volumes: V1Volume[];
  readonly annotations: Record<string, string>;
  /** Names of the SidecarSets that injected at least one container. */
  readonly injected: string[];
}

/**
 * Processed sidecars per SidecarSet container object and what it took from
 * the pod (pods of one template take the same), at most MAX_VARIANTS each.
 */
const processed = new WeakMap<SidecarContainer, Map<string, SidecarContainer>>();
const MAX_VARIANTS = 32;

/**
 * Own mounts + shared mounts, own env + IS_INJECTED + transferred and
 * subPathExpr env. The result shares parts with the SidecarSet and the pod and
 * is never mutated (merging re-encodes it as a core Container, once per
 * object): the same sidecar taking the same from a pod gets the same object.
 */
function processSidecar(sidecar: SidecarContainer, pod: V1Pod): SidecarContainer {
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
  const out: SidecarContainer = {
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

function readHashAnnotation(pod: V1Pod, key: string): Record<string, SidecarSetUpgradeSpec> {
  const value = pod.metadata?.annotations?.[key] ?? '';
  if (value === '') return {};
  const read = readUpgradeSpecs(value);
  if ('specs' in read) return read.specs;
  const { namespace = '', name = '' } = pod.metadata ?? {};
  throw new KruiseFnError(
    `pod(${namespace}/${name}) invalid annotations[${key}] value ${value}, unmarshal failed: ${read.error}`,
  );
}

/** Throws KruiseFnError (500) when the pod's hash annotations cannot be read. */
export function buildSidecars(
  pod: V1Pod,
  sidecarSets: readonly SidecarSet[],
  now: Date,
): BuiltSidecars {
  const hashes = readHashAnnotation(pod, SIDECARSET_HASH_ANNOTATION);
  const hashesWithoutImage = readHashAnnotation(pod, SIDECARSET_HASH_WITHOUT_IMAGE_ANNOTATION);
  const working = readWorkingHotUpgradeContainers(pod.metadata?.annotations);
  const names = readInjectedList(pod.metadata?.annotations?.[SIDECARSET_LIST_ANNOTATION]);
  const built: BuiltSidecars = {
    containers: [],
    initContainers: [],
    secrets: [],
    volumes: [],
    annotations: {},
    injected: [],
  };
  const updateTimestamp = formatUpdateTimestamp(now);
  let hotUpgraded = false;

  const add = (target: SidecarContainer[], sidecar: SidecarContainer, hot: boolean): void => {
    if (!hot) {
      target.push(sidecar);
      return;
    }
    const pair = hotUpgradePair(sidecar);
    target.push(...pair.containers);
    Object.assign(built.annotations, pair.annotations);
    working[sidecar.name] = pair.containers[0].name;
    hotUpgraded = true;
  };

  for (const sidecarSet of sidecarSets) {
    const name = sidecarSet.metadata?.name ?? '';
    const spec = sidecarSet.spec ?? {};
    names.push(name);
    const volumes = new Map((spec.volumes ?? []).map((v) => [v.name, v]));
    const addVolumesOf = (sidecar: SidecarContainer): void => {
      for (const mount of sidecar.volumeMounts ?? []) {
        const volume = volumes.get(mount.name);
        if (volume !== undefined) built.volumes.push(volume);
      }
    };
    const sidecarList = new Set<string>();
    for (const init of spec.initContainers ?? []) {
      const native = init.restartPolicy === 'Always';
      // v1.7.1+: only native sidecars are listed (and updated in place later).
      if (native) sidecarList.add(init.name);
      addVolumesOf(init);
      add(built.initContainers, processSidecar(init, pod), native && isHotUpgrade(init));
    }
    built.secrets.push(...(spec.imagePullSecrets ?? []));
    for (const sidecar of spec.containers ?? []) {
      sidecarList.add(sidecar.name);
      addVolumesOf(sidecar);
      add(built.containers, processSidecar(sidecar, pod), isHotUpgrade(sidecar));
    }
    if ((spec.initContainers ?? []).length + (spec.containers ?? []).length === 0) continue;
    const list = [...sidecarList].sort();
    const entry = { updateTimestamp, sidecarSetName: name, sidecarList: list };
    const setAnnotations = sidecarSet.metadata?.annotations ?? {};
    hashes[name] = {
      ...entry,
      hash: setAnnotations[SIDECARSET_HASH_ANNOTATION] ?? '',
      controllerRevision: sidecarSet.status?.latestRevision ?? '',
    };
    hashesWithoutImage[name] = {
      ...entry,
      hash: setAnnotations[SIDECARSET_HASH_WITHOUT_IMAGE_ANNOTATION] ?? '',
      controllerRevision: '',
    };
    built.injected.push(name);
  }

  if (hotUpgraded)
    built.annotations[SIDECARSET_WORKING_HOTUPGRADE_CONTAINER_ANNOTATION] = goMarshal(working);
  built.annotations[SIDECARSET_HASH_ANNOTATION] = marshalUpgradeSpecs(hashes);
  built.annotations[SIDECARSET_HASH_WITHOUT_IMAGE_ANNOTATION] =
    marshalUpgradeSpecs(hashesWithoutImage);
  built.annotations[SIDECARSET_LIST_ANNOTATION] = formatInjectedList(names);
  return built;
}
