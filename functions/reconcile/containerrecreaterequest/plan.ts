/**
 * The manager's side of a ContainerRecreateRequest
 * (kruise@v1.7.4:pkg/controller/containerrecreaterequest/crr_controller.go
 * Reconcile); the daemon on the CRR's node does the recreating itself. In
 * OpenKruise's order:
 * - finished (deleting or completed): release the pod's readiness, drop
 *   the `active` label, then delete after ttlSecondsAfterFinished;
 * - its pod gone (missing, deleting, another UID): complete it;
 * - no phase a minute after creation (the daemon never answered) or past
 *   activeDeadlineSeconds: complete it;
 * - Recreating: mirror the containers' new statuses into an annotation and,
 *   with unreadyGracePeriodSeconds, hold the pod not ready.
 * Completing writes status `Completed` with completionTime and a message.
 * Pure; `requeueAfterMs` is when a time rule comes due (Go's RequeueAfter,
 * where 0 means none).
 */
import {
  CRR_POD_UID_KEY,
  type ContainerRecreateRequest,
} from '../../../shared/api/containerrecreaterequest.js';
import type { Pod } from '../../../shared/api/core/core-v1.js';
import { containerRecreateRequests } from '../../../shared/kube/kruise-resources.js';
import type { Plan } from '../../../shared/kube/reconcile-key.js';
import { kobj } from '../../../shared/log/index.js';
import type { WriteAction } from '../actions.js';
import { metaTime, metaTimeMs } from '../../../shared/kube/meta-time.js';
import { planFinished } from './finished.js';
import type { ObservedCrr } from './observe.js';
import { planRecreating } from './recreating.js';

/** crr_controller.go responseTimeout: how long the daemon may leave a new CRR without a phase. */
export const RESPONSE_TIMEOUT_MS = 60_000;

/** completeCRR: the whole object's status written back (a Status().Update), other fields kept. */
function completeCrr(crr: ContainerRecreateRequest, now: Date, message: string): WriteAction {
  return {
    verb: 'updateStatus',
    resource: containerRecreateRequests,
    object: crr,
    status: { ...crr.status, phase: 'Completed', completionTime: metaTime(now), message },
  };
}

/** Completes `crr` with `message`, logging OpenKruise's line for it. */
const completedAs = (
  o: ObservedCrr,
  message: string,
  logMessage: string,
  fields: Record<string, unknown> = {},
): Plan<WriteAction> => ({
  actions: [
    {
      ...completeCrr(o.crr, o.now, message),
      log: {
        v: 0,
        message: logMessage,
        fields: { containerRecreateRequest: kobj(o.crr), ...fields },
      },
    },
  ],
});

/** requeueduration.Duration.Update: the shortest positive wait wins. */
const sooner = (current: number | undefined, left: number): number | undefined =>
  left > 0 && (current === undefined || left < current) ? left : current;

/** Deleting, or a new pod of the same name (the webhook labelled the CRR with its pod's UID). */
function podHasGone(crr: ContainerRecreateRequest, pod: Pod): boolean {
  return (
    pod.metadata?.deletionTimestamp != null ||
    (pod.metadata?.uid ?? '') !== (crr.metadata?.labels?.[CRR_POD_UID_KEY] ?? '')
  );
}

export function planContainerRecreateRequest(o: ObservedCrr): Plan<WriteAction> {
  const { crr, pod, now } = o;
  if (crr.metadata?.deletionTimestamp != null || crr.status?.completionTime !== undefined) {
    return planFinished(o);
  }
  if (pod === undefined || podHasGone(crr, pod)) {
    const podUID = crr.metadata?.labels?.[CRR_POD_UID_KEY] ?? '';
    return completedAs(o, 'pod has gone', 'Completed CRR as failure for Pod has gone', {
      podName: crr.spec.podName,
      podUID,
    });
  }
  const age = now.getTime() - metaTimeMs(crr.metadata?.creationTimestamp);
  let requeueAfterMs: number | undefined;
  // No phase: the daemon has not written status yet (our CRD requires a phase once it has).
  const phase: string = crr.status?.phase ?? '';
  if (phase === '') {
    const left = RESPONSE_TIMEOUT_MS - age;
    if (left <= 0) {
      const message = 'daemon has not responded for a long time';
      return completedAs(o, message, `Completed CRR as failure for ${message}`);
    }
    requeueAfterMs = sooner(requeueAfterMs, left);
  }
  const deadline = crr.spec.activeDeadlineSeconds;
  if (deadline !== undefined) {
    const left = deadline * 1000 - age;
    if (left <= 0) {
      const message = 'recreating has exceeded the activeDeadlineSeconds';
      return completedAs(o, message, `Completed CRR as failure for ${message}`);
    }
    requeueAfterMs = sooner(requeueAfterMs, left);
  }
  const actions = phase === 'Recreating' ? planRecreating(crr, pod, now) : [];
  return { actions, ...(requeueAfterMs !== undefined && { requeueAfterMs }) };
}
