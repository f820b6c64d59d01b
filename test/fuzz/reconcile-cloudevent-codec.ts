/**
 * The CloudEvents of the reconcile intake fuzz test as data (attributes and
 * data, from the samples under events/cloudevents, whichever mode each was
 * recorded in) and their HTTP encodings in binary and structured content
 * mode; `poison` renames the object an event names to a poisoned one.
 */
import { eventNames, loadEvent } from '../../events/load.js';
import { isRecord, type Json, type JsonMutator, type JsonRecord } from './json-mutations.js';
import { POISON, POISONED_NAMESPACE } from './reconcile-records.js';

export type Mode = 'binary' | 'structured';

export interface Event {
  attrs: JsonRecord;
  data: Json | undefined;
}

export const SAMPLES: readonly Event[] = eventNames('cloudevents').map((name) => {
  const { headers, body } = loadEvent<{ headers: Record<string, string>; body: JsonRecord }>(
    'cloudevents',
    name,
  );
  if (name.endsWith('.structured')) {
    const { data, ...attrs } = body;
    return { attrs, data };
  }
  const attrs = Object.fromEntries(
    Object.entries(headers)
      .filter(([k]) => k.startsWith('ce-'))
      .map(([k, v]) => [k.slice(3), v]),
  );
  return { attrs, data: body };
});

export const BINARY_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  '',
];
export const STRUCTURED_TYPES = [
  'application/cloudevents+json',
  'application/cloudevents+json; charset=UTF-8',
  'Application/CloudEvents+JSON',
];

/** A header value the Fetch API accepts (no control characters, nothing past U+00FF). */
const headerValue = (v: Json): string =>
  (typeof v === 'string' ? v : JSON.stringify(v)).replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');

export function cloudEventCodec(m: JsonMutator) {
  const binary = (e: Event, contentType = m.pick(BINARY_TYPES)) => {
    const headers: Record<string, string> = Object.fromEntries(
      Object.entries(e.attrs).map(([k, v]) => [`ce-${k}`, headerValue(v)]),
    );
    if (contentType !== '') headers['content-type'] = contentType;
    const body =
      e.data === undefined ? '' : typeof e.data === 'string' ? e.data : JSON.stringify(e.data);
    return { headers, body };
  };
  const structured = (e: Event, contentType = m.pick(STRUCTURED_TYPES)) => ({
    headers: { 'content-type': contentType },
    body: JSON.stringify({ ...e.attrs, ...(e.data !== undefined && { data: e.data }) }),
  });
  const send = (e: Event, mode: Mode) => (mode === 'binary' ? binary(e) : structured(e));

  const isApiServer = (e: Event) => String(e.attrs['type']).startsWith('dev.knative.apiserver.');
  const isRefMode = (e: Event) => String(e.attrs['type']).startsWith('dev.knative.apiserver.ref.');
  /** The object the event's data names: its ref (Reference mode) or metadata (Resource mode). */
  const named = (e: Event): JsonRecord => {
    if (!isRecord(e.data)) return {};
    if (isRefMode(e)) return e.data;
    const meta = e.data['metadata'];
    return isRecord(meta) ? meta : {};
  };
  let serial = 0;
  const poison = (e: Event): Event => {
    const n = named(e);
    if (n['name'] === undefined) return e;
    n['name'] = `${POISON}-${serial++}`;
    n['namespace'] = POISONED_NAMESPACE;
    return e;
  };

  return { binary, structured, send, isApiServer, isRefMode, named, poison };
}

export type CloudEventCodec = ReturnType<typeof cloudEventCodec>;
