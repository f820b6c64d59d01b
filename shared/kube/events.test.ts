import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventName, eventObject, recordEvent } from './events.js';

const pod = { kind: 'Pod', apiVersion: 'v1', name: 'web-0', namespace: 'ns', uid: 'u-1' };
const event = recordEvent(pod, 'Normal', 'SidecarTerminator', 'trying to terminate [proxy]');

describe('event names', () => {
  it('is `<object>.<16 hex digits>`, the same for the same event', () => {
    assert.match(eventName(event, 'c'), /^web-0\.[0-9a-f]{16}$/);
    assert.equal(eventName(event, 'c'), eventName({ ...event }, 'c'));
  });
  // client-go's event key: each of these makes another Event.
  const others = [
    { what: 'component', name: eventName(event, 'other') },
    { what: 'message', name: eventName({ ...event, message: 'x' }, 'c') },
    { what: 'reason', name: eventName({ ...event, reason: 'x' }, 'c') },
    { what: 'type', name: eventName({ ...event, eventType: 'Warning' }, 'c') },
    { what: 'uid', name: eventName({ ...event, involved: { ...pod, uid: 'u-2' } }, 'c') },
    {
      what: 'fieldPath',
      name: eventName({ ...event, involved: { ...pod, fieldPath: 'spec' } }, 'c'),
    },
  ];
  for (const { what, name } of others)
    it(`differs when the ${what} does`, () => assert.notEqual(name, eventName(event, 'c')));
  it('does not depend on the object’s resourceVersion (client-go leaves it out too)', () =>
    assert.equal(
      eventName({ ...event, involved: { ...pod, resourceVersion: '9' } }, 'c'),
      eventName(event, 'c'),
    ));
});

describe('event objects', () => {
  it('are written as client-go writes a first occurrence', () => {
    const now = new Date('2026-12-01T10:00:00.123Z');
    assert.deepStrictEqual(eventObject(event, 'sidecarterminator-controller', now), {
      metadata: { name: eventName(event, 'sidecarterminator-controller'), namespace: 'ns' },
      involvedObject: pod,
      reason: 'SidecarTerminator',
      message: 'trying to terminate [proxy]',
      type: 'Normal',
      source: { component: 'sidecarterminator-controller' },
      firstTimestamp: '2026-12-01T10:00:00Z',
      lastTimestamp: '2026-12-01T10:00:00Z',
      count: 1,
      reportingComponent: 'sidecarterminator-controller',
    });
  });
  it('of a cluster-scoped object go to default', () => {
    const node = recordEvent({ kind: 'Node', apiVersion: 'v1', name: 'n1' }, 'Normal', 'R', 'm');
    assert.equal(eventObject(node, 'c', new Date()).metadata?.namespace, 'default');
  });
  it("of a node's daemon name its host, which is part of the event's key", () => {
    const o = eventObject(event, 'kruise-daemon-crr', new Date(), 'node-a');
    assert.deepStrictEqual(o.source, { component: 'kruise-daemon-crr', host: 'node-a' });
    assert.notEqual(
      o.metadata?.name,
      eventObject(event, 'kruise-daemon-crr', new Date(), 'node-b').metadata?.name,
    );
  });
});
