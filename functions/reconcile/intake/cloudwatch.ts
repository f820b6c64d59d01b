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

/**
 * The most `awslogs.data` may unzip to. A subscription event is at most a
 * Lambda payload (6 MB) and audit lines compress about tenfold, while a gzip
 * bomb unzips a thousandfold (16 KB of gzip to 16 MiB of zeros): this cap,
 * the HTTP route's body cap, refuses one before it is held in memory.
 */
export const MAX_UNZIPPED_BYTES = 16 * 1024 * 1024;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * `awslogs.data` as bytes. Buffer.from skips what is not base64 and stops at
 * the first `=`, so a string that is not base64 would reach gunzip as some
 * other bytes; it is refused here, saying what is wrong with it.
 */
function fromBase64(data: string): Buffer {
  const bad = /[^A-Za-z0-9+/=]|=[^=]|={3}/.exec(data);
  if (bad !== null) {
    throw new BadRequestError(
      `awslogs.data is not base64: ${JSON.stringify(bad[0][0])} at ${bad.index}`,
    );
  }
  if (data.length % 4 !== 0) {
    throw new BadRequestError(
      `awslogs.data is not base64: length ${data.length} is not a multiple of 4`,
    );
  }
  return Buffer.from(data, 'base64');
}

function gunzip(bytes: Buffer): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: MAX_UNZIPPED_BYTES });
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new BadRequestError(`awslogs.data unzips to more than ${MAX_UNZIPPED_BYTES} bytes`);
    }
    throw new BadRequestError(`awslogs.data is not gzip: ${message(err)}`);
  }
}

/** `/logEvents/0/id` as `.logEvents.0.id`, the paths `Skipped.at` uses. */
const dotted = (pointer: string) => pointer.replaceAll('/', '.');

/**
 * The DATA_MESSAGE of a subscription event; BadRequestError, saying which
 * layer (base64, gzip, JSON, the message's fields) is wrong, when it does not
 * decode.
 */
export function decodeCloudWatchLogs(
  event: Static<typeof CloudWatchLogsEvent>,
): CloudWatchLogsData {
  const text = gunzip(fromBase64(event.awslogs.data)).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new BadRequestError(`awslogs.data is not JSON: ${message(err)}`);
  }
  if (!Value.Check(CloudWatchLogsData, parsed)) {
    const first = [...Value.Errors(CloudWatchLogsData, parsed)][0];
    throw new BadRequestError(
      `awslogs.data${dotted(first?.path ?? '')}: ${first?.message ?? 'invalid'}`,
    );
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
