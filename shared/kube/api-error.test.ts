import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiErrorOf, noAnswerError, withAction } from './api-error.js';

const status = (code: number, reason: string, message: string) =>
  JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code });

describe('apiErrorOf', () => {
  const cases = [
    {
      name: 'a 404 is NotFound with the Status message',
      status: 404,
      body: status(404, 'NotFound', 'pods "web-0" not found'),
      want: { failure: 'NotFound', message: 'pods "web-0" not found', reason: 'NotFound' },
    },
    {
      name: 'a 409 Conflict',
      status: 409,
      body: status(
        409,
        'Conflict',
        'Operation cannot be fulfilled on secrets "s": the object has been modified',
      ),
      want: {
        failure: 'Conflict',
        message: 'Operation cannot be fulfilled on secrets "s": the object has been modified',
        reason: 'Conflict',
      },
    },
    {
      name: 'a 409 AlreadyExists is told apart by its reason',
      status: 409,
      body: status(409, 'AlreadyExists', 'secrets "s" already exists'),
      want: {
        failure: 'AlreadyExists',
        message: 'secrets "s" already exists',
        reason: 'AlreadyExists',
      },
    },
    {
      name: 'a 410 Expired is Gone',
      status: 410,
      body: status(410, 'Expired', 'The provided continue parameter is too old'),
      want: {
        failure: 'Gone',
        message: 'The provided continue parameter is too old',
        reason: 'Expired',
      },
    },
    {
      name: 'a 429 is TooManyRequests, with Retry-After',
      status: 429,
      body: status(429, 'TooManyRequests', 'Too many requests, please try again later.'),
      retryAfter: '2',
      want: {
        failure: 'TooManyRequests',
        message: 'Too many requests, please try again later.',
        reason: 'TooManyRequests',
        retryAfterMs: 2000,
      },
    },
    {
      name: 'a body that is not a Status gives only the HTTP status',
      status: 503,
      body: '<html>upstream down</html>',
      want: { failure: 'Other', message: 'HTTP 503' },
    },
    {
      name: 'a JSON body of another kind is not read either',
      status: 403,
      body: JSON.stringify({ kind: 'Secret', message: 'c2VjcmV0' }),
      want: { failure: 'Other', message: 'HTTP 403' },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const err = apiErrorOf(c.status, c.body, c.retryAfter);
      assert.deepStrictEqual(
        {
          failure: err.failure,
          message: err.message,
          ...(err.reason !== undefined && { reason: err.reason }),
          ...(err.retryAfterMs !== undefined && { retryAfterMs: err.retryAfterMs }),
        },
        c.want,
      );
      assert.equal(err.status, c.status);
      assert.equal(err.code, 500);
    });
  }
});

describe('withAction', () => {
  it('prefixes the action and keeps the class', () => {
    const err = withAction(
      'failed to find Pod web-0',
      apiErrorOf(404, status(404, 'NotFound', 'pods "web-0" not found')),
    );
    assert.deepStrictEqual(
      [err.failure, err.message],
      ['NotFound', 'failed to find Pod web-0: pods "web-0" not found'],
    );
  });
  it('words a call without an answer by its cause', () => {
    const err = withAction(
      'list SidecarSets',
      noAnswerError(new Error('connect ECONNREFUSED 127.0.0.1:6443')),
    );
    assert.deepStrictEqual(
      [err.failure, err.status, err.message],
      ['Other', 0, 'list SidecarSets: connect ECONNREFUSED 127.0.0.1:6443'],
    );
  });
});
