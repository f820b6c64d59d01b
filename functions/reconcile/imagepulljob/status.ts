/**
 * An ImagePullJob's status from its targets' NodeImages, as OpenKruise's
 * calculateStatus writes it (kruise@v1.7.4:pkg/controller/imagepulljob/
 * imagepulljob_controller.go 520-624, formatStatusMessage
 * imagepulljob_utils.go 137-145).
 *
 * A NodeImage is *not synced* when its image entry lacks one of the job's
 * secret copies or has no tag this job owns (by UID); a synced one is
 * pulling until its tag's status reports the tag's spec version as
 * Succeeded or Failed. One difference: a synced NodeImage whose image has a
 * status but no entry for the tag yet is pulling here; OpenKruise counts it
 * nowhere (not active, not done), so `parallelism` was exceeded while nodes
 * had not reported yet (its issues #1271 and #2208). Counting it, from the
 * NodeImages' own specs and statuses read fresh on every reconcile, keeps
 * `active` right across invocations with no in-memory expectation.
 */
import type { ImagePullJob, ImagePullJobStatus } from '../../../shared/api/imagepulljob.js';
import type { NodeImage } from '../../../shared/api/nodeimage.js';
import { metaTime, metaTimeMs } from '../../../shared/kube/meta-time.js';
import type { SecretRef } from './secrets.js';

export interface JobStatusResult {
  readonly status: ImagePullJobStatus;
  /** NodeImages to write the tag into, in target order (none once the deadline passed). */
  readonly notSynced: readonly string[];
}

export const hasSecretRef = (
  refs: readonly { namespace?: string; name?: string }[] | undefined,
  s: SecretRef,
): boolean =>
  (refs ?? []).some((r) => (r.namespace ?? '') === s.namespace && (r.name ?? '') === s.name);

type Standing = 'notSynced' | 'pulling' | 'succeeded' | 'failed';

function standingOf(
  job: ImagePullJob,
  nodeImage: NodeImage,
  name: string,
  tag: string,
  secretRefs: readonly SecretRef[],
): Standing {
  const spec = nodeImage.spec.images?.[name];
  if (spec === undefined) return 'notSynced';
  if (!secretRefs.every((s) => hasSecretRef(spec.pullSecrets, s))) return 'notSynced';
  const tagSpec = spec.tags.find((t) => t.tag === tag);
  const uid = job.metadata?.uid ?? '';
  if (tagSpec === undefined || !(tagSpec.ownerReferences ?? []).some((r) => r.uid === uid))
    return 'notSynced';
  const version = tagSpec.version ?? 0;
  const tagStatus = nodeImage.status?.imageStatuses?.[name]?.tags.find((t) => t.tag === tag);
  if (tagStatus === undefined || (tagStatus.version ?? 0) !== version) return 'pulling';
  if (tagStatus.phase === 'Succeeded') return 'succeeded';
  if (tagStatus.phase === 'Failed') return 'failed';
  return 'pulling';
}

export function formatStatusMessage(s: ImagePullJobStatus): string {
  if (s.completionTime !== undefined) return 'job has completed';
  if (s.desired === 0) return 'job is running, no progress';
  const progress = (100 * ((s.succeeded ?? 0) + (s.failed ?? 0))) / s.desired;
  return `job is running, progress ${goFixed1(progress)}%`;
}

/**
 * Go's `%.1f`: the exact binary value rounded to one decimal, an exact tie
 * to even (strconv's shouldRoundUp); JavaScript's toFixed takes a tie up
 * (6.25 is `6.2` in Go, `6.3` in toFixed).
 */
export function goFixed1(x: number): string {
  // Twenty exact decimals tell a tie: within 1e-20 of one, for values up to 100, is only the tie.
  const tie = /^(-?\d+)\.(\d)50+$/.exec(x.toFixed(20));
  if (tie === null) return x.toFixed(1);
  const digit = Number(tie[2]);
  return digit % 2 === 0 ? `${tie[1]}.${digit}` : ((Math.floor(x * 10) + 1) / 10).toFixed(1);
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function calculateStatus(
  job: ImagePullJob,
  nodeImages: readonly NodeImage[],
  name: string,
  tag: string,
  secretRefs: readonly SecretRef[],
  now: Date,
): JobStatusResult {
  const startTime = job.status?.startTime ?? metaTime(now);
  const groups: Record<Standing, string[]> = {
    notSynced: [],
    pulling: [],
    succeeded: [],
    failed: [],
  };
  for (const n of nodeImages)
    groups[standingOf(job, n, name, tag, secretRefs)].push(n.metadata?.name ?? '');
  const desired = nodeImages.length;
  const { completionPolicy } = job.spec;
  const always = completionPolicy.type !== 'Never';
  const deadline = completionPolicy.activeDeadlineSeconds;
  const done = groups.succeeded.length + groups.failed.length;
  if (always && deadline !== undefined && desired !== done) {
    if (deadline * 1000 <= now.getTime() - metaTimeMs(startTime)) {
      // Unsorted, as OpenKruise leaves this list: failed, then pulling, then not synced.
      const failedNodes = [...groups.failed, ...groups.pulling, ...groups.notSynced];
      return {
        status: {
          startTime,
          completionTime: metaTime(now),
          desired,
          active: 0,
          succeeded: groups.succeeded.length,
          failed: failedNodes.length,
          message: 'job exceeds activeDeadlineSeconds',
          ...(failedNodes.length > 0 && { failedNodes }),
        },
        notSynced: [],
      };
    }
  }
  const failedNodes = [...groups.failed].sort(byName);
  const complete = always && desired - done === 0;
  const status: ImagePullJobStatus = {
    startTime,
    ...(complete && { completionTime: metaTime(now) }),
    desired,
    active: groups.pulling.length,
    succeeded: groups.succeeded.length,
    failed: groups.failed.length,
    ...(failedNodes.length > 0 && { failedNodes }),
  };
  return {
    status: { ...status, message: formatStatusMessage(status) },
    notSynced: groups.notSynced,
  };
}
