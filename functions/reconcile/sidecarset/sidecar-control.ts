/**
 * What the SidecarSet controller knows of one SidecarSet before it looks at
 * pods (OpenKruise's `sidecarcontrol.SidecarControl` over
 * `kruise@v1.7.4:pkg/control/sidecarcontrol/sidecarset_control.go`): its
 * hashes, the pod containers it owns, its HotUpgrade sidecars and, with the
 * SidecarSetNativeSidecarInPlaceUpdate gate, the native sidecars (init
 * containers with `restartPolicy: Always`) it updates in place.
 */
import type { SidecarContainer, SidecarSet } from '../../../shared/api/sidecarset.js';
import {
  SIDECARSET_HASH_ANNOTATION,
  SIDECARSET_HASH_WITHOUT_IMAGE_ANNOTATION,
  hotUpgradeContainerNames,
} from '../../../shared/sidecarset/annotations.js';

export interface SidecarControl {
  readonly sidecarSet: SidecarSet;
  readonly name: string;
  /** The SidecarSet's `kruise.io/sidecarset-hash` annotation ('' when absent). */
  readonly hash: string;
  readonly hashWithoutImage: string;
  /** Pod `spec.containers` names of its sidecars (HotUpgrade ones as `-1` and `-2`), GetSidecarContainersInPod. */
  readonly containerNames: ReadonlySet<string>;
  /** Its HotUpgrade sidecars (spec.containers). */
  readonly hotUpgrade: readonly SidecarContainer[];
  /**
   * Pod `spec.initContainers` names updated in place (native ColdUpgrade
   * sidecars) under the SidecarSetNativeSidecarInPlaceUpdate gate; empty
   * without it, as in OpenKruise, which never touches init containers.
   */
  readonly nativeNames: ReadonlySet<string>;
  readonly natives: readonly SidecarContainer[];
}

export interface ControlOptions {
  /** Feature gate SidecarSetNativeSidecarInPlaceUpdate. */
  readonly nativeSidecarInPlaceUpdate: boolean;
}

export const isHotUpgradeSidecar = (c: SidecarContainer): boolean =>
  c.upgradeStrategy?.upgradeType === 'HotUpgrade';

export const isNativeSidecar = (c: SidecarContainer): boolean => c.restartPolicy === 'Always';

export function sidecarControl(sidecarSet: SidecarSet, options: ControlOptions): SidecarControl {
  const containers = sidecarSet.spec?.containers ?? [];
  const containerNames = new Set<string>();
  for (const c of containers) {
    if (isHotUpgradeSidecar(c))
      for (const n of hotUpgradeContainerNames(c.name)) containerNames.add(n);
    else containerNames.add(c.name);
  }
  // HotUpgrade native sidecars stay out: validation keeps refusing RollingUpdate for them.
  const natives = options.nativeSidecarInPlaceUpdate
    ? (sidecarSet.spec?.initContainers ?? []).filter(
        (c) => isNativeSidecar(c) && !isHotUpgradeSidecar(c),
      )
    : [];
  const annotations = sidecarSet.metadata?.annotations ?? {};
  return {
    sidecarSet,
    name: sidecarSet.metadata?.name ?? '',
    hash: annotations[SIDECARSET_HASH_ANNOTATION] ?? '',
    hashWithoutImage: annotations[SIDECARSET_HASH_WITHOUT_IMAGE_ANNOTATION] ?? '',
    containerNames,
    hotUpgrade: containers.filter(isHotUpgradeSidecar),
    nativeNames: new Set(natives.map((c) => c.name)),
    natives,
  };
}

/** The names a consistency check covers by default: every owned container, then the native sidecars. */
export const trackedNames = (control: SidecarControl): ReadonlySet<string> =>
  control.nativeNames.size === 0
    ? control.containerNames
    : new Set([...control.containerNames, ...control.nativeNames]);
