/**
 * Which containers of a job pod are sidecars, what the terminator may do to
 * each, and when it acts at all (SPEC §4; kruise@v1.7.4:pkg/controller/
 * sidecarterminator/utils.go and the container checks of
 * sidecar_terminator_controller.go). Only `spec.containers` count: init
 * containers, native sidecars included, are never looked at.
 */
import type { Container, Pod } from '../../../shared/api/core/core-v1.js';

/** apis/apps/v1alpha1/well_known_labels.go: the env switches of a sidecar. */
export const TERMINATE_SIDECAR_ENV = 'KRUISE_TERMINATE_SIDECAR_WHEN_JOB_EXIT';
export const TERMINATE_WITH_IMAGE_ENV = 'KRUISE_TERMINATE_SIDECAR_WHEN_JOB_EXIT_WITH_IMAGE';
export const IGNORE_EXIT_CODE_ENV = 'KRUISE_TERMINATE_SIDECAR_IGNORE_EXIT_CODE';

// strings.EqualFold(v, "true"): no letter of "true" has a non-ASCII case partner.
const isTrue = (value: string | undefined): boolean => /^true$/i.test(value ?? '');

/** Any entry of the name passes (duplicates included), as OpenKruise scans the whole list. */
const hasEnv = (c: Container, name: string, test: (value: string | undefined) => boolean) =>
  (c.env ?? []).some((e) => e.name === name && test(e.value));

/** Killed through a ContainerRecreateRequest. */
export const isKillSidecar = (c: Container): boolean => hasEnv(c, TERMINATE_SIDECAR_ENV, isTrue);

/** A kill sidecar whose exit code must not decide the pod's phase; the switch alone means nothing. */
export const isIgnoreExitCodeSidecar = (c: Container): boolean =>
  isKillSidecar(c) && hasEnv(c, IGNORE_EXIT_CODE_ENV, isTrue);

/** Stopped by swapping its image (virtual-kubelet nodes only). */
export const isInPlaceSidecar = (c: Container): boolean =>
  hasEnv(c, TERMINATE_WITH_IMAGE_ENV, (v) => (v ?? '') !== '');

export const isSidecar = (c: Container): boolean => isKillSidecar(c) || isInPlaceSidecar(c);

/** The image of the first entry named like the switch, even an empty one (getImageFromEnv). */
export const terminationImage = (c: Container): string =>
  (c.env ?? []).find((e) => e.name === TERMINATE_WITH_IMAGE_ENV)?.value ?? '';

const containers = (pod: Pod): readonly Container[] => pod.spec?.containers ?? [];
const statuses = (pod: Pod) => pod.status?.containerStatuses ?? [];

export const mainContainerNames = (pod: Pod): Set<string> =>
  new Set(containers(pod).flatMap((c) => (isSidecar(c) ? [] : [c.name])));
export const sidecarNames = (pod: Pod): Set<string> =>
  new Set(containers(pod).flatMap((c) => (isSidecar(c) ? [c.name] : [])));

/** Every status of `names` is terminated; false until the kubelet reported every container. */
export function containersCompleted(pod: Pod, names: ReadonlySet<string>): boolean {
  if (containers(pod).length !== statuses(pod).length) return false;
  return statuses(pod).every((s) => !names.has(s.name) || s.state?.terminated != null);
}

/** Every status of `names` is terminated with exit code 0. */
export function containersSucceeded(pod: Pod, names: ReadonlySet<string>): boolean {
  if (containers(pod).length !== statuses(pod).length) return false;
  return statuses(pod).every((s) => !names.has(s.name) || s.state?.terminated?.exitCode === 0);
}

/** `names` without those whose status is terminated, in the pod's container order. */
export function notDone(pod: Pod, names: ReadonlySet<string>): string[] {
  const done = new Set(statuses(pod).flatMap((s) => (s.state?.terminated != null ? [s.name] : [])));
  return containers(pod).flatMap((c) => (names.has(c.name) && !done.has(c.name) ? [c.name] : []));
}

/**
 * isInterestingPod: not being deleted, past Pending, not restartPolicy
 * Always, some sidecar still running, and the main containers finished:
 * terminated at all for `Never`, terminated with exit code 0 for `OnFailure`.
 */
export function isInterestingPod(pod: Pod): boolean {
  if (pod.metadata?.deletionTimestamp != null) return false;
  if (pod.status?.phase === 'Pending') return false;
  const policy = pod.spec?.restartPolicy;
  if (policy === 'Always') return false;
  const sidecars = sidecarNames(pod);
  if (sidecars.size === 0 || containersCompleted(pod, sidecars)) return false;
  if (policy === 'Never') return containersCompleted(pod, mainContainerNames(pod));
  if (policy === 'OnFailure') return containersSucceeded(pod, mainContainerNames(pod));
  return false;
}

export interface SidecarSets {
  /** Kill sidecars without the ignore switch (off virtual-kubelet nodes). */
  readonly normal: ReadonlySet<string>;
  /** Kill sidecars with the ignore switch (off virtual-kubelet nodes). */
  readonly ignoreExitCode: ReadonlySet<string>;
  /** Image-switch sidecars (on virtual-kubelet nodes). */
  readonly inPlace: ReadonlySet<string>;
}

/**
 * getSidecarContainerNames: on a virtual-kubelet node only the image switch
 * counts; elsewhere only the kill switch (with or without ignore), so an
 * image-only sidecar off such a node is left alone.
 */
export function partitionSidecars(pod: Pod, onVirtualKubelet: boolean): SidecarSets {
  const normal = new Set<string>();
  const ignoreExitCode = new Set<string>();
  const inPlace = new Set<string>();
  for (const c of containers(pod)) {
    if (onVirtualKubelet && isInPlaceSidecar(c)) inPlace.add(c.name);
    else if (!onVirtualKubelet && isIgnoreExitCodeSidecar(c)) ignoreExitCode.add(c.name);
    else if (!onVirtualKubelet && isKillSidecar(c)) normal.add(c.name);
  }
  return { normal, ignoreExitCode, inPlace };
}
