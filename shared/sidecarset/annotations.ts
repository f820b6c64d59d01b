/**
 * Names and value formats of what OpenKruise writes on pods for SidecarSets
 * (SPEC §2.7, `pkg/control/sidecarcontrol/util.go`, `util_hotupgrade.go`).
 * Values are produced and read exactly as Go's encoding/json does, so pods
 * injected by OpenKruise stay recognised after a switch and vice versa.
 */
import { compareGoKeys, goMarshal } from '../go/json.js';
import { parseGoStringMap } from '../go/json-decode.js';
import { parseUpgradeSpecMap } from './upgrade-spec.js';
import type { SidecarSetUpgradeSpec } from './upgrade-spec.js';

export type { SidecarSetUpgradeSpec } from './upgrade-spec.js';

export const SIDECARSET_HASH_ANNOTATION = 'kruise.io/sidecarset-hash';
export const SIDECARSET_HASH_WITHOUT_IMAGE_ANNOTATION = 'kruise.io/sidecarset-hash-without-image';
export const SIDECARSET_LIST_ANNOTATION = 'kruise.io/sidecarset-injected-list';
export const SIDECARSET_INPLACE_UPDATE_STATE_ANNOTATION =
  'kruise.io/sidecarset-inplace-update-state';
export const SIDECARSET_WORKING_HOTUPGRADE_CONTAINER_ANNOTATION =
  'kruise.io/sidecarset-working-hotupgrade-container';
/** Label of a ControllerRevision naming its SidecarSet. */
export const SIDECARSET_NAME_LABEL = 'kruise.io/sidecarset-name';
export const SIDECARSET_CUSTOM_VERSION_LABEL = 'apps.kruise.io/sidecarset-custom-version';

/** Env marking a container as an injected sidecar. */
export const SIDECAR_ENV_KEY = 'IS_INJECTED';
export const SIDECARSET_VERSION_ENV = 'SIDECARSET_VERSION';
export const SIDECARSET_VERSION_ALT_ENV = 'SIDECARSET_VERSION_ALT';

export const versionAnnotation = (containerName: string): string =>
  `version.sidecarset.kruise.io/${containerName}`;
export const versionAltAnnotation = (containerName: string): string =>
  `versionalt.sidecarset.kruise.io/${containerName}`;
/** `mesh` → [`mesh-1`, `mesh-2`]. */
export const hotUpgradeContainerNames = (name: string): readonly [string, string] => [
  `${name}-1`,
  `${name}-2`,
];

/** metav1.Time as marshalled: RFC 3339, UTC, whole seconds (truncated). */
export const formatUpdateTimestamp = (now: Date): string => `${now.toISOString().slice(0, 19)}Z`;

/** json.Marshal(map[string]SidecarSetUpgradeSpec): keys sorted, fields in Go order. */
export function marshalUpgradeSpecs(
  specs: Readonly<Record<string, SidecarSetUpgradeSpec>>,
): string {
  const entries = Object.keys(specs)
    .sort(compareGoKeys)
    .map((name) => {
      const spec = specs[name] as SidecarSetUpgradeSpec;
      const revision =
        spec.controllerRevision === ''
          ? ''
          : `,"controllerRevision":${goMarshal(spec.controllerRevision)}`;
      return (
        `${goMarshal(name)}:{"updateTimestamp":${goMarshal(spec.updateTimestamp)},"hash":${goMarshal(spec.hash)},` +
        `"sidecarSetName":${goMarshal(spec.sidecarSetName)},"sidecarList":${goMarshal(spec.sidecarList)}${revision}}`
      );
    });
  return `{${entries.join(',')}}`;
}

/**
 * Reads a pod's hash annotation as OpenKruise's webhook does: the current
 * struct format, else the legacy `{"<name>":"<hash>"}` map converted to
 * entries without timestamp or list. Returns Go's unmarshal error text when
 * neither format fits.
 */
export function readUpgradeSpecs(
  value: string,
): { readonly specs: Record<string, SidecarSetUpgradeSpec> } | { readonly error: string } {
  const current = parseUpgradeSpecMap(value);
  if (current !== undefined) return { specs: current };
  const legacy = parseGoStringMap(value);
  if ('error' in legacy) return { error: legacy.error };
  const specs: Record<string, SidecarSetUpgradeSpec> = {};
  for (const [name, hash] of Object.entries(legacy.map)) {
    specs[name] = {
      updateTimestamp: null,
      hash,
      sidecarSetName: name,
      sidecarList: null,
      controllerRevision: '',
    };
  }
  return { specs };
}

/** The hash recorded on a pod for a SidecarSet ('' when none or unreadable), as GetPodSidecarSetRevision. */
export function podSidecarSetHash(
  annotations: Readonly<Record<string, string>> | undefined,
  key: string,
  name: string,
): string {
  const value = annotations?.[key] ?? '';
  if (value === '') return '';
  const read = readUpgradeSpecs(value);
  return 'specs' in read ? (read.specs[name]?.hash ?? '') : '';
}

/**
 * `kruise.io/sidecarset-working-hotupgrade-container` as a map; unreadable
 * values give what Go's decoder filled in before failing (nothing on a syntax
 * error, "" for non-string values).
 */
export function readWorkingHotUpgradeContainers(
  annotations: Readonly<Record<string, string>> | null | undefined,
): Record<string, string> {
  const value = annotations?.[SIDECARSET_WORKING_HOTUPGRADE_CONTAINER_ANNOTATION];
  if (value === undefined) return {};
  const read = parseGoStringMap(value);
  return 'map' in read ? read.map : read.partial;
}

/** Names in `kruise.io/sidecarset-injected-list` (split on commas, empty pieces kept, as Go does). */
export const readInjectedList = (value: string | null | undefined): string[] =>
  value === undefined || value === null || value === '' ? [] : value.split(',');

/** Sorted, de-duplicated, comma-joined: the injected-list value. */
export const formatInjectedList = (names: Iterable<string>): string =>
  [...new Set(names)].sort(compareGoKeys).join(',');
