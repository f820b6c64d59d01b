import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadEvent } from '../../../events/load.js';
import { isScheduledEvent } from './schedule.js';

type Fields = Record<string, unknown>;
const rule = (edit: (e: Fields) => void = () => undefined): Fields => {
  const e = loadEvent<Fields>('schedule', 'eventbridge-rule');
  edit(e);
  return e;
};

describe('isScheduledEvent', () => {
  const rows: { name: string; event: unknown; is: boolean }[] = [
    { name: 'an EventBridge rule', event: rule(), is: true },
    {
      name: 'an EventBridge Scheduler invocation',
      event: loadEvent('schedule', 'eventbridge-scheduler'),
      is: true,
    },
    { name: 'a detail of any shape', event: rule((e) => (e['detail'] = null)), is: true },
    { name: 'fields it does not read', event: rule((e) => (e['replay-name'] = 'r')), is: true },
    {
      name: 'another detail-type',
      event: rule((e) => (e['detail-type'] = 'Object Created')),
      is: false,
    },
    { name: 'another source', event: rule((e) => (e['source'] = 'aws.s3')), is: false },
    { name: 'no detail', event: rule((e) => delete e['detail']), is: false },
    { name: 'no time', event: rule((e) => delete e['time']), is: false },
    { name: 'no id', event: rule((e) => delete e['id']), is: false },
    { name: 'a version that is a number', event: rule((e) => (e['version'] = 0)), is: false },
    {
      name: 'resources that are not an array',
      event: rule((e) => (e['resources'] = 'arn:aws:events')),
      is: false,
    },
    {
      name: 'resources that are not strings',
      event: rule((e) => (e['resources'] = [1])),
      is: false,
    },
    {
      name: 'a CloudWatch Logs event',
      event: loadEvent('cloudwatch', 'control-message'),
      is: false,
    },
    { name: 'a PingSource CloudEvent', event: loadEvent('cloudevents', 'ping.binary'), is: false },
    { name: 'null', event: null, is: false },
    { name: 'an array of schedules', event: [rule()], is: false },
  ];
  for (const row of rows) {
    it(`${row.is ? 'takes' : 'refuses'} ${row.name}`, () =>
      assert.equal(isScheduledEvent(row.event), row.is));
  }
});
