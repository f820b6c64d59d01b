/**
 * Pull-secret lookup as kubelet does it (cases after
 * k8s.io/kubernetes@v1.28.9 pkg/credentialprovider/keyring_test.go:
 * TestDockerKeyringForGlob, TestKeyringMiss, TestDockerKeyringLookup,
 * TestIssue3797, TestIsDefaultRegistryMatch, and the DockerHub cases).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decodeAuthField,
  dockerConfigOf,
  isDefaultRegistryMatch,
  keyringOf,
  lookupCredentials,
  type PullSecret,
} from './docker-keyring.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const configJson = (auths: Record<string, unknown>): PullSecret => ({
  type: 'kubernetes.io/dockerconfigjson',
  data: { '.dockerconfigjson': b64(JSON.stringify({ auths })) },
});
const dockercfg = (cfg: Record<string, unknown>): PullSecret => ({
  type: 'kubernetes.io/dockercfg',
  data: { '.dockercfg': b64(JSON.stringify(cfg)) },
});
const foo = { username: 'foo', password: 'bar' };
const withAuth = (loc: string) =>
  configJson({ [loc]: { email: 'foo@bar.baz', auth: b64('foo:bar') } });
const users = (secrets: PullSecret[], image: string) =>
  lookupCredentials(keyringOf(secrets), image).map((c) => c.username);

describe('pull-secret keyring lookup', () => {
  const hits: [string, string][] = [
    ['https://hello.kubernetes.io', 'hello.kubernetes.io'],
    ['https://*.docker.io', 'prefix.docker.io'],
    ['https://prefix.*.io', 'prefix.docker.io'],
    ['https://prefix.docker.*', 'prefix.docker.io'],
    ['https://*.docker.io/path', 'prefix.docker.io/path'],
    ['https://prefix.*.io/path', 'prefix.docker.io/path/subpath'],
    ['https://*.docker.io:8888', 'prefix.docker.io:8888'],
    ['https://*.docker.io/path:1111', 'prefix.docker.io/path:1111'],
    ['https://*.docker.io/v1/', 'prefix.docker.io/path:1111'],
    ['https://*.docker.io/v2/', 'prefix.docker.io/path:1111'],
    ['prefix.docker.io:1111', 'prefix.docker.io:1111/path'],
    ['*.docker.io:1111', 'prefix.docker.io:1111/path'],
  ];
  for (const [glob, target] of hits) {
    it(`finds ${glob} for ${target}/foo/bar`, () =>
      assert.deepEqual(lookupCredentials(keyringOf([withAuth(glob)]), `${target}/foo/bar`), [foo]));
  }
  const misses: [string, string][] = [
    ['https://hello.kubernetes.io', 'world.mesos.org/foo/bar'],
    ['https://*.docker.com', 'prefix.docker.io'],
    ['https://suffix.*.io', 'prefix.docker.io'],
    ['https://prefix.docker.c*', 'prefix.docker.io'],
    ['https://prefix.*.io/path:1111', 'prefix.docker.io/path/subpath:1111'],
    ['suffix.*.io', 'prefix.docker.io'],
  ];
  for (const [glob, target] of misses) {
    it(`finds nothing of ${glob} for ${target}/foo/bar`, () =>
      assert.deepEqual(lookupCredentials(keyringOf([withAuth(glob)]), `${target}/foo/bar`), []));
  }

  it('tries the more specific key first and collects every covering key', () => {
    const secret = dockercfg({
      'bar.example.com/pong': { username: 'grace', password: 'squash' },
      'bar.example.com': { username: 'ada', password: 'smash' },
    });
    const table: [string, string[]][] = [
      ['bar.example.com', ['ada']],
      ['bar.example.com/pong', ['grace', 'ada']],
      ['bar.example.com/ping', ['ada']],
      ['bar.example.com/pongz', ['grace', 'ada']],
      ['bar.example.com/pong/pang', ['grace', 'ada']],
      ['example.com', []],
      ['foo.example.com', []],
    ];
    for (const [image, want] of table) assert.deepEqual(users([secret], image), want, image);
  });

  it('reads a /v1/ location as its host (issue 3797)', () => {
    const secret = dockercfg({ 'https://quay.io/v1/': { username: 'rex', password: 'tiny arms' } });
    for (const image of ['quay.io', 'quay.io/foo', 'quay.io/foo/bar'])
      assert.deepEqual(users([secret], image), ['rex'], image);
  });

  it('gives Docker Hub images the index.docker.io entry when nothing else matches', () => {
    const secret = dockercfg({ 'https://index.docker.io/v1/': { username: 'hub', password: 'p' } });
    for (const image of ['docker.io/library/nginx', 'index.docker.io/foo/bar', 'foo/bar', 'foo'])
      assert.deepEqual(users([secret], image), ['hub'], image);
    assert.deepEqual(users([secret], 'registry.tld/foo/bar'), []);
  });

  it('unions the secrets in order, dockerconfigjson and dockercfg alike', () => {
    const a = configJson({ '127.0.0.1:5000': { username: 'a', password: '1' } });
    const b = dockercfg({ '127.0.0.1:5000': { username: 'b', password: '2' } });
    assert.deepEqual(users([a, b], '127.0.0.1:5000/test/app'), ['a', 'b']);
  });

  it('ignores secrets of other types and empty keys', () => {
    const opaque = {
      type: 'Opaque',
      data: { '.dockerconfigjson': withAuth('x.io').data?.['.dockerconfigjson'] ?? '' },
    };
    const empty = { type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': '' } };
    assert.deepEqual(users([opaque, empty], 'x.io/app'), []);
  });
});

describe('docker config entries', () => {
  it('takes auth over username and password', () =>
    assert.deepEqual(
      dockerConfigOf(configJson({ r: { username: 'x', password: 'y', auth: b64('u:p:q') } })),
      [['r', { username: 'u', password: 'p:q' }]],
    ));

  it('reads field names case-insensitively, as encoding/json', () =>
    assert.deepEqual(dockerConfigOf(configJson({ r: { Username: 'x', PASSWORD: 'y' } })), [
      ['r', { username: 'x', password: 'y' }],
    ]));

  it('decodes padded and unpadded auth fields', () => {
    assert.deepEqual(decodeAuthField(b64('ab:c')), { username: 'ab', password: 'c' });
    assert.deepEqual(decodeAuthField(b64('ab:c').replace(/=+$/, '')), {
      username: 'ab',
      password: 'c',
    });
  });

  it("refuses an auth field without a colon with kubelet's message", () =>
    assert.throws(() => decodeAuthField(b64('nocolon')), {
      message: 'unable to parse auth field, must be formatted as base64(username:password)',
    }));

  it('refuses a secret that is not JSON', () =>
    assert.throws(
      () => dockerConfigOf({ type: 'kubernetes.io/dockercfg', data: { '.dockercfg': b64('{') } }),
      { name: 'PullSecretError' },
    ));
});

describe('isDefaultRegistryMatch', () => {
  const table: [string, boolean][] = [
    ['foo/bar', true],
    ['docker.io/foo/bar', true],
    ['index.docker.io/foo/bar', true],
    ['foo', true],
    ['', false],
    ['registry.tld/foo/bar', false],
    ['registry:5000/foo/bar', false],
    ['myhostdocker.io/foo/bar', false],
  ];
  for (const [image, want] of table)
    it(`${image || '(empty)'}: ${want}`, () => assert.equal(isDefaultRegistryMatch(image), want));
});
