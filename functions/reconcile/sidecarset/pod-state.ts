/**
 * What the controller asks of a pod (SPEC §2.9 steps 1 and 3,
 * `kruise@v1.7.4:pkg/control/sidecarcontrol/{sidecarset_control,util,util_hotupgrade}.go`):
 * matched, updated, ready, consistent (spec images running) and upgradable.
 * Under the native-sidecar gate the tracked names include the native
 * sidecars, whose state is read from `initContainerStatuses`.
 */
import type { Container, ContainerStatus, Pod } from '../../../shared/api/core/core-v1.js';
import {
  SIDECARSET_HASH_ANNOTATION,
  SIDECARSET_HASH_WITHOUT_IMAGE_ANNOTATION,
  SIDECARSET_INPLACE_UPDATE_STATE_ANNOTATION,
  SIDECARSET_LIST_ANNOTATION,
  hotUpgradeContainerNames,
  podSidecarSetHash,
  readWorkingHotUpgradeContainers,
} from '../../../shared/sidecarset/annotations.js';
import { readInPlaceUpdateStates } from './inplace-state.js';
import { isContainerImageEqual, isImageDigest, statusImageIDs } from './pod-images.js';
import { isHotUpgradeSidecar, trackedNames, type SidecarControl } from './sidecar-control.js';

/** kubecontroller.IsPodActive: not Succeeded, not Failed, not being deleted. */
export const isActivePod = (pod: Pod): boolean =>
  pod.status?.phase !== 'Succeeded' &&
  pod.status?.phase !== 'Failed' &&
  pod.metadata?.deletionTimestamp === undefined;

/** podutil.IsPodReady: condition Ready is True. */
export const isPodReadyCondition = (pod: Pod): boolean =>
  pod.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';

/** util.IsRunningAndReady. */
export const isRunningAndReady = (pod: Pod): boolean =>
  pod.status?.phase === 'Running' &&
  isPodReadyCondition(pod) &&
  pod.metadata?.deletionTimestamp === undefined;

/** util.GetContainer: init containers first, then containers. */
export const findContainer = (pod: Pod, name: string): Container | undefined =>
  pod.spec?.initContainers?.find((c) => c.name === name) ??
  pod.spec?.containers.find((c) => c.name === name);

/** GetPodHotUpgradeContainers: [working, other] by the pod's working-container annotation. */
export function hotUpgradeContainers(sidecar: string, pod: Pod): readonly [string, string] {
  const [first, second] = hotUpgradeContainerNames(sidecar);
  const working = readWorkingHotUpgradeContainers(pod.metadata?.annotations)[sidecar];
  return working === first ? [first, second] : [second, first];
}

/** IsPodInjectedSidecarSet: the injected-list annotation names it. */
export const isInjected = (pod: Pod, name: string): boolean =>
  (pod.metadata?.annotations?.[SIDECARSET_LIST_ANNOTATION] ?? '').split(',').includes(name);

/** IsPodConsistentWithSidecarSet: the pod has every sidecar container (HotUpgrade: both and the working entry). */
export function hasSidecarContainers(control: SidecarControl, pod: Pod): boolean {
  const working = readWorkingHotUpgradeContainers(pod.metadata?.annotations);
  return (control.sidecarSet.spec?.containers ?? []).every((c) => {
    if (!isHotUpgradeSidecar(c)) return findContainer(pod, c.name) !== undefined;
    const [first, second] = hotUpgradeContainerNames(c.name);
    return (
      Object.hasOwn(working, c.name) &&
      findContainer(pod, first) !== undefined &&
      findContainer(pod, second) !== undefined
    );
  });
}

/** getMatchingPods' filter of the listed pods. */
export const isMatchedPod = (control: SidecarControl, pod: Pod): boolean =>
  isActivePod(pod) && isInjected(pod, control.name) && hasSidecarContainers(control, pod);

/** IsPodSidecarUpdated: the pod's hash entry is the SidecarSet's hash. */
export const isUpdated = (control: SidecarControl, pod: Pod): boolean =>
  control.hash ===
  podSidecarSetHash(pod.metadata?.annotations, SIDECARSET_HASH_ANNOTATION, control.name);

/** control.IsPodReady: HotUpgrade idle containers on their empty image, and running and ready. */
export function isPodReady(control: SidecarControl, pod: Pod): boolean {
  const emptyImages = new Map<string, string>();
  for (const c of control.hotUpgrade) {
    emptyImages.set(
      hotUpgradeContainers(c.name, pod)[1],
      c.upgradeStrategy?.hotUpgradeEmptyImage ?? '',
    );
  }
  for (const c of pod.spec?.containers ?? []) {
    const empty = emptyImages.get(c.name) ?? '';
    if (empty !== '' && c.image !== empty) return false;
  }
  return isRunningAndReady(pod);
}

interface Tracked {
  readonly spec: readonly Container[];
  readonly statuses: readonly ContainerStatus[];
}

/** The pod's containers and statuses a name is looked up in: init ones for native sidecars. */
const lists = (control: SidecarControl, pod: Pod): readonly [Tracked, Tracked] => [
  { spec: pod.spec?.containers ?? [], statuses: pod.status?.containerStatuses ?? [] },
  { spec: pod.spec?.initContainers ?? [], statuses: pod.status?.initContainerStatuses ?? [] },
];

/**
 * IsSidecarContainerUpdateCompleted: no tracked container still runs the
 * imageID recorded before its update while its spec and status images
 * differ. No annotation means never updated in place (complete); an
 * unreadable one means incomplete.
 */
export function isUpdateCompleted(
  control: SidecarControl,
  pod: Pod,
  names: ReadonlySet<string>,
): boolean {
  const text = pod.metadata?.annotations?.[SIDECARSET_INPLACE_UPDATE_STATE_ANNOTATION];
  if (text === undefined) return true;
  const states = readInPlaceUpdateStates(text);
  if (states === undefined) return false;
  const before = states[control.name]?.lastContainerStatuses ?? {};
  const [containers, inits] = lists(control, pod);
  const check = ({ spec, statuses }: Tracked, only: (name: string) => boolean) => {
    const images = new Map(spec.map((c) => [c.name, c.image ?? '']));
    return statuses.every((s) => {
      if (!names.has(s.name) || !only(s.name) || !Object.hasOwn(before, s.name)) return true;
      return !(before[s.name] === s.imageID && (images.get(s.name) ?? '') !== s.image);
    });
  };
  return check(containers, () => true) && check(inits, (n) => control.nativeNames.has(n));
}

/**
 * IsPodStateConsistent over `names` (default: every tracked name): as many
 * statuses as containers; when every tracked image is a digest, each
 * runs it; else the update-completed test. Go stops digest-checking at the
 * first tracked image that is not a digest (reproduced).
 */
export function isConsistent(
  control: SidecarControl,
  pod: Pod,
  only?: ReadonlySet<string>,
): boolean {
  const names = only === undefined || only.size === 0 ? trackedNames(control) : only;
  const [containers, inits] = lists(control, pod);
  if (containers.spec.length !== containers.statuses.length) return false;
  const wantsNatives = [...names].some((n) => control.nativeNames.has(n));
  if (wantsNatives && inits.spec.length !== inits.statuses.length) return false;
  const walk: [Container, Map<string, string>][] = [];
  const ids = statusImageIDs(containers.statuses);
  for (const c of containers.spec) if (names.has(c.name)) walk.push([c, ids]);
  if (wantsNatives) {
    const initIds = statusImageIDs(inits.statuses);
    for (const c of inits.spec)
      if (names.has(c.name) && control.nativeNames.has(c.name)) walk.push([c, initIds]);
  }
  for (const [c, imageIDs] of walk) {
    if (!isImageDigest(c.image ?? '')) return isUpdateCompleted(control, pod, names);
    const id = imageIDs.get(c.name);
    if (id === undefined || !isContainerImageEqual(c.image ?? '', id)) return false;
  }
  return true;
}

/** IsSidecarSetUpgradable: [canUpgrade, consistent]. */
export function upgradability(control: SidecarControl, pod: Pod): readonly [boolean, boolean] {
  const podHash = podSidecarSetHash(
    pod.metadata?.annotations,
    SIDECARSET_HASH_WITHOUT_IMAGE_ANNOTATION,
    control.name,
  );
  if (podHash !== control.hashWithoutImage) return [false, false];
  const [containers, inits] = lists(control, pod);
  const ready = new Map(containers.statuses.map((s) => [s.name, s.ready]));
  for (const s of inits.statuses) if (control.nativeNames.has(s.name)) ready.set(s.name, s.ready);
  for (const name of trackedNames(control)) {
    // A sidecar that is Ready but not yet consistent is still being updated: wait for it.
    if (ready.get(name) === true && !isConsistent(control, pod, new Set([name])))
      return [true, false];
  }
  return [true, true];
}
