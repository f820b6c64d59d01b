import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadAdmissionEvent } from '../../../events/admission/load.js';
import { BadRequestError } from '../../../shared/errors.js';
import { parseReview } from './parse-review.js';
import type { JsonObject } from '../../../shared/json.js';

const podRoute = { kind: { kind: 'Pod', apiVersions: ['v1'] }, fillNamespace: true };

type Review = { request: JsonObject & { object: JsonObject } };
const review = (): Review => loadAdmissionEvent<Review>('create-pod');
const text = (edit: (r: Review) => void): string => {
  const r = review();
  edit(r);
  return JSON.stringify(r);
};

describe('parseReview', () => {
  it('decodes a pod CREATE review, filling the pod namespace from the request', () => {
    const parsed = parseReview(JSON.stringify(review()), podRoute);
    const object = review().request.object;
    const filled = {
      ...object,
      metadata: { ...(object['metadata'] as object), namespace: 'default' },
    };
    assert.deepStrictEqual(parsed, {
      input: {
        uid: '705ab4f5-6393-11e8-b7cc-42010a800002',
        operation: 'CREATE',
        kind: { group: '', version: 'v1', kind: 'Pod' },
        resource: { group: '', version: 'v1', resource: 'pods' },
        namespace: 'default',
        name: '',
        object: filled,
        dryRun: false,
      },
      rawObject: filled,
      user: 'system:serviceaccount:kube-system:replicaset-controller',
    });
  });

  it('does not fill the namespace when the route does not ask', () => {
    const parsed = parseReview(JSON.stringify(review()), { kind: podRoute.kind });
    assert.deepStrictEqual(parsed.rawObject, review().request.object);
  });

  it('keeps the namespace an object already has', () => {
    const t = text((r) => (r.request.object['metadata'] = { name: 'p', namespace: 'team-a' }));
    const parsed = parseReview(t, podRoute);
    assert.deepStrictEqual(parsed.rawObject['metadata'], { name: 'p', namespace: 'team-a' });
  });

  it('keeps a namespace of the wrong type, for the decode to refuse as Go does', () => {
    const t = text((r) => (r.request.object['metadata'] = { name: 'p', namespace: 7 }));
    const parsed = parseReview(t, podRoute);
    assert.deepStrictEqual(parsed.rawObject['metadata'], { name: 'p', namespace: 7 });
  });

  it('fills a null or empty namespace', () => {
    for (const namespace of [null, '']) {
      const t = text((r) => (r.request.object['metadata'] = { name: 'p', namespace }));
      const parsed = parseReview(t, podRoute);
      assert.deepStrictEqual(parsed.rawObject['metadata'], { name: 'p', namespace: 'default' });
    }
  });

  it('puts oldObject in object for DELETE', () => {
    const t = text((r) => {
      r.request['operation'] = 'DELETE';
      r.request['oldObject'] = r.request.object;
      (r.request as JsonObject)['object'] = null;
    });
    const parsed = parseReview(t, { kind: podRoute.kind });
    assert.deepStrictEqual(parsed.input.object, review().request.object);
    assert.deepStrictEqual(parsed.input.oldObject, review().request.object);
  });

  const bad: { name: string; body: string; message: string }[] = [
    { name: 'empty body', body: '  ', message: 'request body is empty' },
    {
      name: 'truncated JSON',
      body: '{"apiVersion":',
      message: 'Malformed JSON in request body: Unexpected end of JSON input',
    },
    { name: 'array body', body: '[]', message: 'request body must be a JSON object, got array' },
    {
      name: 'v1beta1 review',
      body: text((r) => Object.assign(r, { apiVersion: 'admission.k8s.io/v1beta1' })),
      message: 'expected apiVersion admission.k8s.io/v1, got "admission.k8s.io/v1beta1"',
    },
    {
      name: 'missing kind',
      body: text((r) => Object.assign(r, { kind: undefined })),
      message: 'expected kind AdmissionReview, got nothing',
    },
    {
      name: 'missing request',
      body: text((r) => Object.assign(r, { request: undefined })),
      message: 'request is required',
    },
    {
      name: 'missing uid',
      body: text((r) => delete r.request['uid']),
      message: 'request.uid is required',
    },
    {
      name: 'numeric uid',
      body: text((r) => (r.request['uid'] = 7)),
      message: 'request.uid must be a string, got number',
    },
    {
      name: 'unknown operation',
      body: text((r) => (r.request['operation'] = 'PATCH')),
      message: 'request.operation: "PATCH" is not one of CREATE, UPDATE, DELETE, CONNECT',
    },
    {
      name: 'kind without version',
      body: text((r) => (r.request['kind'] = { kind: 'Pod' })),
      message: 'request.kind.version is required',
    },
    {
      name: 'resource as a string',
      body: text((r) => (r.request['resource'] = 'pods')),
      message: 'request.resource must be an object, got string',
    },
    {
      name: 'namespace as a number',
      body: text((r) => (r.request['namespace'] = 1)),
      message: 'request.namespace must be a string, got number',
    },
    {
      name: 'object of the wrong kind',
      body: text((r) => (r.request.object['kind'] = 'Service')),
      message: 'request.object is not a Pod: kind "Service"',
    },
    {
      name: 'object of the wrong version',
      body: text((r) => (r.request.object['apiVersion'] = 'v2')),
      message: 'request.object is not a Pod: apiVersion "v2" is not one of v1',
    },
    {
      name: 'missing object',
      body: text((r) => delete (r.request as JsonObject)['object']),
      message: 'request.object is required',
    },
    {
      name: 'UPDATE without oldObject',
      body: text((r) => (r.request['operation'] = 'UPDATE')),
      message: 'request.oldObject is required',
    },
    {
      name: 'metadata as an array',
      body: text((r) => (r.request.object['metadata'] = [])),
      message: 'request.object.metadata must be an object, got array',
    },
    {
      name: 'dryRun as a string',
      body: text((r) => (r.request['dryRun'] = 'yes')),
      message: 'request.dryRun must be a boolean, got string',
    },
  ];
  for (const c of bad) {
    it(`rejects ${c.name} with a precise message`, () => {
      assert.throws(
        () => parseReview(c.body, podRoute),
        (err: unknown) => err instanceof BadRequestError && err.message === c.message,
      );
    });
  }
});
