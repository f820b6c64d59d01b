/**
 * CloudEvents a Knative reconcile service receives, in binary or structured
 * HTTP content mode, read with the cloudevents SDK: ApiServerSource events in
 * Resource mode (`dev.knative.apiserver.resource.add|update|delete`, data the
 * object) or Reference mode (`dev.knative.apiserver.ref.*`, data
 * `{apiVersion, kind, name, namespace}`), and a PingSource tick
 * (`dev.knative.sources.ping`) that asks for a resync. Anything else is a
 * precise BadRequestError: an event we cannot name an object from is never
 * acted on.
 */
import { CloudEvent, HTTP, type CloudEventV1 } from 'cloudevents';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { BadRequestError } from '../../../shared/errors.js';
import { isJsonObject } from '../../../shared/json.js';
import type { KubeObject } from '../../../shared/kube/resource.js';
import type { ObjectRef } from '../controller.js';
import { checkCloudEventMessage, mediaTypeOf } from './cloudevent-message.js';
import { resourceOfKind } from './kinds.js';
import { unaddressable } from '../../../shared/kube/path-segment.js';

export const PING_EVENT_TYPE = 'dev.knative.sources.ping';
const APISERVER = /^dev\.knative\.apiserver\.(resource|ref)\.(add|update|delete)$/;
const VERBS = { add: 'create', update: 'update', delete: 'delete' } as const;

/** Reference mode's data: corev1.ObjectReference as the adapter fills it. */
export const ApiServerRef = Type.Object({
  apiVersion: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  namespace: Type.Optional(Type.String()),
});

/** Resource mode's data: the object itself (only what names it is checked). */
export const ApiServerObject = Type.Object({
  apiVersion: Type.String(),
  kind: Type.String(),
  metadata: Type.Object({ name: Type.String(), namespace: Type.Optional(Type.String()) }),
});

export type CloudEventIntake =
  | { readonly kind: 'refs'; readonly refs: readonly ObjectRef[]; readonly type: string }
  | { readonly kind: 'resync'; readonly type: string };

/**
 * The CloudEvent of an HTTP request; BadRequestError when it carries none, or
 * an invalid one (cloudevent-message.ts checks what the SDK does not).
 */
export function readCloudEvent(headers: Record<string, string>, body: string): CloudEvent<unknown> {
  const lower = structuredMediaType(headers);
  checkCloudEventMessage(lower, body);
  let read: CloudEventV1<unknown> | CloudEventV1<unknown>[];
  try {
    read = HTTP.toEvent<unknown>({ headers: lower, body });
  } catch (err) {
    throw new BadRequestError(
      `not a CloudEvent: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (Array.isArray(read)) throw new BadRequestError('a batch of CloudEvents is not accepted');
  // The SDK reads leniently; a strict construction checks every required attribute.
  try {
    return new CloudEvent<unknown>(read, true);
  } catch (err) {
    const [first] = ((err as { errors?: unknown }).errors ?? []) as {
      instancePath?: string;
      message?: string;
    }[];
    // The SDK's own errors are TypeErrors whose message goes on to quote the spec.
    const why =
      first === undefined
        ? (err instanceof Error ? err.message : String(err)).split('\n')[0]
        : `${first.instancePath ?? ''} ${first.message ?? ''}`.trim();
    throw new BadRequestError(`invalid CloudEvent: ${why}`);
  }
}

/**
 * The SDK looks a structured event's parser up by the whole Content-Type, so
 * `application/cloudevents+json; charset=UTF-8` (what Knative's dispatcher and
 * most HTTP clients send) would not be found; the media type alone is what
 * selects the format (RFC 9110 §8.3.1: case-insensitive, parameters aside).
 */
function structuredMediaType(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    const media = mediaTypeOf(value);
    out[lower] =
      lower === 'content-type' && media.startsWith('application/cloudevents') ? media : value;
  }
  return out;
}

const REF_PATHS = { name: 'data/name', namespace: 'data/namespace' };
const OBJECT_PATHS = { name: 'data/metadata/name', namespace: 'data/metadata/namespace' };

function refOf(
  apiVersion: string,
  kind: string,
  name: string,
  namespace: string | undefined,
  paths: typeof REF_PATHS,
) {
  const resource = resourceOfKind(apiVersion, kind);
  if (resource === undefined)
    throw new BadRequestError(`no controller watches ${kind} (${apiVersion})`);
  const bad = unaddressable(paths, name, namespace);
  if (bad !== undefined) throw new BadRequestError(bad);
  return { ...resource, name, ...(namespace !== undefined && namespace !== '' && { namespace }) };
}

const firstError = (schema: typeof ApiServerRef | typeof ApiServerObject, data: unknown) => {
  const e = [...Value.Errors(schema, data)][0];
  return `data${e?.path ?? ''}: ${e?.message ?? 'invalid'}`;
};

/** What a CloudEvent asks for: the objects it names, or a resync. */
export function cloudEventIntake(event: CloudEvent<unknown>): CloudEventIntake {
  if (event.type === PING_EVENT_TYPE) return { kind: 'resync', type: event.type };
  const m = APISERVER.exec(event.type);
  if (m === null)
    throw new BadRequestError(`unknown CloudEvent type ${JSON.stringify(event.type)}`);
  const [, mode, action] = m as unknown as [string, 'resource' | 'ref', keyof typeof VERBS];
  const data: unknown = typeof event.data === 'string' ? safeJson(event.data) : event.data;
  const verb = VERBS[action];
  if (mode === 'ref') {
    if (!Value.Check(ApiServerRef, data)) throw new BadRequestError(firstError(ApiServerRef, data));
    return {
      kind: 'refs',
      type: event.type,
      refs: [{ ...refOf(data.apiVersion, data.kind, data.name, data.namespace, REF_PATHS), verb }],
    };
  }
  if (!Value.Check(ApiServerObject, data))
    throw new BadRequestError(firstError(ApiServerObject, data));
  const { name, namespace } = data.metadata;
  const object = data as KubeObject;
  return {
    kind: 'refs',
    type: event.type,
    refs: [{ ...refOf(data.apiVersion, data.kind, name, namespace, OBJECT_PATHS), verb, object }],
  };
}

function safeJson(text: string): unknown {
  try {
    const parsed: unknown = JSON.parse(text);
    return isJsonObject(parsed) ? parsed : text;
  } catch {
    return text;
  }
}
