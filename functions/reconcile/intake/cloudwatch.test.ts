/**
 * CloudWatch Logs intake: an envelope that does not decode is refused with
 * the layer that is wrong; a CONTROL_MESSAGE names nothing; a log event that
 * is not an audit event is skipped with its path while the rest are kept.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { loadEvent } from '../../../events/load.js';
import { BadRequestError } from '../../../shared/errors.js';
import {
  MAX_UNZIPPED_BYTES,
  cloudWatchBatch,
  decodeCloudWatchLogs,
  isCloudWatchLogsEvent,
  type CloudWatchLogsData,
} from './cloudwatch.js';
import { jsonError } from '../test-support.js';

const sample = (): CloudWatchLogsData =>
  decodeCloudWatchLogs(
    loadEvent('cloudwatch', 'audit-data-message') as { awslogs: { data: string } },
  );
const zipped = (bytes: string | Buffer) => ({
  awslogs: { data: gzipSync(bytes).toString('base64') },
});
const event = (data: unknown) => zipped(JSON.stringify(data));
const messageWith = (messages: readonly string[]): CloudWatchLogsData => ({
  ...sample(),
  logEvents: messages.map((message, i) => ({ id: String(i), timestamp: 1764635741024, message })),
});

describe('isCloudWatchLogsEvent', () => {
  const rows: { name: string; event: unknown; is: boolean }[] = [
    { name: 'the sample', event: loadEvent('cloudwatch', 'audit-data-message'), is: true },
    { name: 'an empty data string', event: { awslogs: { data: '' } }, is: true },
    { name: 'no awslogs', event: { data: 'H4sI' }, is: false },
    { name: 'awslogs without data', event: { awslogs: {} }, is: false },
    { name: 'data not a string', event: { awslogs: { data: ['H4sI'] } }, is: false },
    { name: 'awslogs null', event: { awslogs: null }, is: false },
    { name: 'null', event: null, is: false },
    { name: 'a string', event: 'awslogs', is: false },
  ];
  for (const row of rows) {
    it(`${row.is ? 'takes' : 'refuses'} ${row.name}`, () =>
      assert.equal(isCloudWatchLogsEvent(row.event), row.is));
  }
});

describe('decodeCloudWatchLogs', () => {
  const bomb = gzipSync(Buffer.alloc(MAX_UNZIPPED_BYTES + 1));
  const rows: { name: string; data: string; error: string }[] = [
    {
      name: 'a character outside base64',
      data: 'H4sI!AAA',
      error: 'awslogs.data is not base64: "!" at 4',
    },
    {
      name: 'the URL-safe alphabet (a subscription sends standard base64)',
      data: 'H4sI_AAA',
      error: 'awslogs.data is not base64: "_" at 4',
    },
    {
      name: 'padding inside the text',
      data: 'H4s=IAAA',
      error: 'awslogs.data is not base64: "=" at 3',
    },
    {
      name: 'a length that is not a multiple of 4',
      data: 'H4sIAAA',
      error: 'awslogs.data is not base64: length 7 is not a multiple of 4',
    },
    {
      name: 'base64 of text that is not gzip',
      data: Buffer.from('{"messageType":"DATA_MESSAGE"}').toString('base64'),
      error: 'awslogs.data is not gzip: incorrect header check',
    },
    { name: 'nothing', data: '', error: 'awslogs.data is not gzip: unexpected end of file' },
    {
      name: 'gzip cut short',
      data: gzipSync('{"messageType":"DATA_MESSAGE"}').subarray(0, 12).toString('base64'),
      error: 'awslogs.data is not gzip: unexpected end of file',
    },
    {
      name: 'a gzip bomb',
      data: bomb.toString('base64'),
      error: `awslogs.data unzips to more than ${MAX_UNZIPPED_BYTES} bytes`,
    },
    {
      name: 'gzip of text that is not JSON',
      data: zipped('CWL CONTROL MESSAGE').awslogs.data,
      error: `awslogs.data is not JSON: ${jsonError('CWL CONTROL MESSAGE')}`,
    },
    {
      name: 'gzip of JSON cut short',
      data: zipped('{"messageType":').awslogs.data,
      error: `awslogs.data is not JSON: ${jsonError('{"messageType":')}`,
    },
    { name: 'a JSON array', data: event([]).awslogs.data, error: 'awslogs.data: Expected object' },
    { name: 'JSON null', data: event(null).awslogs.data, error: 'awslogs.data: Expected object' },
    {
      name: 'a message without logEvents',
      data: event({ ...sample(), logEvents: undefined }).awslogs.data,
      error: 'awslogs.data.logEvents: Expected required property',
    },
    {
      name: 'logEvents an object',
      data: event({ ...sample(), logEvents: {} }).awslogs.data,
      error: 'awslogs.data.logEvents: Expected array',
    },
    {
      name: 'a log event whose message is not a string',
      data: event({ ...sample(), logEvents: [{ id: '1', timestamp: 1, message: {} }] }).awslogs
        .data,
      error: 'awslogs.data.logEvents.0.message: Expected string',
    },
    {
      name: 'a log event without id',
      data: event({ ...sample(), logEvents: [{ timestamp: 1, message: '{}' }] }).awslogs.data,
      error: 'awslogs.data.logEvents.0.id: Expected required property',
    },
    {
      name: 'a timestamp that is a string',
      data: event({ ...sample(), logEvents: [{ id: '1', timestamp: '1', message: '{}' }] }).awslogs
        .data,
      error: 'awslogs.data.logEvents.0.timestamp: Expected number',
    },
  ];
  for (const { name, data, error } of rows) {
    it(`refuses ${name}`, () =>
      assert.throws(
        () => decodeCloudWatchLogs({ awslogs: { data } }),
        (err) => err instanceof BadRequestError && err.message === error,
        error,
      ));
  }

  it('decodes the DATA_MESSAGE of the sample', () => {
    const data = sample();
    assert.deepStrictEqual(
      [data.messageType, data.logGroup, data.logEvents.length],
      ['DATA_MESSAGE', '/aws/eks/kruise-fn/cluster', 6],
    );
  });
});

describe('cloudWatchBatch', () => {
  it('names nothing for a CONTROL_MESSAGE, saying so', () => {
    const control = decodeCloudWatchLogs(
      loadEvent('cloudwatch', 'control-message') as { awslogs: { data: string } },
    );
    assert.deepStrictEqual(cloudWatchBatch(control), {
      kind: 'refs',
      refs: [],
      skipped: [{ at: 'awslogs.data', reason: 'messageType CONTROL_MESSAGE' }],
    });
  });

  it('skips each log event that is not an audit event, with its path, and keeps the rest', () => {
    const [create, status] = sample().logEvents.map((e) => e.message);
    const batch = cloudWatchBatch(
      messageWith([
        create ?? '',
        '{"level":"Metadata","trunc',
        JSON.stringify({ kind: 'Event', apiVersion: 'audit.k8s.io/v1' }),
        'null',
        status ?? '',
        JSON.stringify({ ...(JSON.parse(create ?? '') as object), verb: 'get' }),
      ]),
    );
    assert.ok(batch.kind === 'refs');
    assert.deepStrictEqual(
      batch.refs.map((r) => `${r.verb} ${r.resource}${r.subresource ? `/${r.subresource}` : ''}`),
      ['create pods', 'update pods/status'],
    );
    assert.deepStrictEqual(batch.skipped, [
      { at: 'awslogs.data.logEvents.1.message', reason: 'not JSON', malformed: true },
      {
        at: 'awslogs.data.logEvents.2.message',
        reason: 'not an audit event: /level: Expected required property',
        malformed: true,
      },
      {
        at: 'awslogs.data.logEvents.3.message',
        reason: 'not an audit event: /: Expected object',
        malformed: true,
      },
      { at: 'awslogs.data.logEvents.5.message', reason: 'verb get' },
    ]);
  });

  it('takes a DATA_MESSAGE without log events', () => {
    assert.deepStrictEqual(cloudWatchBatch(messageWith([])), {
      kind: 'refs',
      refs: [],
      skipped: [],
    });
  });
});
