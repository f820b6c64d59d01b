import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadRequestError, InvalidError, PayloadTooLargeError } from '../errors.js';
import { allow, deny } from './decision.js';
import { errorToReview, toReviewResponse } from './review-response.js';

const raw = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', annotations: { 'kruise.io/x': 'a' }, unknownField: { kept: true } },
  spec: { containers: [{ name: 'app', image: 'nginx' }] },
};
const decode = (patch: string | undefined): unknown =>
  JSON.parse(Buffer.from(patch ?? '', 'base64').toString('utf8'));

describe('toReviewResponse', () => {
  it('answers an unchanged object with no patch', () => {
    assert.deepStrictEqual(toReviewResponse('u1', allow(structuredClone(raw)), raw), {
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid: 'u1', allowed: true },
    });
  });

  it('diffs the decision against the raw object, escaping keys with a slash', () => {
    const mutated = structuredClone(raw);
    mutated.metadata.annotations['kruise.io/x'] = 'b';
    mutated.spec.containers.push({ name: 'log', image: 'ex/log:1' });
    const res = toReviewResponse('u2', allow(mutated), raw);
    assert.deepStrictEqual(
      { ...res.response, patch: decode(res.response.patch) },
      {
        uid: 'u2',
        allowed: true,
        patchType: 'JSONPatch',
        patch: [
          { op: 'add', path: '/spec/containers/1', value: { name: 'log', image: 'ex/log:1' } },
          { op: 'replace', path: '/metadata/annotations/kruise.io~1x', value: 'b' },
        ],
      },
    );
  });

  it('drops fields the decision left undefined instead of patching them', () => {
    const mutated = { ...structuredClone(raw), status: undefined };
    assert.deepStrictEqual(toReviewResponse('u3', allow(mutated), raw).response, {
      uid: 'u3',
      allowed: true,
    });
  });

  it('puts a denial in band with its code and message', () => {
    assert.deepStrictEqual(
      toReviewResponse('u4', deny(422, 'spec.replicas: Invalid value: -1: must be >= 0'), raw),
      {
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        response: {
          uid: 'u4',
          allowed: false,
          status: { code: 422, message: 'spec.replicas: Invalid value: -1: must be >= 0' },
        },
      },
    );
  });

  it('carries an allowed reason and warnings', () => {
    const decision = { allowed: true as const, reason: 'ok', warnings: ['deprecated field'] };
    assert.deepStrictEqual(toReviewResponse('u5', decision, raw).response, {
      uid: 'u5',
      allowed: true,
      status: { code: 200, message: 'ok' },
      warnings: ['deprecated field'],
    });
  });
});

describe('errorToReview', () => {
  const cases = [
    { err: new BadRequestError('request.uid is required'), uid: '', http: 400 },
    { err: new PayloadTooLargeError('request entity is too large'), uid: 'x', http: 413 },
    { err: new InvalidError([{ path: 'spec', detail: 'bad' }]), uid: 'y', http: 400 },
  ];
  for (const c of cases) {
    it(`answers ${c.err.name} with HTTP ${c.http} and its message`, () => {
      assert.deepStrictEqual(errorToReview(c.err, c.uid), {
        http: c.http,
        body: {
          apiVersion: 'admission.k8s.io/v1',
          kind: 'AdmissionReview',
          response: {
            uid: c.uid,
            allowed: false,
            status: { code: c.http, message: c.err.message },
          },
        },
      });
    });
  }

  it('hides the message of an error that is not ours', () => {
    assert.deepStrictEqual(errorToReview(new TypeError('x is undefined')).body.response, {
      uid: '',
      allowed: false,
      status: { code: 500, message: 'internal error' },
    });
  });
});
