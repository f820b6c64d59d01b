/**
 * Audit events (audit.k8s.io/v1) as the kube-apiserver's audit webhook sends
 * them (an EventList per batch) and as EKS writes them to CloudWatch Logs
 * (one Event per log line): each names an object (`objectRef`) that a write
 * changed. Metadata level carries no object, by design: the reconcile reads
 * the cluster. Only completed, successful writes name a change; anything else
 * is skipped with its reason. A record that is not an audit event is skipped
 * too, so one bad record never holds up its batch.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { ObjectRef } from '../controller.js';
import { unaddressable } from '../../../shared/kube/path-segment.js';

export const AuditObjectRef = Type.Object({
  resource: Type.Optional(Type.String()),
  namespace: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  uid: Type.Optional(Type.String()),
  apiGroup: Type.Optional(Type.String()),
  apiVersion: Type.Optional(Type.String()),
  resourceVersion: Type.Optional(Type.String()),
  subresource: Type.Optional(Type.String()),
});

export const AuditEvent = Type.Object({
  kind: Type.Optional(Type.Literal('Event')),
  apiVersion: Type.Optional(Type.Literal('audit.k8s.io/v1')),
  level: Type.String(),
  auditID: Type.String(),
  stage: Type.String(),
  requestURI: Type.String(),
  verb: Type.String(),
  user: Type.Object({ username: Type.Optional(Type.String()) }),
  objectRef: Type.Optional(AuditObjectRef),
  responseStatus: Type.Optional(Type.Object({ code: Type.Optional(Type.Integer()) })),
});
export type AuditEvent = Static<typeof AuditEvent>;

export const AuditEventList = Type.Object({
  kind: Type.Literal('EventList'),
  apiVersion: Type.Literal('audit.k8s.io/v1'),
  items: Type.Array(Type.Unknown()),
});

const OBJECT_REF_PATHS = { name: 'objectRef.name', namespace: 'objectRef.namespace' };

const WRITES = new Set(['create', 'update', 'patch', 'delete']);

export type RecordResult =
  | { readonly ref: ObjectRef }
  /** `malformed`: the record is not an audit event at all (a warning, not routine). */
  | { readonly skip: string; readonly auditID?: string; readonly malformed?: true };

/** The object one audit record names, or why it names none. */
export function refOfAuditRecord(record: unknown): RecordResult {
  if (!Value.Check(AuditEvent, record)) {
    const first = [...Value.Errors(AuditEvent, record)][0];
    return {
      skip: `not an audit event: ${first?.path || '/'}: ${first?.message ?? 'invalid'}`,
      malformed: true,
    };
  }
  const { auditID } = record;
  if (record.stage !== 'ResponseComplete') return { skip: `stage ${record.stage}`, auditID };
  if (!WRITES.has(record.verb)) return { skip: `verb ${record.verb}`, auditID };
  const code = record.responseStatus?.code ?? 0;
  if (code < 200 || code > 299) return { skip: `response code ${code}`, auditID };
  const o = record.objectRef;
  if (o?.resource === undefined) return { skip: 'no objectRef.resource', auditID };
  // A create with generateName names no object; the object's next write does.
  if (!o.name) return { skip: 'no objectRef.name', auditID };
  const bad = unaddressable(OBJECT_REF_PATHS, o.name, o.namespace);
  if (bad !== undefined) return { skip: bad, auditID, malformed: true };
  return {
    ref: {
      group: o.apiGroup ?? '',
      ...(o.apiVersion !== undefined && { version: o.apiVersion }),
      resource: o.resource,
      ...(o.subresource !== undefined && { subresource: o.subresource }),
      ...(o.namespace !== undefined && { namespace: o.namespace }),
      name: o.name,
      verb: record.verb as NonNullable<ObjectRef['verb']>,
    },
  };
}

/** The EventList envelope's items; undefined (with why) when it is not one. */
export function auditItems(body: unknown): { items: unknown[] } | { error: string } {
  if (Value.Check(AuditEventList, body)) return { items: body.items };
  const first = [...Value.Errors(AuditEventList, body)][0];
  return {
    error: `not an audit.k8s.io/v1 EventList: ${first?.path || '/'}: ${first?.message ?? 'invalid'}`,
  };
}
