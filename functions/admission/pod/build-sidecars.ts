/**
 * Everything matched SidecarSets add to a new pod, before merging (SPEC §2.6
 * step 6, OpenKruise `buildSidecars` for CREATE): processed sidecars, init
 * sidecars, pull secrets, referenced volumes and the annotations.
 */
import type {
  DecodedLocalObjectReference,
  DecodedPod,
  DecodedSidecarContainer,
  DecodedSidecarSet,
  DecodedVolume,
} from '../../../shared/api/decoded.js';
import { KruiseFnError } from '../../../shared/errors.js';
import {
  SIDECARSET_HASH_ANNOTATION,
  SIDECARSET_HASH_WITHOUT_IMAGE_ANNOTATION,
  SIDECARSET_LIST_ANNOTATION,
  SIDECARSET_WORKING_HOTUPGRADE_CONTAINER_ANNOTATION,
  formatUpdateTimestamp,
  readInjectedList,
  readUpgradeSpecs,
  readWorkingHotUpgradeContainers,
} from '../../../shared/sidecarset/annotations.js';
import type { SidecarSetUpgradeSpec } from '../../../shared/sidecarset/annotations.js';
import { goMarshal } from '../../../shared/go/json.js';
import { hotUpgradePair, isHotUpgrade } from './hot-upgrade.js';
import { encodeInjectedList, encodeUpgradeSpecs } from './memo-encode.js';
import { processSidecar } from './process-sidecar.js';

export interface BuiltSidecars {
  readonly containers: DecodedSidecarContainer[];
  readonly initContainers: DecodedSidecarContainer[];
  readonly secrets: DecodedLocalObjectReference[];
  readonly volumes: DecodedVolume[];
  readonly annotations: Record<string, string>;
  /** Names of the SidecarSets that injected at least one container. */
  readonly injected: string[];
}

function readHashAnnotation(pod: DecodedPod, key: string): Record<string, SidecarSetUpgradeSpec> {
  const value = pod.metadata?.annotations?.[key] ?? '';
  if (value === '') return {};
  const read = readUpgradeSpecs(value);
  if ('specs' in read) return read.specs;
  const { namespace = '', name = '' } = pod.metadata ?? {};
  throw new KruiseFnError(
    `pod(${namespace}/${name}) invalid annotations[${key}] value ${value}, unmarshal failed: ${read.error}`,
  );
}

// Helpers at module level, not closures per call: bundles keep function names
// (esbuild keepNames), which costs a call per closure created.

/** A SidecarSet's volumes by name, once per volumes array. */
const volumeMaps = new WeakMap<readonly DecodedVolume[], Map<string, DecodedVolume>>();
const NO_VOLUMES = new Map<string, DecodedVolume>();
function volumesByName(
  volumes: readonly DecodedVolume[] | null | undefined,
): Map<string, DecodedVolume> {
  if (volumes === undefined || volumes === null) return NO_VOLUMES;
  let map = volumeMaps.get(volumes);
  if (map === undefined) volumeMaps.set(volumes, (map = new Map(volumes.map((v) => [v.name, v]))));
  return map;
}

/** The SidecarSet volumes a sidecar's own volumeMounts reference. */
function addVolumesOf(
  built: BuiltSidecars,
  volumes: Map<string, DecodedVolume>,
  sidecar: DecodedSidecarContainer,
): void {
  for (const mount of sidecar.volumeMounts ?? []) {
    const volume = volumes.get(mount.name);
    if (volume !== undefined) built.volumes.push(volume);
  }
}

/** Adds a processed sidecar (a hot-upgrade pair when `hot`); true when it was a pair. */
function add(
  built: BuiltSidecars,
  working: Record<string, string>,
  target: DecodedSidecarContainer[],
  sidecar: DecodedSidecarContainer,
  hot: boolean,
): boolean {
  if (!hot) {
    target.push(sidecar);
    return false;
  }
  const pair = hotUpgradePair(sidecar);
  target.push(...pair.containers);
  Object.assign(built.annotations, pair.annotations);
  working[sidecar.name] = pair.containers[0].name;
  return true;
}

/** Throws KruiseFnError (500) when the pod's hash annotations cannot be read. */
export function buildSidecars(
  pod: DecodedPod,
  sidecarSets: readonly DecodedSidecarSet[],
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

  for (const sidecarSet of sidecarSets) {
    const name = sidecarSet.metadata?.name ?? '';
    const spec = sidecarSet.spec ?? {};
    names.push(name);
    const volumes = volumesByName(spec.volumes);
    const sidecarList = new Set<string>();
    for (const init of spec.initContainers ?? []) {
      const native = init.restartPolicy === 'Always';
      // v1.7.1+: only native sidecars are listed (and updated in place later).
      if (native) sidecarList.add(init.name);
      addVolumesOf(built, volumes, init);
      hotUpgraded =
        add(
          built,
          working,
          built.initContainers,
          processSidecar(init, pod),
          native && isHotUpgrade(init),
        ) || hotUpgraded;
    }
    built.secrets.push(...(spec.imagePullSecrets ?? []));
    for (const sidecar of spec.containers ?? []) {
      sidecarList.add(sidecar.name);
      addVolumesOf(built, volumes, sidecar);
      hotUpgraded =
        add(
          built,
          working,
          built.containers,
          processSidecar(sidecar, pod),
          isHotUpgrade(sidecar),
        ) || hotUpgraded;
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
  built.annotations[SIDECARSET_HASH_ANNOTATION] = encodeUpgradeSpecs(hashes);
  built.annotations[SIDECARSET_HASH_WITHOUT_IMAGE_ANNOTATION] =
    encodeUpgradeSpecs(hashesWithoutImage);
  built.annotations[SIDECARSET_LIST_ANNOTATION] = encodeInjectedList(names);
  return built;
}
