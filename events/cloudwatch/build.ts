/**
 * Writes this folder's samples (`npx tsx events/cloudwatch/build.ts`): EKS
 * audit logs as a CloudWatch Logs subscription delivers them to Lambda
 * (`awslogs.data` = base64 of gzip of a DATA_MESSAGE, one audit event per log
 * event). CloudWatch cannot be reached here, so the envelope follows the
 * subscription format, and the audit events inside are the ones our
 * kube-apiserver sent (events/audit, recorded by capture.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const here = new URL('./', import.meta.url);
const audit = (name: string) =>
  (JSON.parse(readFileSync(new URL(`../audit/${name}.json`, here), 'utf8')) as { items: unknown[] })
    .items;

const logEvents = [...audit('pod-create-and-status'), ...audit('sidecarset-and-barrier')].map(
  (event, i) => ({
    id: `3700${String(i).padStart(52, '0')}`,
    timestamp: 1764635741024 + i,
    message: JSON.stringify(event),
  }),
);
const message = (logEventsIn: unknown[]) => ({
  messageType: 'DATA_MESSAGE',
  owner: '123456789012',
  logGroup: '/aws/eks/kruise-fn/cluster',
  logStream: 'kube-apiserver-audit-0a1b2c3d4e5f',
  subscriptionFilters: ['kruise-fn-reconcile'],
  logEvents: logEventsIn,
});
const envelope = (data: unknown) => ({
  awslogs: { data: gzipSync(JSON.stringify(data)).toString('base64') },
});
const write = (name: string, data: unknown) =>
  writeFileSync(new URL(`${name}.json`, here), `${JSON.stringify(envelope(data), null, 2)}\n`);

write('audit-data-message', message(logEvents));
// One record cut short in the middle of the batch: skipped, the rest still runs.
const cut = { id: '1', timestamp: 1764635741999, message: '{"level":"Metadata","trunc' };
write('audit-with-bad-record', message([...logEvents.slice(0, 2), cut, ...logEvents.slice(2)]));
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
      timestamp: 1764635741024,
      message: 'CWL CONTROL MESSAGE: Checking health of destination Lambda function.',
    },
  ],
});
