import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CIRCULAR, MAX_DEPTH, TOO_DEEP, toLogValue } from './log-value.js';
import { REDACTED, isSecretKey } from './redact.js';

describe('isSecretKey', () => {
  const secret = [
    'password',
    'Password',
    'passwd',
    'db_password',
    'token',
    'identitytoken',
    'registryToken',
    'authorizationToken',
    'sessionToken',
    'secret',
    'secrets',
    'clientSecret',
    'secretAccessKey',
    'auth',
    'basicAuth',
    'authorization',
    'Proxy-Authorization',
    'cookie',
    'Set-Cookie',
    'apiKey',
    'x-api-key',
    'privateKey',
    'ssh-privatekey',
    '.dockerconfigjson',
    '.dockercfg',
    'tls.key',
    'ca.key',
    'key.pem',
    'ca-key.pem',
  ];
  const visible = [
    'name',
    'username',
    'auths',
    'imagePullSecrets',
    'pullSecrets',
    'secretName',
    'secretKeyRef',
    'tokenExpirationSeconds',
    'caBundle',
    'tls.crt',
    'cert.pem',
    'key',
    'author',
    'keys',
  ];
  for (const key of secret) it(`redacts ${key}`, () => assert.equal(isSecretKey(key), true));
  for (const key of visible) it(`keeps ${key}`, () => assert.equal(isSecretKey(key), false));
});

const deep = (levels: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i += 1) value = { d: value };
  return value;
};

const cyclic: Record<string, unknown> = { name: 'a' };
cyclic.self = cyclic;
const shared = { x: 1 };

describe('toLogValue', () => {
  const cases = [
    {
      name: 'keeps plain data',
      in: { a: [1, 'b', true, null] },
      want: { a: [1, 'b', true, null] },
    },
    {
      name: 'redacts secret keys at any depth, in arrays, keeping booleans and nulls',
      in: { a: [{ b: { password: 'p', token: null, automountServiceAccountToken: true } }] },
      want: { a: [{ b: { password: REDACTED, token: null, automountServiceAccountToken: true } }] },
    },
    {
      name: 'keeps an object reference under a secret key (it names a Secret, holds none of it)',
      in: {
        Secret: { name: 'kruise-webhook-certs', namespace: 'kruise-system' },
        secret: { name: 's' },
      },
      want: {
        Secret: { name: 'kruise-webhook-certs', namespace: 'kruise-system' },
        secret: { name: 's' },
      },
    },
    {
      name: 'redacts an object under a secret key that holds more than a reference',
      in: { secret: { name: 's', data: 'x' }, token: { name: 7 } },
      want: { secret: REDACTED, token: REDACTED },
    },
    {
      name: 'redacts a whole subtree under a secret key',
      in: { auth: { 'reg.io': { username: 'u', password: 'p' } } },
      want: { auth: REDACTED },
    },
    {
      name: 'redacts the values of a Secret listed without kind, keeping its keys',
      in: {
        items: [{ metadata: { name: 's' }, type: 'Opaque', data: { user: 'dQ==', pass: 'cA==' } }],
      },
      want: {
        items: [
          { metadata: { name: 's' }, type: 'Opaque', data: { user: REDACTED, pass: REDACTED } },
        ],
      },
    },
    {
      name: 'leaves ConfigMap data alone',
      in: { kind: 'ConfigMap', metadata: { name: 'c' }, data: { config: 'x' } },
      want: { kind: 'ConfigMap', metadata: { name: 'c' }, data: { config: 'x' } },
    },
    {
      name: 'turns errors into their message with causes',
      in: {
        err: new Error('outer', { cause: new Error('inner', { cause: 'root' }) }),
        e2: new TypeError(''),
      },
      want: { err: 'outer: inner: root', e2: 'TypeError' },
    },
    { name: 'marks cycles', in: cyclic, want: { name: 'a', self: CIRCULAR } },
    {
      name: 'repeats shared values that are not cycles',
      in: { a: shared, b: shared },
      want: { a: { x: 1 }, b: { x: 1 } },
    },
    {
      name: 'converts values JSON cannot hold',
      in: {
        big: 12n,
        inf: Infinity,
        nan: Number.NaN,
        fn: () => 1,
        sym: Symbol('s'),
        undef: undefined,
        date: new Date(0),
        map: new Map([['k', { password: 'p' }]]),
        set: new Set([1, 2]),
        list: [undefined],
      },
      want: {
        big: '12',
        inf: null,
        nan: null,
        date: '1970-01-01T00:00:00.000Z',
        map: { k: { password: REDACTED } },
        set: [1, 2],
        list: [null],
      },
    },
    {
      name: 'cuts nesting deeper than the limit',
      in: deep(MAX_DEPTH + 1),
      want: ((): unknown => {
        let value: unknown = TOO_DEEP;
        for (let i = 0; i < MAX_DEPTH; i += 1) value = { d: value };
        return value;
      })(),
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepStrictEqual(toLogValue(c.in), c.want);
    });
  }
});
