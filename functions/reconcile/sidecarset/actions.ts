/**
 * The SidecarSet controller's actions and how the shell carries them out:
 * the function's writes and Events (../actions.ts, with OpenKruise's log
 * lines), and the reset of a finished hot upgrade, which reports itself as
 * an Event on the pod as OpenKruise does (`ResetContainerSucceed`, or
 * `ResetContainerFailed` with the error).
 */
import type { ObjectReference } from '../../../shared/api/core/core-v1.js';
import { ConflictError, NotFoundError } from '../../../shared/kube/api-error.js';
import type { KubeClient } from '../../../shared/kube/client.js';
import { applyKubeWrite } from '../../../shared/kube/kube-write.js';
import { logV, type Logger } from '../../../shared/log/index.js';
import { applyReconcileAction, type ReconcileAction, type WriteAction } from '../actions.js';
import { recordEvent, writeEvent, type RecordEvent } from '../../../shared/kube/events.js';

/** The component OpenKruise's recorder reports Events as. */
export const EVENT_COMPONENT = 'sidecarset-controller';

export interface ResetHotUpgrade {
  readonly type: 'resetHotUpgrade';
  /** The pod write (which may also carry this round's update of the pod). */
  readonly write: WriteAction;
  readonly pod: ObjectReference;
}

export type SidecarSetAction = ReconcileAction | ResetHotUpgrade;

export const resetSucceeded = (pod: ObjectReference): RecordEvent =>
  recordEvent(
    pod,
    'Normal',
    'ResetContainerSucceed',
    'reset sidecar container image empty successfully',
  );

export const resetFailed = (pod: ObjectReference, err: unknown): RecordEvent =>
  recordEvent(
    pod,
    'Warning',
    'ResetContainerFailed',
    `reset sidecar container image empty failed: ${err instanceof Error ? err.message : String(err)}`,
  );

export async function applySidecarSetAction(
  client: KubeClient,
  action: SidecarSetAction,
  log: Logger,
  now: () => Date,
): Promise<void> {
  if ('verb' in action || action.type === 'event') {
    await applyReconcileAction(client, action, { component: EVENT_COMPONENT, now }, log);
    return;
  }
  try {
    await applyKubeWrite(client, action.write);
  } catch (err) {
    // A pod changed or gone since it was read is re-planned, as Go's conflict retry re-reads it.
    if (!(err instanceof ConflictError || err instanceof NotFoundError)) {
      await writeEvent(client, resetFailed(action.pod, err), EVENT_COMPONENT, now(), log);
    }
    throw err;
  }
  const note = action.write.log;
  if (note !== undefined) logV(log, note.v).info(note.fields ?? {}, note.message);
  await writeEvent(client, resetSucceeded(action.pod), EVENT_COMPONENT, now(), log);
}
