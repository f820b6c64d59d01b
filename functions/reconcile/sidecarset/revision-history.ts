/**
 * The revision history limit (`kruise@v1.7.4:pkg/controller/sidecarset/sidecarset_processor.go`
 * truncateHistory, filterActiveRevisions): at most max(1,
 * revisionHistoryLimit) revisions are kept, the oldest deleted first, never
 * the latest nor one a matched pod or injectionStrategy.revision still
 * names. When that is not enough OpenKruise only logs the error; here it is
 * a problem (logged as an error, and the key looked at again later).
 */
import type { ControllerRevision } from '../../../shared/api/core/apps-v1.js';
import type { Pod } from '../../../shared/api/core/core-v1.js';
import type { SidecarSet } from '../../../shared/api/sidecarset.js';
import { controllerRevisions } from '../../../shared/kube/core-resources.js';
import type { KubeWrite } from '../../../shared/kube/kube-write.js';
import { keyOf } from '../../../shared/kube/resource.js';
import {
  SIDECARSET_CUSTOM_VERSION_LABEL,
  SIDECARSET_HASH_ANNOTATION,
  readUpgradeSpecs,
} from '../../../shared/sidecarset/annotations.js';
import { latestRevision as newestOf } from '../../../shared/sidecarset/revision.js';

/** filterActiveRevisions: revisions a matched pod or injectionStrategy.revision still names. */
function activeRevisions(
  sidecarSet: SidecarSet,
  pods: readonly Pod[],
  revisions: readonly ControllerRevision[],
) {
  const active = new Set<string>();
  const name = sidecarSet.metadata?.name ?? '';
  for (const pod of pods) {
    const value = pod.metadata?.annotations?.[SIDECARSET_HASH_ANNOTATION] ?? '';
    const read = value === '' ? undefined : readUpgradeSpecs(value);
    const revision =
      read !== undefined && 'specs' in read ? (read.specs[name]?.controllerRevision ?? '') : '';
    if (revision !== '') active.add(revision);
  }
  const pinned = sidecarSet.spec?.injectionStrategy?.revision;
  if (pinned?.revisionName !== undefined) active.add(pinned.revisionName);
  if (pinned?.customVersion !== undefined) {
    const custom = revisions.filter(
      (r) => r.metadata?.labels?.[SIDECARSET_CUSTOM_VERSION_LABEL] === pinned.customVersion,
    );
    const newest = newestOf(custom);
    if (newest !== undefined) active.add(newest.metadata?.name ?? '');
  }
  return active;
}

/** The deletions truncateHistory makes over `revisions` (sorted, the latest last), and its error. */
export function truncateHistory(
  sidecarSet: SidecarSet,
  pods: readonly Pod[],
  revisions: readonly ControllerRevision[],
): { writes: KubeWrite[]; problems: string[] } {
  const limitSpec = sidecarSet.spec?.revisionHistoryLimit;
  const limit = limitSpec === undefined ? 10 : Math.max(1, limitSpec);
  if (revisions.length <= limit) return { writes: [], problems: [] };
  let excess = revisions.length - limit;
  const active = activeRevisions(sidecarSet, pods, revisions);
  const writes: KubeWrite[] = [];
  for (let i = 0; i < revisions.length - 1 && excess > 0; i++) {
    const r = revisions[i] as ControllerRevision;
    if (active.has(r.metadata?.name ?? '')) continue;
    writes.push({ verb: 'delete', resource: controllerRevisions, key: keyOf(r) });
    excess--;
  }
  const problems =
    excess > 0
      ? [
          `failed to limit the number of stored revisions, limited: ${limit}, actual: ${limit + excess}, name: ${sidecarSet.metadata?.name ?? ''}`,
        ]
      : [];
  return { writes, problems };
}
