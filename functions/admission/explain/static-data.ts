/**
 * The admission data of `kruise-fn explain --sidecarsets DIR`: SidecarSets
 * and Namespaces read from files instead of the cluster, held as they are
 * (nothing to refresh). The folder has no ControllerRevisions or
 * ConfigMaps: a SidecarSet pinned to a revision gets the webhook's
 * not-found answer, as in a cluster without that revision.
 */
import type { SidecarSet } from '../../../shared/api/sidecarset.js';
import type { AdmissionData } from '../cluster/admission-data.js';

export function staticAdmissionData(
  sidecarSets: readonly SidecarSet[],
  namespaceLabels: ReadonlyMap<string, Record<string, string>>,
): AdmissionData {
  const sorted = [...sidecarSets].sort((a, b) => {
    const x = a.metadata?.name ?? '';
    const y = b.metadata?.name ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return {
    synced: true,
    warm: () => undefined,
    sidecarSets: () => Promise.resolve(sorted),
    namespaceLabels: (name) => Promise.resolve(namespaceLabels.get(name)),
    controllerRevision: () => Promise.resolve(undefined),
    customVersionRevisions: () => Promise.resolve([]),
    kruiseConfig: () => Promise.resolve(undefined),
  };
}
