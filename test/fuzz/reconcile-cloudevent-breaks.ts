/**
 * Edits of a CloudEvent, each of which leaves an HTTP message the reconcile
 * function must refuse: attribute breaks (a required attribute dropped,
 * empty or mistyped, specversion other than 1.0, an unknown type, a bad
 * extension name, no ce-id, a batch, a structured body that is no event)
 * and data breaks for ApiServerSource events (a naming field dropped or
 * retyped, an unwatched kind or version, a name that addresses another
 * path, data or metadata that is no object, a body that is no JSON object).
 */
import { isRecord, type Json, type JsonMutator } from './json-mutations.js';
import {
  BINARY_TYPES,
  STRUCTURED_TYPES,
  type CloudEventCodec,
  type Event,
  type Mode,
} from './reconcile-cloudevent-codec.js';
import { POISON } from './reconcile-records.js';

const REQUIRED = ['specversion', 'id', 'source', 'type'];
const UNWATCHED = ['Service', 'Deployment', '__proto__', 'constructor', 'pod', 'Pod ', ''];

export type Break = [
  string,
  (e: Event, mode: Mode) => { headers: Record<string, string>; body: string },
];

export function cloudEventBreaks(m: JsonMutator, codec: CloudEventCodec) {
  const { binary, structured, send, isRefMode, named } = codec;
  const attributeBreaks: Break[] = [
    [
      'a required attribute missing',
      (e, mode) => (delete e.attrs[m.pick(REQUIRED)], send(e, mode)),
    ],
    [
      'specversion not 1.0',
      (e, mode) => (
        (e.attrs['specversion'] = m.pick([
          '0.3',
          '2.0',
          '',
          '1',
          ...(mode === 'structured' ? [1, null] : []),
        ])),
        send(e, mode)
      ),
    ],
    [
      'an unknown type',
      (e, mode) => (
        (e.attrs['type'] = m.pick([
          'com.example.object.created',
          'dev.knative.apiserver.resource.patch',
          'dev.knative.sources.ping2',
          'DEV.KNATIVE.SOURCES.PING',
          '',
          ...(mode === 'structured' ? [7, ['dev.knative.sources.ping']] : []),
        ])),
        send(e, mode)
      ),
    ],
    [
      'an empty id or source',
      (e, mode) => ((e.attrs[m.pick(['id', 'source'])] = ''), send(e, mode)),
    ],
    [
      'id or source not a string',
      (e) => (
        (e.attrs[m.pick(['id', 'source'])] = m.pick([0, 5, null, [], { id: 1 }])),
        structured(e)
      ),
    ],
    [
      'an extension name outside [a-z0-9]',
      (e, mode) => (
        (e.attrs[m.pick(['bad_ext', 'ext-name', mode === 'structured' ? 'BadExt' : 'ext.name'])] =
          'x'),
        send(e, mode)
      ),
    ],
    [
      'subject or datacontenttype not a string',
      (e) => (
        (e.attrs[m.pick(['subject', 'datacontenttype'])] = m.pick([5, [], {}])),
        structured(e)
      ),
    ],
    [
      'no ce-id and no structured type',
      (e) => {
        const b = binary(e, m.pick(BINARY_TYPES));
        delete b.headers['ce-id'];
        return b;
      },
    ],
    [
      'a batch',
      (e) => ({
        headers: {
          'content-type': m.pick([
            'application/cloudevents-batch+json',
            'application/cloudevents-batch+json; charset=utf-8',
          ]),
        },
        body: m.pick([
          JSON.stringify([structured(e).body].map((b) => JSON.parse(b) as Json)),
          '{}',
          '[',
          '[]',
        ]),
      }),
    ],
    [
      'a structured body that is no JSON object',
      (e) => ({
        headers: { 'content-type': m.pick(STRUCTURED_TYPES) },
        body: m.pick([m.truncate(structured(e).body), 'null', '[]', '"event"', '', '{', '1']),
      }),
    ],
    [
      'an event format other than JSON',
      (e) => ({
        headers: {
          'content-type': m.pick([
            'application/cloudevents+xml',
            'application/cloudevents',
            'application/cloudevents+protobuf',
          ]),
        },
        body: structured(e).body,
      }),
    ],
  ];
  const dataBreaks: Break[] = [
    [
      'a name field missing',
      (e, mode) => {
        const n = named(e);
        delete n[m.pick(['name', ...(isRefMode(e) ? ['kind', 'apiVersion'] : [])])];
        return send(e, mode);
      },
    ],
    [
      'a name field retyped',
      (e, mode) => {
        named(e)[m.pick(['name', 'namespace'])] = m.pick([
          7,
          null,
          [POISON],
          { name: POISON },
          true,
        ]);
        return send(e, mode);
      },
    ],
    [
      'an unwatched kind',
      (e, mode) => {
        if (isRecord(e.data)) e.data['kind'] = m.pick(UNWATCHED);
        return send(e, mode);
      },
    ],
    [
      'a kind of another version',
      (e, mode) => {
        if (isRecord(e.data))
          e.data['apiVersion'] = m.pick(['v2', 'apps/v1', 'apps.kruise.io/v9', 7]);
        return send(e, mode);
      },
    ],
    [
      'a name that addresses another path',
      (e, mode) => {
        named(e)['name'] = m.pick(['..', '.', `${POISON}/status`, `${POISON}%2F`]);
        return send(e, mode);
      },
    ],
    [
      'data that is no object',
      (e, mode) => ((e.data = m.pick([[e.data ?? null], null, 7, POISON, ''])), send(e, mode)),
    ],
    [
      'metadata that is no object',
      (e, mode) => {
        if (!isRefMode(e) && isRecord(e.data))
          e.data['metadata'] = m.pick([[e.data['metadata'] ?? null], POISON, null]);
        else if (isRecord(e.data)) delete e.data['name'];
        return send(e, mode);
      },
    ],
    [
      'a binary body that is no JSON object',
      (e) => ({
        ...binary(e, 'application/json'),
        body: m.pick([
          '{',
          POISON,
          `"${POISON}"`,
          '[1]',
          'null',
          m.truncate(JSON.stringify(e.data)),
        ]),
      }),
    ],
  ];

  return { attributeBreaks, dataBreaks };
}
