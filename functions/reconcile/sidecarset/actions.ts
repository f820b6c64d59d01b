/**
 * The SidecarSet controller's actions and how the shell carries them out:
 * API writes (KubeWrite), Kubernetes Events, and the reset of a finished hot
 * upgrade, which reports itself as an Event on the pod as OpenKruise does
 * (`ResetContainerSucceed`, or `ResetContainerFailed` with the error).
 */
import type { Logger } from 'pino';
import type { ObjectReference } from '../../../shared/api/core/core-v1.js';
import { ConflictError, NotFoundError } from '../../../shared/kube/api-error.js';
import type { KubeClient } from '../../../shared/kube/client.js';
import { applyKubeWrite, describeWrite, type KubeWrite } from '../../../shared/kube/kube-write.js';
import { logV } from '../../../shared/log/index.js';
import { recordEvent, writeEvent, type RecordEvent } from '../events.js';

/** The component OpenKruise's recorder reports Events as. */
export const EVENT_COMPONENT = 'sidecarset-controller';

export interface ResetHotUpgrade {
  readonly type: 'resetHotUpgrade';
  /** The pod write (which may also carry this round's update of the pod). */
  readonly write: KubeWrite;
  readonly pod: ObjectReference;
}

export type SidecarSetAction = KubeWrite | RecordEvent | ResetHotUpgrade;

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
  if ('verb' in action) {
    await applyKubeWrite(client, action);
    logV(log, 3).info({ write: describeWrite(action) }, 'SidecarSet controller wrote');
    return;
  }
  if (action.type === 'event') {
    await writeEvent(client, action, EVENT_COMPONENT, now(), log);
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
  await writeEvent(client, resetSucceeded(action.pod), EVENT_COMPONENT, now(), log);
}
