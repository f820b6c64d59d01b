/**
 * The pod annotations an in-place update rewrites (SPEC §2.7, §2.9 step 8):
 * - `kruise.io/sidecarset-hash` (`kruise@v1.7.4:pkg/control/sidecarcontrol/util.go`
 *   UpdatePodSidecarSetHash): this SidecarSet's entry becomes
 *   {now, its hash, name, sidecar list, status.latestRevision}; the
 *   without-image entry is never touched (an image-only update leaves it
 *   right). A legacy `{"<name>":"<hash>"}` value is converted first, every
 *   entry named after this SidecarSet, and a legacy without-image value is
 *   rewritten from the same Go map the hash value was read into, so its
 *   entries are the union of both (both quirks reproduced);
 * - `kruise.io/sidecarset-inplace-update-state` (`sidecarset_control.go`
 *   UpdatePodAnnotationsInUpgrade): for each changed container the imageID
 *   it had before, in this SidecarSet's entry, which keeps its revision and
 *   time once created.
 */
import type { Pod } from '../../../shared/api/core/core-v1.js';
import { compareGoKeys } from '../../../shared/go/json.js';
import { parseGoStringMap } from '../../../shared/go/json-decode.js';
import {
  SIDECARSET_HASH_ANNOTATION,
  SIDECARSET_HASH_WITHOUT_IMAGE_ANNOTATION,
  SIDECARSET_INPLACE_UPDATE_STATE_ANNOTATION,
  formatUpdateTimestamp,
  marshalUpgradeSpecs,
  type SidecarSetUpgradeSpec,
} from '../../../shared/sidecarset/annotations.js';
import { parseUpgradeSpecMap } from '../../../shared/sidecarset/upgrade-spec.js';
import {
  formatInPlaceUpdateStates,
  readInPlaceUpdateStates,
  type InPlaceUpdateState,
} from './inplace-state.js';
import { isNativeSidecar, type SidecarControl } from './sidecar-control.js';

/** listSidecarNameInSidecarSet: native init sidecars and containers, sorted. */
export function sidecarList(control: SidecarControl): string[] {
  const spec = control.sidecarSet.spec ?? {};
  const names = new Set<string>();
  for (const c of spec.initContainers ?? []) if (isNativeSidecar(c)) names.add(c.name);
  for (const c of spec.containers ?? []) names.add(c.name);
  return [...names].sort(compareGoKeys);
}

function legacyEntries(
  map: Readonly<Record<string, string>>,
  sidecarSetName: string,
  updateTimestamp: string,
): Record<string, SidecarSetUpgradeSpec> {
  const out: Record<string, SidecarSetUpgradeSpec> = {};
  for (const [name, hash] of Object.entries(map)) {
    out[name] = {
      updateTimestamp,
      hash,
      sidecarSetName,
      sidecarList: null,
      controllerRevision: '',
    };
  }
  return out;
}

/** UpdatePodSidecarSetHash on `annotations` (mutated). */
export function updateHashAnnotation(
  annotations: Record<string, string>,
  control: SidecarControl,
  latestRevision: string,
  now: Date,
): void {
  const updateTimestamp = formatUpdateTimestamp(now);
  const value = annotations[SIDECARSET_HASH_ANNOTATION] ?? '';
  let specs = parseUpgradeSpecMap(value);
  if (specs === undefined) {
    const legacy = parseGoStringMap(value);
    specs = 'map' in legacy ? legacyEntries(legacy.map, control.name, updateTimestamp) : {};
    // Go reads the without-image value into the very map the hash value went into.
    const older = 'map' in legacy ? legacy.map : legacy.partial;
    const withoutImage = parseGoStringMap(
      annotations[SIDECARSET_HASH_WITHOUT_IMAGE_ANNOTATION] ?? '',
    );
    if ('map' in withoutImage) {
      annotations[SIDECARSET_HASH_WITHOUT_IMAGE_ANNOTATION] = marshalUpgradeSpecs(
        legacyEntries({ ...older, ...withoutImage.map }, control.name, updateTimestamp),
      );
    }
  }
  specs[control.name] = {
    updateTimestamp,
    hash: control.hash,
    sidecarSetName: control.name,
    sidecarList: sidecarList(control),
    controllerRevision: latestRevision,
  };
  annotations[SIDECARSET_HASH_ANNOTATION] = marshalUpgradeSpecs(specs);
}

/** UpdatePodAnnotationsInUpgrade on `annotations` (mutated), with the statuses of `pod` before the update. */
export function recordPreUpdateImages(
  annotations: Record<string, string>,
  control: SidecarControl,
  pod: Pod,
  changed: readonly string[],
  now: Date,
): void {
  const text = annotations[SIDECARSET_INPLACE_UPDATE_STATE_ANNOTATION] ?? '';
  // Go logs an unreadable value and starts over from what it decoded; that is nothing here.
  const states = (text === '' ? {} : readInPlaceUpdateStates(text)) ?? {};
  const existing = states[control.name];
  const imageIDs = new Map<string, string>();
  for (const s of pod.status?.containerStatuses ?? []) imageIDs.set(s.name, s.imageID);
  // The native sidecars' statuses are where their imageIDs are (the gate's extension).
  for (const s of pod.status?.initContainerStatuses ?? [])
    if (control.nativeNames.has(s.name)) imageIDs.set(s.name, s.imageID);
  const last: Record<string, string> = { ...(existing?.lastContainerStatuses ?? {}) };
  for (const name of changed) last[name] = imageIDs.get(name) ?? '';
  const state: InPlaceUpdateState = {
    revision: existing ? existing.revision : control.hash,
    updateTimestamp: existing ? existing.updateTimestamp : formatUpdateTimestamp(now),
    lastContainerStatuses: last,
    others: existing?.others ?? [],
  };
  states[control.name] = state;
  annotations[SIDECARSET_INPLACE_UPDATE_STATE_ANNOTATION] = formatInPlaceUpdateStates(states);
}
