/**
 * One pod's in-place update (SPEC §2.9 step 8, `kruise@v1.7.4:pkg/controller/sidecarset/sidecarset_processor.go`
 * updatePodSidecarAndHash / updatePodSidecarContainer): for each sidecar only
 * `image` changes, when it differs (HotUpgrade: in the container
 * containerToHotUpgrade picks, compared with the working one's image, which
 * then becomes the working one, its version the SidecarSet's
 * resourceVersion); then the hash entry, the pre-update imageIDs and
 * patchPodMetadata. OpenKruise also recomputes shared mounts and
 * transferEnv here, but only the image is ever written, so that has no
 * effect and is left out. Under the native-sidecar gate, native sidecars'
 * images are set on `spec.initContainers` the same way.
 */
import type { Container, Pod } from '../../../shared/api/core/core-v1.js';
import { goMarshal } from '../../../shared/go/json.js';
import {
  SIDECARSET_WORKING_HOTUPGRADE_CONTAINER_ANNOTATION,
  readWorkingHotUpgradeContainers,
  versionAltAnnotation,
  versionAnnotation,
} from '../../../shared/sidecarset/annotations.js';
import { patchPodMetadata } from '../../../shared/sidecarset/patch-pod-metadata.js';
import { containerToHotUpgrade } from './hot-upgrade.js';
import { recordPreUpdateImages, updateHashAnnotation } from './pod-annotations.js';
import { findContainer } from './pod-state.js';
import { isHotUpgradeSidecar, type SidecarControl } from './sidecar-control.js';

export interface UpgradeInput {
  readonly control: SidecarControl;
  /** status.latestRevision as this reconcile computed it (the hash entry's controllerRevision). */
  readonly latestRevision: string;
  readonly now: Date;
}

/** Sets the new image on one container of `out`; true when it changed. */
function setImage(container: Container | undefined, image: string | undefined): boolean {
  if (container === undefined || (container.image ?? '') === (image ?? '')) return false;
  if (image === undefined) delete container.image;
  else container.image = image;
  return true;
}

/**
 * The pod as OpenKruise writes it back (a copy). `statusOf` is the pod
 * whose container statuses are recorded (the one listed, before any write
 * of this round). Throws KruiseFnError when a MergePatchJson patch of
 * patchPodMetadata meets invalid JSON.
 */
export function upgradePod(input: UpgradeInput, pod: Pod, statusOf: Pod = pod): Pod {
  const { control, now } = input;
  const out = structuredClone(pod);
  const annotations = (out.metadata ??= {}).annotations ?? {};
  const changed: string[] = [];
  for (const sidecar of control.sidecarSet.spec?.containers ?? []) {
    if (!isHotUpgradeSidecar(sidecar)) {
      // util.GetContainer looks at init containers first.
      if (setImage(findContainer(out, sidecar.name), sidecar.image)) changed.push(sidecar.name);
      continue;
    }
    const [target, other] = containerToHotUpgrade(control, sidecar, out);
    const otherImage = out.spec?.containers.find((c) => c.name === other)?.image ?? '';
    const container = findContainer(out, target);
    if ((sidecar.image ?? '') === otherImage || container === undefined) continue;
    // Go writes the image and counts the container changed even when it already had it.
    setImage(container, sidecar.image);
    changed.push(target);
    const working = readWorkingHotUpgradeContainers(annotations);
    working[sidecar.name] = target;
    annotations[SIDECARSET_WORKING_HOTUPGRADE_CONTAINER_ANNOTATION] = goMarshal(working);
    annotations[versionAnnotation(target)] = control.sidecarSet.metadata?.resourceVersion ?? '';
    annotations[versionAltAnnotation(target)] = annotations[versionAnnotation(other)] ?? '';
    annotations[versionAltAnnotation(other)] = control.sidecarSet.metadata?.resourceVersion ?? '';
  }
  for (const native of control.natives) {
    const container = out.spec?.initContainers?.find((c) => c.name === native.name);
    if (setImage(container, native.image)) changed.push(native.name);
  }
  updateHashAnnotation(annotations, control, input.latestRevision, now);
  recordPreUpdateImages(annotations, control, statusOf, changed, now);
  const patched = patchPodMetadata(annotations, control.sidecarSet.spec?.patchPodMetadata ?? []);
  out.metadata.annotations = patched.annotations;
  return out;
}
