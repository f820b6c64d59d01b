/**
 * HotUpgrade sidecars are injected twice (SPEC §2.10, OpenKruise
 * `injectHotUpgradeContainers`): `X-1` working with the real image, `X-2`
 * idle on `hotUpgradeEmptyImage`, each told its version through env fed by
 * pod annotations.
 */
import type { DecodedEnvVar, DecodedSidecarContainer } from '../../../shared/api/decoded.js';
import {
  SIDECARSET_VERSION_ALT_ENV,
  SIDECARSET_VERSION_ENV,
  hotUpgradeContainerNames,
  versionAltAnnotation,
  versionAnnotation,
} from '../../../shared/sidecarset/annotations.js';

export const isHotUpgrade = (sidecar: DecodedSidecarContainer): boolean =>
  sidecar.upgradeStrategy?.upgradeType === 'HotUpgrade';

const annotationEnv = (name: string, annotation: string): DecodedEnvVar => ({
  name,
  valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${annotation}']` } },
});

function copyNamed(
  sidecar: DecodedSidecarContainer,
  name: string,
  image: string | null | undefined,
): DecodedSidecarContainer {
  // A shallow copy: only name, image and env change, each replaced whole.
  const copy: DecodedSidecarContainer = { ...sidecar };
  copy.name = name;
  // Go's omitempty drops an empty image.
  if (image) copy.image = image;
  else delete copy.image;
  copy.env = [
    ...(copy.env ?? []),
    annotationEnv(SIDECARSET_VERSION_ENV, versionAnnotation(name)),
    annotationEnv(SIDECARSET_VERSION_ALT_ENV, versionAltAnnotation(name)),
  ];
  return copy;
}

export interface HotUpgradePair {
  readonly containers: readonly [DecodedSidecarContainer, DecodedSidecarContainer];
  /** The four version annotations; the caller records `X → X-1` as working. */
  readonly annotations: Readonly<Record<string, string>>;
}

const pairs = new WeakMap<DecodedSidecarContainer, HotUpgradePair>();

/** The `-1`/`-2` pair for a fully processed sidecar (the same pair for the same object). */
export function hotUpgradePair(sidecar: DecodedSidecarContainer): HotUpgradePair {
  let pair = pairs.get(sidecar);
  if (pair === undefined) pairs.set(sidecar, (pair = buildPair(sidecar)));
  return pair;
}

function buildPair(sidecar: DecodedSidecarContainer): HotUpgradePair {
  const [working, idle] = hotUpgradeContainerNames(sidecar.name);
  return {
    containers: [
      copyNamed(sidecar, working, sidecar.image),
      copyNamed(sidecar, idle, sidecar.upgradeStrategy?.hotUpgradeEmptyImage),
    ],
    annotations: {
      [versionAnnotation(working)]: '1',
      [versionAltAnnotation(working)]: '0',
      [versionAnnotation(idle)]: '0',
      [versionAltAnnotation(idle)]: '1',
    },
  };
}
