/**
 * CloudEvents intake: a message is read in binary or structured mode (the
 * same event either way), a batch is refused, a message missing a required
 * attribute is refused even where the SDK would fill one in, and an event
 * of a type we do not take, or whose data names no watched object, is a
 * BadRequestError with a precise message.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadEvent } from '../../../events/load.js';
import { BadRequestError } from '../../../shared/errors.js';
import { cloudEventIntake, readCloudEvent, type CloudEventIntake } from './cloudevents.js';
import { jsonError } from '../test-support.js';

type Fields = Record<string, unknown>;
interface Sample {
  headers: Record<string, string>;
  body: Fields;
}
const sample = (name: string): Sample => loadEvent<Sample>('cloudevents', name);

/** What the intake makes of a message: its refs or resync, or the BadRequestError's message. */
function intake(headers: Record<string, string>, body: string): CloudEventIntake | string {
  try {
    return cloudEventIntake(readCloudEvent(headers, body));
  } catch (err) {
    if (err instanceof BadRequestError) return err.message;
    throw err;
  }
}

/** The binary sample `name` with its headers and body edited. */
function binary(
  name: string,
  edit: { headers?: (h: Record<string, string>) => void; body?: string } = {},
): [Record<string, string>, string] {
  const s = sample(name);
  edit.headers?.(s.headers);
  return [s.headers, edit.body ?? JSON.stringify(s.body)];
}

/** The structured sample `name` with its event edited. */
function structured(
  name: string,
  edit: (event: Fields) => void = () => undefined,
  contentType?: string,
): [Record<string, string>, string] {
  const s = sample(name);
  edit(s.body);
  return [
    { 'content-type': contentType ?? s.headers['content-type'] ?? '' },
    JSON.stringify(s.body),
  ];
}

const pod = sample('resource-add-pod.binary').body;
const podRef = (verb: 'create' | 'update' | 'delete') => ({
  group: '',
  version: 'v1',
  resource: 'pods',
  name: 'web-0',
  namespace: 'web',
  verb,
  object: pod,
});

describe('readCloudEvent and cloudEventIntake', () => {
  const rows: {
    name: string;
    message: [Record<string, string>, string];
    want: CloudEventIntake | string;
  }[] = [
    // Binary content mode.
    {
      name: 'binary: a Resource-mode add names the pod it carries',
      message: binary('resource-add-pod.binary'),
      want: { kind: 'refs', type: 'dev.knative.apiserver.resource.add', refs: [podRef('create')] },
    },
    {
      name: 'binary: a PingSource tick asks for a resync',
      message: binary('ping.binary'),
      want: { kind: 'resync', type: 'dev.knative.sources.ping' },
    },
    {
      name: 'binary: header names in any case',
      message: binary('ping.binary', {
        headers: (h) => {
          h['CE-SpecVersion'] = h['ce-specversion'] ?? '';
          delete h['ce-specversion'];
        },
      }),
      want: { kind: 'resync', type: 'dev.knative.sources.ping' },
    },
    {
      name: 'binary: data sent as text/plain is still read as JSON',
      message: binary('ref-update-sidecarset.binary', {
        headers: (h) => (h['content-type'] = 'text/plain'),
      }),
      want: {
        kind: 'refs',
        type: 'dev.knative.apiserver.ref.update',
        refs: [
          {
            group: 'apps.kruise.io',
            version: 'v1alpha1',
            resource: 'sidecarsets',
            name: 'log-agent',
            verb: 'update',
          },
        ],
      },
    },
    {
      name: 'binary: no ce-specversion',
      message: binary('resource-add-pod.binary', { headers: (h) => delete h['ce-specversion'] }),
      want: "invalid CloudEvent: must have required property 'specversion'",
    },
    {
      name: 'binary: specversion 0.3',
      message: binary('resource-add-pod.binary', { headers: (h) => (h['ce-specversion'] = '0.3') }),
      want: 'invalid CloudEvent: specversion "0.3" is not one of 1.0',
    },
    {
      name: 'binary: no ce-source',
      message: binary('resource-add-pod.binary', { headers: (h) => delete h['ce-source'] }),
      want: "invalid CloudEvent: must have required property 'source'",
    },
    {
      name: 'binary: no ce-type',
      message: binary('resource-add-pod.binary', { headers: (h) => delete h['ce-type'] }),
      want: "invalid CloudEvent: must have required property 'type'",
    },
    {
      name: 'binary: no ce-id (no CloudEvent at all)',
      message: binary('resource-add-pod.binary', { headers: (h) => delete h['ce-id'] }),
      want: 'not a CloudEvent: no cloud event detected',
    },
    {
      name: 'binary: an empty ce-id',
      message: binary('resource-add-pod.binary', { headers: (h) => (h['ce-id'] = '') }),
      want: 'not a CloudEvent: no cloud event detected',
    },
    {
      name: 'no headers at all',
      message: [{}, '{}'],
      want: 'not a CloudEvent: no cloud event detected',
    },
    {
      name: 'binary: JSON data cut short',
      message: binary('resource-add-pod.binary', { body: '{"apiVersion":"v1","kind":"Pod",' }),
      want: `not a CloudEvent: ${jsonError('{"apiVersion":"v1","kind":"Pod",')}`,
    },
    {
      name: 'binary: no data',
      message: binary('resource-add-pod.binary', { body: '' }),
      want: 'data: Expected object',
    },
    // Structured content mode.
    {
      name: 'structured: a Resource-mode update, Content-Type with a charset',
      message: structured('resource-update-pod.structured'),
      want: {
        kind: 'refs',
        type: 'dev.knative.apiserver.resource.update',
        refs: [podRef('update')],
      },
    },
    {
      name: 'structured: the media type in any case',
      message: structured(
        'ref-add-configmap.structured',
        () => undefined,
        'Application/CloudEvents+JSON',
      ),
      want: {
        kind: 'refs',
        type: 'dev.knative.apiserver.ref.add',
        refs: [
          {
            group: '',
            version: 'v1',
            resource: 'configmaps',
            name: 'web-0-barrier',
            namespace: 'web',
            verb: 'create',
          },
        ],
      },
    },
    {
      name: 'structured: no id (the SDK would make one up)',
      message: structured('ref-add-configmap.structured', (e) => delete e['id']),
      want: "invalid CloudEvent: must have required property 'id'",
    },
    {
      name: 'structured: an empty id',
      message: structured('ref-add-configmap.structured', (e) => (e['id'] = '')),
      want: 'invalid CloudEvent: /id must NOT have fewer than 1 characters',
    },
    {
      name: 'structured: an id that is a number',
      message: structured('ref-add-configmap.structured', (e) => (e['id'] = 0)),
      want: 'invalid CloudEvent: /id must be string',
    },
    {
      name: 'structured: no specversion (the SDK would take 1.0)',
      message: structured('ref-add-configmap.structured', (e) => delete e['specversion']),
      want: "invalid CloudEvent: must have required property 'specversion'",
    },
    {
      name: 'structured: a specversion the SDK does not validate',
      message: structured('ref-add-configmap.structured', (e) => {
        e['specversion'] = '2.0';
        delete e['source'];
      }),
      want: 'invalid CloudEvent: specversion "2.0" is not one of 1.0',
    },
    {
      name: 'structured: a specversion that is a number',
      message: structured('ref-add-configmap.structured', (e) => (e['specversion'] = 1)),
      want: 'invalid CloudEvent: specversion 1 is not one of 1.0',
    },
    {
      name: 'structured: no source',
      message: structured('ref-add-configmap.structured', (e) => delete e['source']),
      want: "invalid CloudEvent: must have required property 'source'",
    },
    {
      name: 'structured: a type that is not a string',
      message: structured(
        'ref-add-configmap.structured',
        (e) => (e['type'] = ['dev.knative.apiserver.ref.add']),
      ),
      want: 'invalid CloudEvent: /type must be string',
    },
    {
      name: 'binary: an extension name outside [a-z0-9]',
      message: binary('ping.binary', { headers: (h) => (h['ce-bad_ext'] = 'x') }),
      want: 'invalid CloudEvent: invalid extension name: bad_ext',
    },
    {
      name: 'structured: an extension name outside [a-z0-9]',
      message: structured('ref-add-configmap.structured', (e) => (e['BadExt'] = 'x')),
      want: 'invalid CloudEvent: invalid extension name: BadExt',
    },
    {
      name: 'structured: data_base64 that is not a string',
      message: structured('ref-add-configmap.structured', (e) => {
        delete e['data'];
        e['data_base64'] = 5;
      }),
      want: 'invalid CloudEvent: /data_base64 must be string',
    },
    {
      name: 'structured: a body that is JSON null',
      message: [{ 'content-type': 'application/cloudevents+json' }, 'null'],
      want: 'not a CloudEvent: body is not a JSON object',
    },
    {
      name: 'structured: a body that is an array',
      message: [{ 'content-type': 'application/cloudevents+json' }, '[{}]'],
      want: 'not a CloudEvent: body is not a JSON object',
    },
    {
      name: 'structured: a body cut short',
      message: [{ 'content-type': 'application/cloudevents+json' }, '{"specversion":"1.0",'],
      want: `not a CloudEvent: body is not JSON: ${jsonError('{"specversion":"1.0",')}`,
    },
    {
      name: 'structured: an event format other than JSON',
      message: [{ 'content-type': 'application/cloudevents+xml' }, '<event/>'],
      want: 'not a CloudEvent: event format application/cloudevents+xml is not one of application/cloudevents+json',
    },
    // Batched content mode.
    {
      name: 'batch: a batch of valid events',
      message: [
        { 'content-type': 'application/cloudevents-batch+json' },
        JSON.stringify([sample('ref-add-configmap.structured').body]),
      ],
      want: 'a batch of CloudEvents is not accepted',
    },
    {
      name: 'batch: a batch that is not an array',
      message: [{ 'content-type': 'application/cloudevents-batch+json; charset=utf-8' }, '{}'],
      want: 'a batch of CloudEvents is not accepted',
    },
    {
      name: 'batch: a batch of invalid events',
      message: [{ 'content-type': 'application/cloudevents-batch+json' }, '[{"id":7}]'],
      want: 'a batch of CloudEvents is not accepted',
    },
    // Types.
    {
      name: 'a type of another source',
      message: structured(
        'ref-add-configmap.structured',
        (e) => (e['type'] = 'com.example.object.created'),
      ),
      want: 'unknown CloudEvent type "com.example.object.created"',
    },
    {
      name: 'an ApiServerSource verb it does not send',
      message: structured(
        'ref-add-configmap.structured',
        (e) => (e['type'] = 'dev.knative.apiserver.ref.patch'),
      ),
      want: 'unknown CloudEvent type "dev.knative.apiserver.ref.patch"',
    },
    {
      name: 'a type that only starts like ours',
      message: binary('ping.binary', {
        headers: (h) => (h['ce-type'] = 'dev.knative.sources.ping.v2'),
      }),
      want: 'unknown CloudEvent type "dev.knative.sources.ping.v2"',
    },
    // Data that does not match the type.
    {
      name: 'Reference mode: data without name',
      message: structured(
        'ref-add-configmap.structured',
        (e) => delete (e['data'] as Fields)['name'],
      ),
      want: 'data/name: Expected required property',
    },
    {
      name: 'Reference mode: a name that is a number',
      message: structured(
        'ref-add-configmap.structured',
        (e) => ((e['data'] as Fields)['name'] = 7),
      ),
      want: 'data/name: Expected string',
    },
    {
      name: 'Reference mode: data that is an array',
      message: structured('ref-add-configmap.structured', (e) => (e['data'] = [e['data']])),
      want: 'data: Expected object',
    },
    {
      name: 'Reference mode: a kind no controller watches',
      message: structured(
        'ref-add-configmap.structured',
        (e) => ((e['data'] as Fields)['kind'] = 'Service'),
      ),
      want: 'no controller watches Service (v1)',
    },
    {
      name: 'Reference mode: a kind named like an Object property',
      message: structured(
        'ref-add-configmap.structured',
        (e) => ((e['data'] as Fields)['kind'] = '__proto__'),
      ),
      want: 'no controller watches __proto__ (v1)',
    },
    {
      name: 'Reference mode: a kind of the wrong version',
      message: structured(
        'ref-add-configmap.structured',
        (e) => ((e['data'] as Fields)['apiVersion'] = 'v2'),
      ),
      want: 'no controller watches ConfigMap (v2)',
    },
    {
      name: "Reference mode: a name '..' (it would address the namespace)",
      message: structured(
        'ref-add-configmap.structured',
        (e) => ((e['data'] as Fields)['name'] = '..'),
      ),
      want: `data/name: ".." may not be '..'`,
    },
    {
      name: 'Reference mode: a namespace with a slash',
      message: structured(
        'ref-add-configmap.structured',
        (e) => ((e['data'] as Fields)['namespace'] = 'web/pods'),
      ),
      want: `data/namespace: "web/pods" may not contain '/'`,
    },
    {
      name: 'Resource mode: a name with a percent sign',
      message: binary('resource-delete-pod.binary', {
        body: JSON.stringify({ ...pod, metadata: { name: 'web%2F0', namespace: 'web' } }),
      }),
      want: `data/metadata/name: "web%2F0" may not contain '%'`,
    },
    {
      name: 'Resource mode: an object without metadata',
      message: binary('resource-delete-pod.binary', {
        body: JSON.stringify({ ...pod, metadata: undefined }),
      }),
      want: 'data/metadata: Expected required property',
    },
    {
      name: 'Resource mode: a name that is not a string',
      message: binary('resource-delete-pod.binary', {
        body: JSON.stringify({ ...pod, metadata: { name: ['web-0'] } }),
      }),
      want: 'data/metadata/name: Expected string',
    },
    {
      name: 'Resource mode: data that is a string',
      message: binary('resource-delete-pod.binary', { body: '"web-0"' }),
      want: 'data: Expected object',
    },
  ];
  for (const { name, message, want } of rows) {
    it(name, () => assert.deepStrictEqual(intake(...message), want));
  }

  it('reads the same event alike in binary and structured mode', () => {
    const { body } = sample('resource-update-pod.structured');
    const { data, ...attributes } = body;
    const headers = Object.fromEntries(
      Object.entries(attributes)
        .filter(([key]) => key !== 'datacontenttype')
        .map(([key, value]) => [`ce-${key}`, String(value)]),
    );
    const fromBinary = intake(
      { ...headers, 'content-type': 'application/json' },
      JSON.stringify(data),
    );
    const fromStructured = intake(
      { 'content-type': 'application/cloudevents+json' },
      JSON.stringify(body),
    );
    assert.deepStrictEqual(fromBinary, fromStructured);
    assert.deepStrictEqual(fromBinary, {
      kind: 'refs',
      type: 'dev.knative.apiserver.resource.update',
      refs: [podRef('update')],
    });
  });

  it('leaves out an empty namespace (a cluster-scoped object)', () => {
    const got = intake(
      ...structured('ref-add-configmap.structured', (e) => {
        e['data'] = { apiVersion: 'v1', kind: 'Node', name: 'node-1', namespace: '' };
      }),
    );
    assert.deepStrictEqual(got, {
      kind: 'refs',
      type: 'dev.knative.apiserver.ref.add',
      refs: [{ group: '', version: 'v1', resource: 'nodes', name: 'node-1', verb: 'create' }],
    });
  });
});
