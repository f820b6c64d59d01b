/**
 * EKS audit logs as a CloudWatch Logs subscription delivers them to Lambda
 * (`awslogs.data` = base64 of gzip of a DATA_MESSAGE, one audit event per log
 * event, as EKS writes them to its `kube-apiserver-audit-<id>` stream).
 * CloudWatch cannot be reached here, so the envelope follows the subscription
 * format, and the audit events inside are ones our kube-apiserver sent: the
 * recorded batches of events/audit (capture.ts) for this folder's samples,
 * or those a test captured live.
 *
 * Run it (`npx tsx events/cloudwatch/build.ts`) to write the samples.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { CloudWatchLogsData } from '../../functions/reconcile/intake/cloudwatch.js';

export type LogEvent = CloudWatchLogsData['logEvents'][number];

/** The first sample's timestamp (2025-12-02T00:35:41.024Z); the rest follow 1 ms apart. */
export const SAMPLE_TIMESTAMP = 1764635741024;

/** One log event per audit event, its `message` the event's JSON, as EKS writes it. */
export const auditLogEvents = (
  events: readonly unknown[],
  firstTimestamp = SAMPLE_TIMESTAMP,
): LogEvent[] =>
  events.map((event, i) => ({
    id: `3700${String(i).padStart(52, '0')}`,
    timestamp: firstTimestamp + i,
    message: JSON.stringify(event),
  }));

/** The DATA_MESSAGE a subscription filter on an EKS cluster's audit log group sends. */
export const dataMessage = (logEvents: readonly LogEvent[]): CloudWatchLogsData => ({
  messageType: 'DATA_MESSAGE',
  owner: '123456789012',
  logGroup: '/aws/eks/kruise-fn/cluster',
  logStream: 'kube-apiserver-audit-0a1b2c3d4e5f',
  subscriptionFilters: ['kruise-fn-reconcile'],
  logEvents: [...logEvents],
});

/** The Lambda event of a subscription message (any JSON, so tests can break it). */
export const subscriptionEvent = (data: unknown): { awslogs: { data: string } } => ({
  awslogs: { data: gzipSync(JSON.stringify(data)).toString('base64') },
});

function writeSamples(): void {
  const here = new URL('./', import.meta.url);
  const audit = (name: string) =>
    (
      JSON.parse(readFileSync(new URL(`../audit/${name}.json`, here), 'utf8')) as {
        items: unknown[];
      }
    ).items;
  const write = (name: string, data: unknown) =>
    writeFileSync(
      new URL(`${name}.json`, here),
      `${JSON.stringify(subscriptionEvent(data), null, 2)}\n`,
    );

  const logEvents = auditLogEvents([
    ...audit('pod-create-and-status'),
    ...audit('sidecarset-and-barrier'),
  ]);
  write('audit-data-message', dataMessage(logEvents));
  // One record cut short in the middle of the batch: skipped, the rest still runs.
  const cut = { id: '1', timestamp: 1764635741999, message: '{"level":"Metadata","trunc' };
  write(
    'audit-with-bad-record',
    dataMessage([...logEvents.slice(0, 2), cut, ...logEvents.slice(2)]),
  );
  // CloudWatch checks a new subscription's destination with a control message.
  write('control-message', {
    messageType: 'CONTROL_MESSAGE',
    owner: 'CloudwatchLogs',
    logGroup: '',
    logStream: '',
    subscriptionFilters: [],
    logEvents: [
      {
        id: '',
        timestamp: SAMPLE_TIMESTAMP,
        message: 'CWL CONTROL MESSAGE: Checking health of destination Lambda function.',
      },
    ],
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeSamples();
}
