/**
 * The Advanced StatefulSet controller's actions and how the shell carries
 * them out. Pod and claim writes report themselves as Events on the set as
 * OpenKruise's StatefulPodControl does (`kruise@v1.7.4:pkg/controller/statefulset/stateful_pod_control.go`
 * recordPodEvent, recordClaimEvent): `Successful<Verb>` / `Failed<Verb>`
 * with its messages; a create that finds the name taken records nothing
 * (the spine observes again). A failed pod create or update also writes the
 * round's status with the `FailedCreatePod` / `FailedUpdatePod` condition
 * when the plan says that round writes its status (processReplica's
 * SetStatefulsetCondition, then updateStatefulSetStatus). A `slowStart`
 * action runs its groups in slow-start batches (slow-start.ts), each group's
 * writes in order. Everything else is a plain write or Event (../actions.ts),
 * reported as `statefulset-controller`.
 */
import type { ObjectReference } from '../../../shared/api/core/core-v1.js';
import type { StatefulSet, StatefulSetStatus } from '../../../shared/api/statefulset.js';
import { AlreadyExistsError } from '../../../shared/kube/api-error.js';
import type { KubeClient } from '../../../shared/kube/client.js';
import { applyKubeWrite, type KubeWrite } from '../../../shared/kube/kube-write.js';
import { logV, type Logger } from '../../../shared/log/index.js';
import { applyReconcileAction, type ReconcileAction } from '../actions.js';
import { recordEvent, writeEvent, type RecordEvent } from '../../../shared/kube/events.js';
import { statefulSets } from '../../../shared/kube/kruise-resources.js';
import { slowStartBatch } from './slow-start.js';

/** The component OpenKruise's recorder reports Events as. */
export const EVENT_COMPONENT = 'statefulset-controller';

/** What a failed CreateStatefulPod / UpdateStatefulPod leaves in the set's status. */
export interface FailureStatus {
  readonly condition: 'FailedCreatePod' | 'FailedUpdatePod';
  /** The set as observed (its resourceVersion is the write's precondition). */
  readonly set: StatefulSet;
  /** The status that round writes, before the condition. */
  readonly status: StatefulSetStatus;
}

export interface PodWrite {
  readonly type: 'podWrite';
  readonly verb: 'create' | 'update' | 'delete';
  readonly write: KubeWrite;
  readonly set: ObjectReference;
  readonly pod: string;
  readonly onFailure?: FailureStatus;
}

export interface ClaimCreate {
  readonly type: 'claimCreate';
  readonly write: KubeWrite;
  readonly set: ObjectReference;
  readonly pod: string;
  readonly claim: string;
  readonly onFailure?: FailureStatus;
}

/** Independent groups of writes (one pod's each), run in slow-start batches. */
export interface SlowStart {
  readonly type: 'slowStart';
  readonly groups: readonly (readonly StatefulSetAction[])[];
}

export type StatefulSetAction = ReconcileAction | PodWrite | ClaimCreate | SlowStart;

const title = (verb: string) => `${verb.charAt(0).toUpperCase()}${verb.slice(1)}`;
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** recordPodEvent. */
export function podEvent(a: PodWrite, err?: unknown): RecordEvent {
  const setName = a.set.name ?? '';
  return err === undefined
    ? recordEvent(
        a.set,
        'Normal',
        `Successful${title(a.verb)}`,
        `${a.verb} Pod ${a.pod} in StatefulSet ${setName} successful`,
      )
    : recordEvent(
        a.set,
        'Warning',
        `Failed${title(a.verb)}`,
        `${a.verb} Pod ${a.pod} in StatefulSet ${setName} failed error: ${messageOf(err)}`,
      );
}

/** recordClaimEvent("create", …). */
export function claimEvent(a: ClaimCreate, err?: unknown): RecordEvent {
  const setName = a.set.name ?? '';
  return err === undefined
    ? recordEvent(
        a.set,
        'Normal',
        'SuccessfulCreate',
        `create Claim ${a.claim} Pod ${a.pod} in StatefulSet ${setName} success`,
      )
    : recordEvent(
        a.set,
        'Warning',
        'FailedCreate',
        `create Claim ${a.claim} for Pod ${a.pod} in StatefulSet ${setName} failed error: ${messageOf(err)}`,
      );
}

/** The condition a failed pod write sets (NewStatefulsetCondition: no reason). */
export function failureCondition(f: FailureStatus, err: unknown, now: Date) {
  const verb = f.condition === 'FailedCreatePod' ? 'create' : 'update';
  return {
    type: f.condition,
    status: 'True',
    lastTransitionTime: `${now.toISOString().slice(0, 19)}Z`,
    message: `StatefulPodControl failed to ${verb} Pod error: ${messageOf(err)}`,
  };
}

async function writeFailureStatus(
  client: KubeClient,
  f: FailureStatus,
  err: unknown,
  log: Logger,
  now: Date,
): Promise<void> {
  const status = { ...f.status, conditions: [failureCondition(f, err, now)] };
  // The write error wins, as performUpdate returns it; a failed status write is only logged.
  await client
    .updateStatus(statefulSets, { ...f.set, status })
    .catch((e: unknown) => log.error({ err: e }, 'Could not update status'));
}

export async function applyStatefulSetAction(
  client: KubeClient,
  action: StatefulSetAction,
  log: Logger,
  now: () => Date,
  /** false inside a slow-start batch, which writes the failure status once. */
  writeFailure = true,
): Promise<void> {
  const emit = (e: RecordEvent) => writeEvent(client, e, EVENT_COMPONENT, now(), log);
  if (!('type' in action) || action.type === 'event') {
    await applyReconcileAction(client, action, { component: EVENT_COMPONENT, now }, log);
    return;
  }
  if (action.type === 'slowStart') {
    let failed: { err: unknown; f: FailureStatus } | undefined;
    const { errors } = await slowStartBatch(action.groups, async (group) => {
      for (const a of group) {
        try {
          await applyStatefulSetAction(client, a, log, now, false);
        } catch (err) {
          const f = 'onFailure' in a ? a.onFailure : undefined;
          if (failed === undefined && f !== undefined && !(err instanceof AlreadyExistsError))
            failed = { err, f };
          throw err;
        }
      }
    });
    if (failed !== undefined) await writeFailureStatus(client, failed.f, failed.err, log, now());
    // A conflict or a name taken among them has the spine observe again.
    if (errors.length > 0) throw errors[0];
    return;
  }
  try {
    await applyKubeWrite(client, action.write);
  } catch (err) {
    if (!(err instanceof AlreadyExistsError)) {
      if (writeFailure && action.onFailure !== undefined)
        await writeFailureStatus(client, action.onFailure, err, log, now());
      if (action.type === 'claimCreate') await emit(claimEvent(action, err));
      else {
        if (action.verb === 'delete')
          await emit(
            recordEvent(
              action.set,
              'Warning',
              'FailedDelete',
              `failed to delete pod ${action.pod}: ${messageOf(err)}`,
            ),
          );
        await emit(podEvent(action, err));
      }
    }
    throw err;
  }
  if (action.type === 'claimCreate') await emit(claimEvent(action));
  else {
    if (action.verb === 'delete') logV(log, 2).info({ pod: { name: action.pod } }, 'Deleted pod');
    await emit(podEvent(action));
  }
}
