/**
 * kubernetes v1.28.9 `pkg/controller/history/controller_history.go`
 * SortControllerRevisions (byRevision), which OpenKruise v1.7.4's
 * SidecarSet and Advanced StatefulSet controllers call: by `.revision`,
 * then creation time, then name; the sort is stable.
 */
import type { ControllerRevision } from '../api/core/apps-v1.js';

/** history.SortControllerRevisions: by revision, creation time, name (stable). */
export function sortRevisions(revisions: readonly ControllerRevision[]): ControllerRevision[] {
  const time = (r: ControllerRevision) => Date.parse(r.metadata?.creationTimestamp ?? '') || 0;
  return [...revisions].sort((a, b) => {
    if (a.revision !== b.revision) return a.revision - b.revision;
    if (time(a) !== time(b)) return time(a) - time(b);
    const [x, y] = [a.metadata?.name ?? '', b.metadata?.name ?? ''];
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
