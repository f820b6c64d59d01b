/**
 * The scheduled resync on Lambda: an EventBridge rule's `Scheduled Event`
 * (`source: aws.events`) or an EventBridge Scheduler invocation carrying the
 * same shape (`source: aws.scheduler`). On Knative the PingSource CloudEvent
 * asks for the same resync.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

export const ScheduledEvent = Type.Object({
  version: Type.String(),
  id: Type.String(),
  'detail-type': Type.Literal('Scheduled Event'),
  source: Type.Union([Type.Literal('aws.events'), Type.Literal('aws.scheduler')]),
  account: Type.String(),
  time: Type.String(),
  region: Type.String(),
  resources: Type.Array(Type.String()),
  detail: Type.Unknown(),
});
export type ScheduledEvent = Static<typeof ScheduledEvent>;

export const isScheduledEvent = (event: unknown): event is ScheduledEvent =>
  Value.Check(ScheduledEvent, event);
