/**
 * Kubernetes Events as a plan's action and how the shell writes them, as
 * client-go's EventRecorder does for OpenKruise's controllers: a core/v1
 * Event named `<object>.<hex nanoseconds>` in the object's namespace
 * (`default` for a cluster-scoped one), count 1, first = last timestamp.
 * An Event that cannot be written is logged and dropped: an event is a hint
 * for people, never state, and a failed one must not fail the reconcile.
 */
import type { Event, ObjectReference } from '../../shared/api/core/core-v1.js';
import type { KubeClient } from '../../shared/kube/client.js';
import { resource, type KubeObject } from '../../shared/kube/resource.js';
import type { Logger } from '../../shared/log/index.js';

export const events = resource<Event>({
  apiVersion: 'v1',
  kind: 'Event',
  plural: 'events',
  namespaced: true,
});

export interface RecordEvent {
  readonly type: 'event';
  readonly involved: ObjectReference;
  readonly eventType: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

/** The reference Events name their object by. */
export function involvedObject(
  kind: string,
  apiVersion: string,
  object: KubeObject,
): ObjectReference {
  const m = object.metadata;
  return {
    kind,
    apiVersion,
    name: m?.name ?? '',
    ...(m?.namespace !== undefined && { namespace: m.namespace }),
    ...(m?.uid !== undefined && { uid: m.uid }),
    ...(m?.resourceVersion !== undefined && { resourceVersion: m.resourceVersion }),
  };
}

export const recordEvent = (
  involved: ObjectReference,
  eventType: RecordEvent['eventType'],
  reason: string,
  message: string,
): RecordEvent => ({ type: 'event', involved, eventType, reason, message });

/** The Event object for `action` at `now`, reported by `component`. */
export function eventObject(action: RecordEvent, component: string, now: Date): Event {
  const time = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const nanos = BigInt(now.getTime()) * 1_000_000n;
  const namespace = action.involved.namespace || 'default';
  return {
    metadata: { name: `${action.involved.name}.${nanos.toString(16)}`, namespace },
    involvedObject: action.involved,
    reason: action.reason,
    message: action.message,
    type: action.eventType,
    source: { component },
    firstTimestamp: time,
    lastTimestamp: time,
    count: 1,
    reportingComponent: component,
  };
}

export async function writeEvent(
  client: KubeClient,
  action: RecordEvent,
  component: string,
  now: Date,
  log: Logger,
): Promise<void> {
  try {
    await client.create(events, eventObject(action, component, now));
  } catch (err) {
    log.error({ err, reason: action.reason }, 'Could not write event');
  }
}
