/**
 * The action a reconcile plan of this function returns: a Kubernetes write
 * (shared/kube/kube-write.ts) or an Event (events.ts). A write may carry
 * what OpenKruise wraps its failure in (`failed to patch pod status`,
 * `delete CRR error`) and the line OpenKruise logs for it, so a plan stays
 * data while errors and logs read as kruise-manager's. The line is written
 * once the write succeeded (OpenKruise logs some before writing): a failed
 * write is logged by the spine with its error instead.
 */
import { withAction } from '../../shared/kube/api-error.js';
import type { KubeClient } from '../../shared/kube/client.js';
import { applyKubeWrite, type KubeWrite } from '../../shared/kube/kube-write.js';
import { logV, type Logger } from '../../shared/log/index.js';
import { writeEvent, type RecordEvent } from '../../shared/kube/events.js';

/** A line to log after a write succeeded: klog verbosity, constant message, fields. */
export interface LogNote {
  readonly v: number;
  readonly message: string;
  readonly fields?: Readonly<Record<string, unknown>>;
}

export type WriteAction = KubeWrite & {
  /** Prefix of the error when the write fails (`<failure>: <API message>`), as OpenKruise words it. */
  readonly failure?: string;
  readonly log?: LogNote;
};

export type ReconcileAction = WriteAction | RecordEvent;

export interface ActionContext {
  /** The Event source component (client-go's recorder name). */
  readonly component: string;
  readonly now: () => Date;
}

export async function applyReconcileAction(
  client: KubeClient,
  action: ReconcileAction,
  ctx: ActionContext,
  log: Logger,
): Promise<void> {
  if (!('verb' in action)) {
    await writeEvent(client, action, ctx.component, ctx.now(), log);
    return;
  }
  try {
    await applyKubeWrite(client, action);
  } catch (err) {
    // withAction keeps the failure's class, so a 409 still re-plans and a 404 still means gone.
    throw action.failure === undefined ? err : withAction(action.failure, err);
  }
  if (action.log !== undefined)
    logV(log, action.log.v).info(action.log.fields ?? {}, action.log.message);
}
