import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CriError, goStatusText, grpcCodeName, toCriError } from './grpc-error.js';

describe('gRPC status as Go prints it', () => {
  // grpc-go codes/code_string.go: the names of codes 0..16, Code(n) past them.
  const names: [number, string][] = [
    [0, 'OK'],
    [1, 'Canceled'],
    [2, 'Unknown'],
    [4, 'DeadlineExceeded'],
    [5, 'NotFound'],
    [14, 'Unavailable'],
    [16, 'Unauthenticated'],
    [17, 'Code(17)'],
  ];
  for (const [code, name] of names) {
    it(`names code ${code} ${name}`, () => assert.equal(grpcCodeName(code), name));
  }

  it('writes status errors as status.Error does', () => {
    assert.equal(
      goStatusText(2, 'failed to pull and unpack image "r/x:1": 401 Unauthorized'),
      'rpc error: code = Unknown desc = failed to pull and unpack image "r/x:1": 401 Unauthorized',
    );
  });

  it('keeps the code and details of a grpc-js service error', () => {
    const err = toCriError(
      'PullImage',
      Object.assign(new Error('5 NOT_FOUND: x'), { code: 5, details: 'x: not found' }),
    );
    assert.ok(err instanceof CriError);
    assert.deepEqual(
      [err.method, err.grpcCode, err.codeName, err.message],
      ['PullImage', 5, 'NotFound', 'rpc error: code = NotFound desc = x: not found'],
    );
  });

  it('reads anything else as Unknown with its message', () => {
    assert.equal(
      toCriError('ListImages', new Error('boom')).message,
      'rpc error: code = Unknown desc = boom',
    );
  });
});
