/**
 * Every sample event under events/ is valid for the schema of the route that
 * takes it, and names exactly the objects listed here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { eventNames, loadEvent } from '../../../events/load.js';
import { AuditEvent, AuditEventList } from './audit.js';
import { auditBatch } from './batch.js';
import { cloudEventIntake, readCloudEvent } from './cloudevents.js';
import {
  CloudWatchLogsData,
  cloudWatchBatch,
  decodeCloudWatchLogs,
  isCloudWatchLogsEvent,
} from './cloudwatch.js';
import { isScheduledEvent } from './schedule.js';

const named = (
  refs: readonly {
    resource: string;
    namespace?: string;
    name: string;
    verb?: string;
    subresource?: string;
  }[],
) =>
  refs.map(
    (r) =>
      `${r.verb ?? ''} ${r.resource}${r.subresource ? `/${r.subresource}` : ''} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`,
  );

describe('sample events', () => {
  it('audit: every EventList and each of its items fits the schema', () => {
    for (const name of eventNames('audit')) {
      const list = loadEvent('audit', name);
      assert.ok(Value.Check(AuditEventList, list), name);
      for (const item of (list as { items: unknown[] }).items)
        assert.ok(Value.Check(AuditEvent, item), name);
    }
  });

  it('audit: the recorded batches name the writes they record', () => {
    const batch = (name: string) => {
      const b = auditBatch(loadEvent('audit', name));
      assert.ok(!('error' in b) && b.kind === 'refs');
      return { named: named(b.refs), skipped: b.skipped };
    };
    assert.deepStrictEqual(batch('pod-create-and-status'), {
      named: ['create pods web/web-0', 'update pods/status web/web-0'],
      skipped: [{ at: 'items.2', reason: 'no objectRef.name' }],
    });
    assert.deepStrictEqual(batch('sidecarset-and-barrier'), {
      named: [
        'create sidecarsets log-agent',
        'create configmaps web/web-0-barrier',
        'patch configmaps web/web-0-barrier',
      ],
      skipped: [],
    });
    assert.deepStrictEqual(batch('node-and-deletes'), {
      named: ['create nodes node-1', 'delete pods web/web-0', 'delete sidecarsets log-agent'],
      skipped: [],
    });
  });

  it('cloudevents: every sample reads as a valid CloudEvent and names what it says', () => {
    const got = Object.fromEntries(
      eventNames('cloudevents').map((name) => {
        const { headers, body } = loadEvent<{ headers: Record<string, string>; body: unknown }>(
          'cloudevents',
          name,
        );
        const intake = cloudEventIntake(readCloudEvent(headers, JSON.stringify(body)));
        return [name, intake.kind === 'resync' ? 'resync' : named(intake.refs)];
      }),
    );
    assert.deepStrictEqual(got, {
      'ping.binary': 'resync',
      'ref-add-configmap.structured': ['create configmaps web/web-0-barrier'],
      'ref-update-sidecarset.binary': ['update sidecarsets log-agent'],
      'resource-add-pod.binary': ['create pods web/web-0'],
      'resource-delete-pod.binary': ['delete pods web/web-0'],
      'resource-update-pod.structured': ['update pods web/web-0'],
    });
  });

  it('cloudwatch: every sample decodes to a subscription message; a bad record is skipped, the rest kept', () => {
    const got = Object.fromEntries(
      eventNames('cloudwatch').map((name) => {
        const event = loadEvent('cloudwatch', name);
        assert.ok(isCloudWatchLogsEvent(event), name);
        const data = decodeCloudWatchLogs(event);
        assert.ok(Value.Check(CloudWatchLogsData, data), name);
        const batch = cloudWatchBatch(data);
        return [
          name,
          batch.kind === 'refs'
            ? { named: named(batch.refs).length, skipped: batch.skipped }
            : batch,
        ];
      }),
    );
    assert.deepStrictEqual(got, {
      'audit-data-message': {
        named: 5,
        skipped: [{ at: 'awslogs.data.logEvents.2.message', reason: 'no objectRef.name' }],
      },
      'audit-with-bad-record': {
        named: 5,
        skipped: [
          { at: 'awslogs.data.logEvents.2.message', reason: 'not JSON', malformed: true },
          { at: 'awslogs.data.logEvents.3.message', reason: 'no objectRef.name' },
        ],
      },
      'control-message': {
        named: 0,
        skipped: [{ at: 'awslogs.data', reason: 'messageType CONTROL_MESSAGE' }],
      },
    });
  });

  it('schedule: both EventBridge shapes are scheduled events', () => {
    for (const name of eventNames('schedule'))
      assert.ok(isScheduledEvent(loadEvent('schedule', name)), name);
  });
});
