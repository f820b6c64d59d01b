/**
 * The Advanced StatefulSet controller's actions and how the shell carries
 * them out. Pod and claim writes report themselves as Events on the set as
 * OpenKruise's StatefulPodControl does (`kruise@v1.7.4:pkg/controller/statefulset/stateful_pod_control.go`
 * recordPodEvent, recordClaimEvent): `Successful<Verb>` / `Failed<Verb>`
 * with its messages; a create that finds the name taken records nothing
 * (the spine observes again). Everything else is a plain write or Event
 * (../actions.ts), reported as `statefulset-controller`.
 */
import type { ObjectReference } from '../../../shared/api/core/core-v1.js';
import { AlreadyExistsError } from '../../../shared/kube/api-error.js';
import type { KubeClient } from '../../../shared/kube/client.js';
import { applyKubeWrite, type KubeWrite } from '../../../shared/kube/kube-write.js';
import { logV, type Logger } from '../../../shared/log/index.js';
import { applyReconcileAction, type ReconcileAction } from '../actions.js';
import { recordEvent, writeEvent, type RecordEvent } from '../events.js';

/** The component OpenKruise's recorder reports Events as. */
export const EVENT_COMPONENT = 'statefulset-controller';

export interface PodWrite {
  readonly type: 'podWrite';
  readonly verb: 'create' | 'update' | 'delete';
  readonly write: KubeWrite;
  readonly set: ObjectReference;
  readonly pod: string;
}

export interface ClaimCreate {
  readonly type: 'claimCreate';
  readonly write: KubeWrite;
  readonly set: ObjectReference;
  readonly pod: string;
  readonly claim: string;
}

export type StatefulSetAction = ReconcileAction | PodWrite | ClaimCreate;

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

export async function applyStatefulSetAction(
  client: KubeClient,
  action: StatefulSetAction,
  log: Logger,
  now: () => Date,
): Promise<void> {
  const emit = (e: RecordEvent) => writeEvent(client, e, EVENT_COMPONENT, now(), log);
  if (!('type' in action) || action.type === 'event') {
    await applyReconcileAction(client, action, { component: EVENT_COMPONENT, now }, log);
    return;
  }
  try {
    await applyKubeWrite(client, action.write);
  } catch (err) {
    if (!(err instanceof AlreadyExistsError)) {
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
