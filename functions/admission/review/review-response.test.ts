import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fastJsonPatch from 'fast-json-patch';
import { BadRequestError, InvalidError, PayloadTooLargeError } from '../../../shared/errors.js';
import { allow, deny } from './decision.js';
import { errorToReview, jsonPatch, toReviewResponse } from './review-response.js';

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

describe('jsonPatch', () => {
  // Each case: raw object, mutated object. The patch must be fast-json-patch's compare of
  // the mutated object's JSON (operations and order), and must turn raw into that JSON.
  const cases: { name: string; raw: Record<string, unknown>; mutated: unknown }[] = [
    { name: 'identical', raw, mutated: structuredClone(raw) },
    { name: 'same object', raw, mutated: raw },
    {
      name: 'array grows at the end and in front',
      raw: { a: [1, 2] },
      mutated: { a: [0, 1, 2, 3] },
    },
    { name: 'array shrinks', raw: { a: [{ x: 1 }, { y: 2 }, 3] }, mutated: { a: [{ x: 1 }] } },
    {
      name: 'nested add, remove and replace',
      raw: { m: { a: 1, b: { c: [1] }, d: 'x' } },
      mutated: { m: { a: 2, b: { c: [1], e: null }, f: true } },
    },
    {
      name: 'undefined is absent, in arrays null',
      raw: { a: 1, b: { c: 2 }, l: [1, 2] },
      mutated: { a: undefined, b: { c: 2, d: undefined }, l: [1, undefined], n: undefined },
    },
    {
      name: 'type changes',
      raw: { a: { b: 1 }, c: [1], d: 'x', e: null },
      mutated: { a: [1], c: { 0: 1 }, d: { x: 1 }, e: {} },
    },
    {
      name: 'keys with ~ and /',
      raw: { 'a/b': 1, 'c~d': { 'e/~f': 1 } },
      mutated: { 'a/b': 2, 'c~d': { 'e/~f': 2, '/': 3 } },
    },
    {
      name: 'toJSON values',
      raw: { t: '2026-01-02T03:04:05.000Z' },
      mutated: { t: new Date(1e12) },
    },
    {
      name: 'equal toJSON value',
      raw: { t: '2001-09-09T01:46:40.000Z' },
      mutated: { t: new Date(1e12) },
    },
  ];
  for (const c of cases) {
    it(`matches fast-json-patch: ${c.name}`, () => {
      const json = JSON.parse(JSON.stringify(c.mutated)) as object;
      const ops = JSON.parse(JSON.stringify(jsonPatch(c.raw, c.mutated))) as unknown;
      assert.deepStrictEqual(ops, fastJsonPatch.compare(c.raw, json));
      const patched = fastJsonPatch.applyPatch(
        structuredClone(c.raw),
        ops as fastJsonPatch.Operation[],
        true,
        false,
      ).newDocument;
      assert.deepStrictEqual(patched, json);
    });
  }
});

describe('toReviewResponse patch encoding', () => {
  // Small patches go through a reused buffer, large ones through Buffer.from: both UTF-8.
  for (const size of [10, 30_000]) {
    it(`base64-encodes the UTF-8 of a patch of ${size} characters`, () => {
      const value = 'é€😀'.repeat(size / 4);
      const res = toReviewResponse('u6', allow({ ...raw, spec: { value } }), raw);
      assert.deepStrictEqual(decode(res.response.patch), [
        { op: 'remove', path: '/spec/containers' },
        { op: 'add', path: '/spec/value', value },
      ]);
    });
  }
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
