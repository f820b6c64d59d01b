/**
 * Lambda inputs for the reconcile intake fuzz test: CloudWatch Logs
 * subscription events (valid DATA_MESSAGEs of good, bad and any records, a
 * CONTROL_MESSAGE, envelopes broken at each layer: base64, gzip, a gzip
 * bomb, JSON, the message's fields) and schedule-like events (the
 * EventBridge samples, valid, with a field dropped or wrong, or edited).
 */
import { deflateRawSync, gzipSync } from 'node:zlib';
import { loadEvent } from '../../events/load.js';
import { MAX_UNZIPPED_BYTES } from '../../functions/reconcile/intake/cloudwatch.js';
import type { Json, JsonMutator, JsonRecord } from './json-mutations.js';
import type { LambdaCase } from './reconcile-case.js';
import { auditRecords } from './reconcile-records.js';

const SCHEDULE_STRINGS = ['version', 'id', 'account', 'time', 'region'];

export function lambdaCases(m: JsonMutator) {
  const records = auditRecords(m);
  const cloudWatch = {
    data: (logEvents: Json[], messageType = 'DATA_MESSAGE'): JsonRecord => ({
      messageType,
      owner: '123456789012',
      logGroup: '/aws/eks/kruise-fn/cluster',
      logStream: 'kube-apiserver-audit-0a1b2c3d4e5f',
      subscriptionFilters: ['kruise-fn-reconcile'],
      logEvents,
    }),
    logEvents: (messages: string[]): Json[] =>
      messages.map((message, i) => ({ id: String(i), timestamp: 1764635741024 + i, message })),
    envelope: (bytes: Buffer): Json => ({ awslogs: { data: bytes.toString('base64') } }),
  };
  const zip = (data: Json) => gzipSync(JSON.stringify(data));
  const bomb = gzipSync(Buffer.alloc(MAX_UNZIPPED_BYTES + 1024, ' '));
  const poisonedData = () =>
    cloudWatch.data(
      cloudWatch.logEvents(
        Array.from({ length: 1 + m.int(3) }, () => JSON.stringify(records.poisoned())),
      ),
    );

  /** One Lambda event: a CloudWatch Logs subscription or something schedule-like. */
  function lambda(): LambdaCase {
    if (m.chance(0.35)) return schedule();
    const k = m.int(100);
    if (k < 40) {
      const kinds = records.kinds(m.int(7));
      const messages = kinds.map(records.message);
      const event = cloudWatch.envelope(zip(cloudWatch.data(cloudWatch.logEvents(messages))));
      return {
        what: 'cloudwatch: records',
        event,
        expect: 'accept',
        live: kinds.filter((x) => x !== 'bad').length,
        bad: kinds.filter((x) => x === 'bad').length,
      };
    }
    if (k < 44) {
      const control = cloudWatch.data(
        cloudWatch.logEvents([`CWL CONTROL MESSAGE: ${m.text()}`]),
        'CONTROL_MESSAGE',
      );
      return {
        what: 'cloudwatch: control message',
        event: cloudWatch.envelope(zip(control)),
        expect: 'accept',
        live: 0,
      };
    }
    if (k < 80) {
      const data = poisonedData();
      const good = zip(data).toString('base64');
      const at = m.int(good.length);
      const breaks: [string, () => Json][] = [
        [
          'a character outside base64',
          () => ({
            awslogs: {
              data: `${good.slice(0, at)}${m.pick(['!', '-', '_', ' ', '\n', 'é'])}${good.slice(at)}`,
            },
          }),
        ],
        [
          'base64 cut by a character',
          () => ({ awslogs: { data: good.slice(0, at) + good.slice(at + 1) } }),
        ],
        ['not gzip', () => cloudWatch.envelope(Buffer.from(JSON.stringify(data)))],
        ['raw deflate', () => cloudWatch.envelope(deflateRawSync(JSON.stringify(data)))],
        [
          'gzip cut short',
          () => {
            const z = zip(data);
            return cloudWatch.envelope(z.subarray(0, m.int(z.length - 1)));
          },
        ],
        [
          'gzip of JSON cut short',
          () => cloudWatch.envelope(gzipSync(m.truncate(JSON.stringify(data)))),
        ],
        [
          'gzip of a field missing',
          () => {
            const d: JsonRecord = { ...data };
            delete d[m.pick(Object.keys(d))];
            return cloudWatch.envelope(zip(d));
          },
        ],
        [
          'gzip of a field retyped',
          () => {
            const d: JsonRecord = { ...data };
            const key = m.pick(Object.keys(d));
            // Each the wrong type for its field (an empty array is a valid subscriptionFilters).
            d[key] = m.pick([null, 7, { key }, Array.isArray(d[key]) ? 'array' : [key]]);
            return cloudWatch.envelope(zip(d));
          },
        ],
        [
          'a log event retyped',
          () => {
            const d = structuredClone(data);
            const e = (d['logEvents'] as JsonRecord[])[0] ?? {};
            e[m.pick(['id', 'timestamp', 'message'])] = m.pick([null, [1], { e: 1 }, true]);
            return cloudWatch.envelope(zip(d));
          },
        ],
        [
          'gzip of not an object',
          () => cloudWatch.envelope(zip(m.pick([[data], 'DATA_MESSAGE', null, 3]))),
        ],
        [
          'awslogs.data not a string',
          () => ({ awslogs: { data: m.pick([null, 7, [good], { data: good }]) } }),
        ],
        ['awslogs not an object', () => ({ awslogs: m.pick([good, null, [good]]) })],
        ['no event', () => m.pick([null, [], 'awslogs', 0])],
      ];
      if (m.chance(0.01)) breaks.push(['a gzip bomb', () => cloudWatch.envelope(bomb)]);
      const [what, make] = m.pick(breaks);
      return { what: `cloudwatch envelope: ${what}`, event: make(), expect: 'reject', live: 0 };
    }
    const data = cloudWatch.data(
      cloudWatch.logEvents(records.kinds(1 + m.int(3), { good: 1, bad: 0 }).map(records.message)),
    );
    m.mutateTree(data);
    const event: Json = m.chance(0.8)
      ? cloudWatch.envelope(zip(data))
      : { awslogs: { data: zip(data).toString('base64') }, extra: m.scalar() };
    if (m.chance(0.2)) m.mutateTree(event);
    return { what: 'cloudwatch: random edits', event, expect: 'any', live: 1 };
  }

  function schedule(): LambdaCase {
    const e = loadEvent<JsonRecord>(
      'schedule',
      m.pick(['eventbridge-rule', 'eventbridge-scheduler']),
    );
    const k = m.int(100);
    if (k < 30) {
      if (m.chance(0.3)) e['detail'] = m.scalar();
      return { what: 'schedule: valid', event: e, expect: 'accept', live: 0, resync: true };
    }
    if (k < 80) {
      const breaks: [string, () => Json][] = [
        [
          'a field missing',
          () => (
            delete e[m.pick([...SCHEDULE_STRINGS, 'detail-type', 'source', 'resources', 'detail'])],
            e
          ),
        ],
        ['a field retyped', () => ((e[m.pick(SCHEDULE_STRINGS)] = m.pick([null, 0, [], {}])), e)],
        [
          'another detail-type',
          () => ((e['detail-type'] = m.pick(['Object Created', 'scheduled event', '', null])), e),
        ],
        [
          'another source',
          () => ((e['source'] = m.pick(['aws.s3', 'aws.events ', 'AWS.EVENTS', 7])), e),
        ],
        ['resources not strings', () => ((e['resources'] = m.pick([[1], 'arn', null, [null]])), e)],
        ['not an object', () => m.pick([[e], JSON.stringify(e), null, 1])],
      ];
      const [what, make] = m.pick(breaks);
      return { what: `schedule: ${what}`, event: make(), expect: 'reject', live: 0 };
    }
    m.mutateTree(e);
    return { what: 'schedule: random edits', event: e, expect: 'any', live: 0, resync: true };
  }

  return lambda;
}
