/**
 * HotUpgrade sidecars (SPEC §2.10; `kruise@v1.7.4:pkg/control/sidecarcontrol/util_hotupgrade.go`,
 * `pkg/controller/sidecarset/sidecarset_hotupgrade.go`). Each runs as `X-1`
 * and `X-2`; the pod's working-container annotation names the one serving.
 * An update writes the new image into the other container (the idle one on
 * `hotUpgradeEmptyImage`, else the one not ready, else the older one) and
 * makes it the working one; once the pod is consistent and ready again the
 * old one is reset ("flipped") to the empty image.
 */
import type { Container, Pod } from '../../../shared/api/core/core-v1.js';
import type { SidecarContainer } from '../../../shared/api/sidecarset.js';
import {
  hotUpgradeContainerNames,
  versionAltAnnotation,
  versionAnnotation,
} from '../../../shared/sidecarset/annotations.js';
import { recordPreUpdateImages } from './pod-annotations.js';
import { hotUpgradeContainers, isConsistent, isRunningAndReady } from './pod-state.js';
import type { SidecarControl } from './sidecar-control.js';

const emptyImageOf = (c: SidecarContainer): string => c.upgradeStrategy?.hotUpgradeEmptyImage ?? '';

const specContainer = (pod: Pod, name: string): Container | undefined =>
  pod.spec?.containers.find((c) => c.name === name);

/** findContainerToHotUpgrade: [the container to write the new image into, the other one]. */
export function containerToHotUpgrade(
  control: SidecarControl,
  sidecar: SidecarContainer,
  pod: Pod,
): readonly [string, string] {
  const [first, second] = hotUpgradeContainerNames(sidecar.name);
  const empty = emptyImageOf(sidecar);
  // Go reads a missing container as the zero Container (image "").
  if ((specContainer(pod, first)?.image ?? '') === empty) return [first, second];
  if ((specContainer(pod, second)?.image ?? '') === empty) return [second, first];
  const ready = (name: string) =>
    (pod.status?.containerStatuses?.find((s) => s.name === name)?.ready ?? false) &&
    isConsistent(control, pod, new Set([name]));
  const [firstReady, secondReady] = [ready(first), ready(second)];
  if (firstReady && !secondReady) return [second, first];
  if (!firstReady && secondReady) return [first, second];
  const [working, older] = hotUpgradeContainers(sidecar.name, pod);
  return [older, working];
}

/** isPodSidecarInHotUpgrading: some idle container is not on its empty image. */
export const isInHotUpgrading = (control: SidecarControl, pod: Pod): boolean =>
  control.hotUpgrade.some(
    (c) =>
      (specContainer(pod, hotUpgradeContainers(c.name, pod)[1])?.image ?? '') !== emptyImageOf(c),
  );

/** isHotUpgradingReady: running and ready, or every container but the idle ones ready. */
export function isHotUpgradingReady(control: SidecarControl, pod: Pod): boolean {
  if (isRunningAndReady(pod)) return true;
  const idle = new Set(control.hotUpgrade.map((c) => hotUpgradeContainers(c.name, pod)[1]));
  return (pod.status?.containerStatuses ?? []).every((s) => idle.has(s.name) || s.ready);
}

/** The pods whose finished hot upgrade leaves an old container to reset. */
export function podsToFlip(control: SidecarControl, pods: readonly Pod[]): Pod[] {
  if (control.hotUpgrade.length === 0) return [];
  return pods.filter((pod) => {
    const names = new Set(control.containerNames);
    for (const c of control.hotUpgrade) names.delete(hotUpgradeContainers(c.name, pod)[1]);
    return (
      isInHotUpgrading(control, pod) &&
      isConsistent(control, pod, names) &&
      isHotUpgradingReady(control, pod)
    );
  });
}

/**
 * flipPodSidecarContainerDo on a copy of `pod`: each idle container not on
 * its empty image is set to it, its version and the working one's
 * alternative version become "0", and the images it ran are recorded.
 */
export function flipPod(control: SidecarControl, pod: Pod, now: Date): Pod {
  const out = structuredClone(pod);
  const annotations = (out.metadata ??= {}).annotations ?? {};
  const changed: string[] = [];
  for (const sidecar of control.hotUpgrade) {
    const [working, idle] = hotUpgradeContainers(sidecar.name, pod);
    const container = specContainer(out, idle);
    if (container === undefined || container.image === emptyImageOf(sidecar)) continue;
    container.image = emptyImageOf(sidecar);
    changed.push(idle);
    annotations[versionAnnotation(idle)] = '0';
    annotations[versionAltAnnotation(working)] = '0';
  }
  recordPreUpdateImages(annotations, control, pod, changed, now);
  out.metadata.annotations = annotations;
  return out;
}
