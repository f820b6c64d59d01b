/**
 * The Lambda handler over its deps: EKS audit logs from a CloudWatch Logs
 * subscription, or an EventBridge schedule (the resync). The same reconcile
 * as the Knative entry. A bad event is logged and answered, never thrown:
 * Lambda would retry an asynchronous invocation that throws, and a malformed
 * event stays malformed. lambda.ts builds the deps from the process.
 */
import type { Logger } from 'pino';
import { BadRequestError } from '../../shared/errors.js';
import type { Batch } from './intake/batch.js';
import {
  cloudWatchBatch,
  decodeCloudWatchLogs,
  isCloudWatchLogsEvent,
} from './intake/cloudwatch.js';
import { isScheduledEvent } from './intake/schedule.js';
import type { BatchSummary } from './reconcile-batch.js';

export interface LambdaDeps {
  readonly log: Logger;
  /** One batch reconciled; never throws for a failed key (failures are outcomes). */
  readonly reconcile: (batch: Batch, log: Logger) => Promise<BatchSummary>;
}

export type LambdaResult = BatchSummary | { readonly error: string };

export function createLambdaHandler(deps: LambdaDeps) {
  return async function handler(event: unknown): Promise<LambdaResult> {
    try {
      if (isScheduledEvent(event)) return await deps.reconcile({ kind: 'resync' }, deps.log);
      if (isCloudWatchLogsEvent(event)) {
        return await deps.reconcile(cloudWatchBatch(decodeCloudWatchLogs(event)), deps.log);
      }
      throw new BadRequestError(
        'not an event the reconcile function takes: a CloudWatch Logs subscription (awslogs.data) or an EventBridge Scheduled Event',
      );
    } catch (err) {
      if (!(err instanceof BadRequestError)) throw err;
      deps.log.warn({ err }, 'Rejected an event');
      return { error: err.message };
    }
  };
}
