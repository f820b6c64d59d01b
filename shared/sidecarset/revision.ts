/**
 * `injectionStrategy.revision` (SPEC §2.5): which SidecarSets the shell must
 * resolve to a ControllerRevision before injection, and the pure restore of a
 * SidecarSet from the revision the shell fetched.
 */
import type {
  DecodedControllerRevision,
  DecodedSidecarSet,
  DecodedSidecarSetSpec,
} from '../api/decoded.js';
import { sidecarSetHash, sidecarSetHashWithoutImage } from './hash.js';
import {
  SIDECARSET_CUSTOM_VERSION_LABEL,
  SIDECARSET_HASH_ANNOTATION,
  SIDECARSET_HASH_WITHOUT_IMAGE_ANNOTATION,
  SIDECARSET_NAME_LABEL,
} from './annotations.js';
import { isJsonObject } from '../json.js';

export interface RevisionLookup {
  readonly sidecarSetName: string;
  /** GET this ControllerRevision in the kruise namespace… */
  readonly revisionName?: string;
  /** …or list by `kruise.io/sidecarset-name` + `apps.kruise.io/sidecarset-custom-version` and take the latest. */
  readonly customVersion?: string;
}

/** The lookup a SidecarSet needs, or undefined when it injects its current spec. */
export function revisionLookupOf(sidecarSet: DecodedSidecarSet): RevisionLookup | undefined {
  const revision = sidecarSet.spec?.injectionStrategy?.revision;
  const sidecarSetName = sidecarSet.metadata?.name ?? '';
  if (typeof revision?.revisionName === 'string')
    return { sidecarSetName, revisionName: revision.revisionName };
  if (typeof revision?.customVersion === 'string')
    return { sidecarSetName, customVersion: revision.customVersion };
  return undefined;
}

/** The label selector of a SidecarSet's revisions that carry a custom version. */
export const customVersionSelector = (sidecarSetName: string, customVersion: string): string =>
  `${SIDECARSET_NAME_LABEL}=${sidecarSetName},${SIDECARSET_CUSTOM_VERSION_LABEL}=${customVersion}`;

/** The API server's message for a missing revisionName. */
export const revisionNameNotFound = (revisionName: string): string =>
  `controllerrevisions.apps "${revisionName}" not found`;

/** OpenKruise's message when no revision carries the customVersion. */
export const customVersionNotFound = (sidecarSetName: string): string =>
  `ControllerRevision.apps "${sidecarSetName}" not found`;

/** history.SortControllerRevisions order (revision, creation time, name); the last one wins. */
export function latestRevision(
  revisions: readonly DecodedControllerRevision[],
): DecodedControllerRevision | undefined {
  const key = (r: DecodedControllerRevision): [number, number, string] => [
    r.revision ?? 0,
    Date.parse(r.metadata?.creationTimestamp ?? '') || 0,
    r.metadata?.name ?? '',
  ];
  return [...revisions]
    .sort((a, b) => {
      const [ra, ta, na] = key(a);
      const [rb, tb, nb] = key(b);
      return ra - rb || ta - tb || (na < nb ? -1 : na > nb ? 1 : 0);
    })
    .at(-1);
}

/**
 * The revision's `data.spec` merged onto the SidecarSet (a strategic merge
 * whose `$patch: replace` makes the restored spec exactly the recorded
 * fields), hash annotations from the revision (recomputed when it lacks them)
 * and `status.latestRevision` = the revision's name.
 */
export function restoreSidecarSet(
  sidecarSet: DecodedSidecarSet,
  revision: DecodedControllerRevision,
): DecodedSidecarSet {
  const restored: DecodedSidecarSet = structuredClone(sidecarSet);
  const patch = isJsonObject(revision.data) ? revision.data.spec : undefined;
  if (isJsonObject(patch)) {
    const replace = patch.$patch === 'replace';
    const spec: Record<string, unknown> = replace ? {} : { ...restored.spec };
    for (const [key, value] of Object.entries(structuredClone(patch))) {
      if (key === '$patch') continue;
      if (value === null) delete spec[key];
      else spec[key] = value;
    }
    restored.spec = spec as DecodedSidecarSetSpec;
  }
  const annotations = { ...restored.metadata?.annotations };
  const recorded = revision.metadata?.annotations ?? {};
  const spec = restored.spec ?? {};
  annotations[SIDECARSET_HASH_ANNOTATION] =
    recorded[SIDECARSET_HASH_ANNOTATION] || sidecarSetHash(spec);
  annotations[SIDECARSET_HASH_WITHOUT_IMAGE_ANNOTATION] =
    recorded[SIDECARSET_HASH_WITHOUT_IMAGE_ANNOTATION] || sidecarSetHashWithoutImage(spec);
  restored.metadata = { ...restored.metadata, annotations };
  // Go's status counts are value fields: a status read from nothing holds zeros.
  restored.status = {
    matchedPods: 0,
    updatedPods: 0,
    readyPods: 0,
    ...restored.status,
    latestRevision: revision.metadata?.name ?? '',
  };
  return restored;
}
