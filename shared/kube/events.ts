/**
 * Kubernetes Events as a plan's action and how the shell writes them, as
 * client-go's EventRecorder does for OpenKruise's controllers: a core/v1
 * Event in the object's namespace (`default` for a cluster-scoped one),
 * count 1, first = last timestamp; the same event again (same source,
 * object, type, reason and message: client-go's event key) raises the count
 * and the last timestamp of the one Event instead of adding another.
 *
 * client-go finds the earlier Event in its process's cache; an invocation
 * has none, so the name says it: `<object>.<16 hex digits of the key's
 * SHA-256>` (client-go's names are `<object>.<hex nanoseconds>`, the same
 * shape). A create that finds the name taken reads that Event and raises
 * its count over its resourceVersion. client-go's aggregation of similar
 * events with different messages (10 within 10 minutes) is not done.
 *
 * An Event that cannot be written is logged and dropped: an event is a hint
 * for people, never state, and a failed one must not fail the reconcile.
 */
import { createHash } from 'node:crypto';
import type { Event, ObjectReference } from '../api/core/core-v1.js';
import { AlreadyExistsError, isConflict, isNotFound } from './api-error.js';
import type { KubeClient } from './client.js';
import { resource, type KubeObject } from './resource.js';
import type { Logger } from '../log/index.js';

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

/** The name of `action`'s Event: the same for the same event (client-go's getEventKey fields). */
export function eventName(action: RecordEvent, component: string, host?: string): string {
  const o = action.involved;
  const key = [
    component,
    ...(host === undefined ? [] : [host]),
    o.kind,
    o.namespace,
    o.name,
    o.fieldPath,
    o.uid,
    o.apiVersion,
    action.eventType,
    action.reason,
    action.message,
  ].map((f) => f ?? '');
  const digest = createHash('sha256').update(JSON.stringify(key)).digest('hex');
  return `${o.name}.${digest.slice(0, 16)}`;
}

const metaTime = (now: Date) => now.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The Event object for `action` at `now`, reported by `component` (on node `host`, for a node's daemon). */
export function eventObject(
  action: RecordEvent,
  component: string,
  now: Date,
  host?: string,
): Event {
  const time = metaTime(now);
  const namespace = action.involved.namespace || 'default';
  return {
    metadata: { name: eventName(action, component, host), namespace },
    involvedObject: action.involved,
    reason: action.reason,
    message: action.message,
    type: action.eventType,
    source: { component, ...(host !== undefined && { host }) },
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
  host?: string,
): Promise<void> {
  const event = eventObject(action, component, now, host);
  try {
    await createOrCount(client, event, now);
  } catch (err) {
    log.error({ err, reason: action.reason }, 'Could not write event');
  }
}

/** Creates `event`, or raises the count of the Event of its name; a lost race is tried again. */
async function createOrCount(client: KubeClient, event: Event, now: Date): Promise<void> {
  const key = { namespace: event.metadata?.namespace ?? '', name: event.metadata?.name ?? '' };
  for (let attempt = 1; ; attempt++) {
    try {
      await client.create(events, event);
      return;
    } catch (err) {
      if (!(err instanceof AlreadyExistsError)) throw err;
    }
    try {
      const seen = await client.get(events, key);
      await client.patch(
        events,
        key,
        { type: 'merge', body: { count: (seen.count ?? 1) + 1, lastTimestamp: metaTime(now) } },
        { resourceVersion: seen.metadata?.resourceVersion ?? '' },
      );
      return;
    } catch (err) {
      // Gone (its TTL) or written by another invocation in between: start over.
      if (!(isNotFound(err) || isConflict(err)) || attempt === 5) throw err;
    }
  }
}
