/**
 * EKS audit logs delivered to Lambda by a CloudWatch Logs subscription:
 * `{"awslogs":{"data":<base64 of gzip of the DATA_MESSAGE JSON>}}`, whose
 * `logEvents[].message` each hold one audit event (as powertools' CloudWatch
 * envelope reads them). The envelope must decode; a log event that is not an
 * audit event is skipped with its path, and the rest of the batch still runs.
 */
import { gunzipSync } from 'node:zlib';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { BadRequestError } from '../../../shared/errors.js';
import type { ObjectRef } from '../controller.js';
import { refOfAuditRecord } from './audit.js';
import type { Batch, Skipped } from './batch.js';

export const CloudWatchLogsEvent = Type.Object({
  awslogs: Type.Object({ data: Type.String() }),
});

export const CloudWatchLogsData = Type.Object({
  messageType: Type.String(),
  owner: Type.String(),
  logGroup: Type.String(),
  logStream: Type.String(),
  subscriptionFilters: Type.Array(Type.String()),
  logEvents: Type.Array(
    Type.Object({ id: Type.String(), timestamp: Type.Number(), message: Type.String() }),
  ),
});
export type CloudWatchLogsData = Static<typeof CloudWatchLogsData>;

export const isCloudWatchLogsEvent = (
  event: unknown,
): event is Static<typeof CloudWatchLogsEvent> => Value.Check(CloudWatchLogsEvent, event);

/** The DATA_MESSAGE of a subscription event; BadRequestError when it does not decode. */
export function decodeCloudWatchLogs(
  event: Static<typeof CloudWatchLogsEvent>,
): CloudWatchLogsData {
  let parsed: unknown;
  try {
    parsed = JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8'));
  } catch (err) {
    throw new BadRequestError(
      `awslogs.data is not base64 gzip of JSON: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (!Value.Check(CloudWatchLogsData, parsed)) {
    const first = [...Value.Errors(CloudWatchLogsData, parsed)][0];
    throw new BadRequestError(`awslogs.data${first?.path ?? ''}: ${first?.message ?? 'invalid'}`);
  }
  return parsed;
}

export function cloudWatchBatch(data: CloudWatchLogsData): Batch {
  // CloudWatch checks a new subscription with a CONTROL_MESSAGE that names nothing.
  if (data.messageType !== 'DATA_MESSAGE') {
    return {
      kind: 'refs',
      refs: [],
      skipped: [{ at: 'awslogs.data', reason: `messageType ${data.messageType}` }],
    };
  }
  const refs: ObjectRef[] = [];
  const skipped: Skipped[] = [];
  data.logEvents.forEach((logEvent, i) => {
    const at = `awslogs.data.logEvents.${i}.message`;
    let record: unknown;
    try {
      record = JSON.parse(logEvent.message);
    } catch {
      skipped.push({ at, reason: 'not JSON', malformed: true });
      return;
    }
    const result = refOfAuditRecord(record);
    if ('ref' in result) refs.push(result.ref);
    else skipped.push({ at, reason: result.skip, ...(result.malformed && { malformed: true }) });
  });
  return { kind: 'refs', refs, skipped };
}
