/**
 * One Advanced StatefulSet reconcile, pure (`kruise@v1.7.4:pkg/controller/statefulset/statefulset_controller.go`
 * Reconcile and `stateful_set_control.go` UpdateStatefulSet): adopt orphan
 * revisions, claim pods (adopt orphans the selector and name match, release
 * owned ones they no longer match), register the revisions, then
 * updateStatefulSet: split pods into replicas (`[start, end)`, reserved
 * holes kept) and condemned, make the missing replicas at the current or
 * update revision, scale (replicas.ts), fix condemned claims, delete
 * condemned pods highest first, and unless OnDelete roll the update
 * (rolling-update.ts). The status is written when OpenKruise would write it,
 * then the history is truncated. Waits (minReadySeconds) come back as
 * `requeueAfterMs`.
 */
import type { ControllerRevision } from '../../../shared/api/core/apps-v1.js';
import type { Pod } from '../../../shared/api/core/core-v1.js';
import type { PersistentVolumeClaim } from './claims.js';
import type { StatefulSet, StatefulSetStatus } from '../../../shared/api/statefulset.js';
import { controllerRevisions, pods as podsResource } from '../../../shared/kube/core-resources.js';
import { statefulSets } from '../../../shared/kube/kruise-resources.js';
import type { Plan } from '../../../shared/kube/reconcile-key.js';
import { keyOf } from '../../../shared/kube/resource.js';
import { compileSelector } from '../../../shared/validation/selector-match.js';
import { involvedObject } from '../../../shared/kube/events.js';
import type { StatefulSetAction } from './actions.js';
import { inRange, ordinalOf, parentAndOrdinal, replicasRange } from './ordinals.js';
import { controllerRefOf, newStatefulSetPod, STATEFULSET_API_VERSION } from './pod-identity.js';
import { isHealthy, revisionOf } from './pod-state.js';
import {
  fixCondemnedClaims,
  flushCreates,
  processCondemned,
  processReplica,
  runForCondemned,
  type Step,
} from './replicas.js';
import {
  orphanRevisions,
  ownedRevisions,
  statefulSetRevisions,
  templateOf,
  truncateHistory,
} from './revisions.js';
import { rollingUpdate } from './rolling-update.js';
import { completeRollingUpdate, countPods, inconsistentStatus, selectorString } from './status.js';
import type { Gates, SyncContext } from './sync-context.js';

export interface ObservedStatefulSet {
  readonly set: StatefulSet;
  /** Every pod of the set's namespace (claimed here as ClaimPods does). */
  readonly pods: readonly Pod[];
  /** ControllerRevisions the selector lists in the namespace. */
  readonly revisions: readonly ControllerRevision[];
  /** Objects read at candidate revision names (null: none there). */
  readonly occupants: Readonly<Record<string, ControllerRevision | null>>;
  /** The namespace's claims by name. */
  readonly claims: ReadonlyMap<string, PersistentVolumeClaim>;
  readonly gates: Gates;
  readonly now: Date;
}

const controllerOf = (o: {
  metadata?: { ownerReferences?: { controller?: boolean; uid: string }[] };
}) => o.metadata?.ownerReferences?.find((r) => r.controller === true);

/** ClaimPods: the pods the set manages, and the adopt/release patches. */
function claimPods(
  obs: ObservedStatefulSet,
  matches: (l: Record<string, string> | undefined) => boolean,
) {
  const { set } = obs;
  const uid = set.metadata?.uid ?? '';
  const deleting = set.metadata?.deletionTimestamp !== undefined;
  const claimed: Pod[] = [];
  const writes: StatefulSetAction[] = [];
  for (const pod of obs.pods) {
    const member = parentAndOrdinal(pod.metadata?.name ?? '')[0] === set.metadata?.name;
    const match = member && matches(pod.metadata?.labels);
    const owner = controllerOf(pod);
    const podUid = pod.metadata?.uid ?? '';
    if (owner !== undefined) {
      if (owner.uid !== uid) continue;
      if (match) claimed.push(pod);
      else if (!deleting)
        writes.push({
          verb: 'patch',
          resource: podsResource,
          key: keyOf(pod),
          patch: {
            type: 'strategic',
            body: { metadata: { ownerReferences: [{ $patch: 'delete', uid }], uid: podUid } },
          },
          failure: `failed to release pod ${pod.metadata?.name ?? ''}`,
        });
      continue;
    }
    if (deleting || !match || pod.metadata?.deletionTimestamp !== undefined) continue;
    writes.push({
      verb: 'patch',
      resource: podsResource,
      key: keyOf(pod),
      patch: {
        type: 'strategic',
        body: { metadata: { ownerReferences: [controllerRefOf(set)], uid: podUid } },
      },
      failure: `failed to adopt pod ${pod.metadata?.name ?? ''}`,
    });
    claimed.push(pod);
  }
  return { claimed, writes };
}

const byOrdinalDescending = (a: Pod, b: Pod) => ordinalOf(b) - ordinalOf(a);

/** isCurrentRevisionNeeded (the absolute-ordinal quirk of SPEC §5.3 included). */
function currentRevisionNeeded(
  ctx: SyncContext,
  ordinal: number,
  replicas: readonly (Pod | undefined)[],
) {
  const strategy = ctx.set.spec.updateStrategy;
  if ((strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return false;
  const rolling = strategy?.rollingUpdate;
  if (rolling === undefined) return ordinal < (ctx.set.status?.currentReplicas ?? 0);
  const partition = rolling.partition ?? 0;
  if (rolling.unorderedUpdate === undefined) return ordinal < partition;
  let notUpdated = 0;
  replicas.forEach((pod, i) => {
    // OpenKruise compares the slice index with the ordinal here.
    if (pod !== undefined && i !== ordinal && revisionOf(pod) !== ctx.update.metadata?.name)
      notUpdated++;
  });
  return notUpdated < partition;
}

function scaleBudget(set: StatefulSet): { n: number } | undefined {
  const v = set.spec.scaleStrategy?.maxUnavailable;
  if (v === undefined) return undefined;
  const replicas = set.spec.replicas ?? 1;
  const n = typeof v === 'number' ? v : Math.floor((Number.parseInt(v, 10) * replicas) / 100) || 0;
  return { n: Math.max(1, n) };
}

function updateStatefulSet(ctx: SyncContext, claimed: readonly Pod[]): void {
  const { set, range } = ctx;
  const recount = (lists: readonly (readonly (Pod | undefined)[])[]) => {
    const counts = countPods(
      lists.flat(),
      ctx.minReadySeconds,
      ctx.current.metadata?.name ?? '',
      ctx.update.metadata?.name ?? '',
      ctx.now,
    );
    ctx.status = { ...ctx.status, ...counts };
  };
  recount([claimed]);
  // The pods this round counts are the same at any exit: the new ones are not created yet.
  const exit = completeRollingUpdate(set, ctx.status);
  if (inconsistentStatus(set, exit)) ctx.exitStatus = exit;
  const replicas: (Pod | undefined)[] = new Array<Pod | undefined>(range.end - range.start).fill(
    undefined,
  );
  const condemned: Pod[] = [];
  for (const pod of claimed) {
    const ord = ordinalOf(pod);
    if (inRange(ord, range)) replicas[ord - range.start] = pod;
    else if (ord >= 0) condemned.push(pod);
  }
  for (let ord = range.start; ord < range.end; ord++) {
    if (range.reserved.has(ord) || replicas[ord - range.start] !== undefined) continue;
    const current = currentRevisionNeeded(ctx, ord, replicas);
    const revision = current ? ctx.current : ctx.update;
    replicas[ord - range.start] = newStatefulSetPod({
      set,
      template: templateOf(revision),
      revision: revision.metadata?.name ?? '',
      ordinal: ord,
      podIndexLabel: ctx.gates.podIndexLabel,
      now: ctx.now,
    });
  }
  condemned.sort(byOrdinalDescending);
  let firstUnhealthy: Pod | undefined;
  for (const pod of [...replicas, ...[...condemned].reverse()]) {
    if (pod === undefined || isHealthy(pod)) continue;
    if (firstUnhealthy === undefined || ordinalOf(pod) < ordinalOf(firstUnhealthy))
      firstUnhealthy = pod;
  }
  if (set.metadata?.deletionTimestamp !== undefined) return;
  const monotonic = set.spec.podManagementPolicy !== 'Parallel';
  const budget = scaleBudget(set);
  const done = () => recount([replicas, condemned]);
  let step: Step = 'next';
  for (const pod of replicas) {
    step = processReplica(ctx, pod, monotonic, budget);
    if (step !== 'next') break;
  }
  flushCreates(ctx);
  if (step === 'exit') return done();
  if (ctx.gates.autoDeletePVC) fixCondemnedClaims(ctx, condemned, monotonic);
  const stop = runForCondemned(ctx, condemned, monotonic, (pod) =>
    processCondemned(ctx, pod, firstUnhealthy, monotonic),
  );
  if (stop) return done();
  done();
  if (set.spec.updateStrategy?.type === 'OnDelete') return;
  rollingUpdate(ctx, claimed, replicas);
}

export function planStatefulSet(obs: ObservedStatefulSet): Plan<StatefulSetAction> {
  const { set } = obs;
  let selector;
  try {
    selector = compileSelector(set.spec.selector);
  } catch {
    return { actions: [] }; // a non-transient error: OpenKruise does not retry it
  }
  const uid = set.metadata?.uid ?? '';
  const actions: StatefulSetAction[] = [];
  if (set.metadata?.deletionTimestamp === undefined)
    for (const r of orphanRevisions(obs.revisions))
      actions.push({
        verb: 'patch',
        resource: controllerRevisions,
        key: keyOf(r),
        patch: {
          type: 'strategic',
          body: {
            metadata: { ownerReferences: [controllerRefOf(set)], uid: r.metadata?.uid ?? '' },
          },
        },
      });
  const { claimed, writes } = claimPods(obs, selector.matches);
  actions.push(...writes);
  const listed = ownedRevisions(obs.revisions, uid);
  const revs = statefulSetRevisions(set, listed, obs.occupants);
  actions.push(...revs.writes);
  const status: StatefulSetStatus = {
    observedGeneration: set.metadata?.generation ?? 0,
    currentRevision: revs.current.metadata?.name ?? '',
    updateRevision: revs.update.metadata?.name ?? '',
    collisionCount: revs.collisionCount,
    labelSelector: selectorString(set.spec.selector),
    replicas: 0,
    readyReplicas: 0,
    availableReplicas: 0,
    currentReplicas: 0,
    updatedReplicas: 0,
    updatedReadyReplicas: 0,
    updatedAvailableReplicas: 0,
  };
  const ctx: SyncContext = {
    set,
    setRef: involvedObject('StatefulSet', STATEFULSET_API_VERSION, set),
    current: revs.current,
    update: revs.update,
    revisions: revs.revisions,
    range: replicasRange(set, obs.gates.startOrdinal),
    claims: obs.claims,
    gates: obs.gates,
    now: obs.now,
    minReadySeconds: set.spec.updateStrategy?.rollingUpdate?.minReadySeconds ?? 0,
    actions,
    waits: [],
    refreshed: new Set(),
    creates: [],
    status,
  };
  const problems: string[] = [];
  try {
    updateStatefulSet(ctx, claimed);
  } catch (err) {
    problems.push(err instanceof Error ? err.message : String(err));
  }
  const final = completeRollingUpdate(set, ctx.status);
  if (inconsistentStatus(set, final))
    actions.push({
      verb: 'updateStatus',
      resource: statefulSets,
      object: set,
      status: final,
      log: {
        v: 4,
        message: 'Updated status',
        fields: {
          replicas: final.replicas,
          readyReplicas: final.readyReplicas,
          currentReplicas: final.currentReplicas,
          updatedReplicas: final.updatedReplicas,
        },
      },
    });
  actions.push(
    ...truncateHistory(
      set,
      claimed,
      listed,
      revs.current.metadata?.name ?? '',
      revs.update.metadata?.name ?? '',
    ),
  );
  const waits = ctx.waits.filter((w) => w > 0);
  return {
    actions,
    ...(waits.length > 0 && { requeueAfterMs: Math.min(...waits) }),
    ...(problems.length > 0 && { problems }),
  };
}
