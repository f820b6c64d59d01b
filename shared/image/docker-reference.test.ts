import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { familiarName, imageTagForDefaults, parseNormalizedNamed } from './docker-reference.js';

const hex64 = 'a'.repeat(64);

describe('parseNormalizedNamed', () => {
  const valid = [
    { image: 'nginx', want: { domain: 'docker.io', path: 'library/nginx' }, familiar: 'nginx' },
    {
      image: 'docker.io/library/nginx:1.25',
      want: { domain: 'docker.io', path: 'library/nginx', tag: '1.25' },
      familiar: 'nginx',
    },
    {
      image: 'index.docker.io/org/app',
      want: { domain: 'docker.io', path: 'org/app' },
      familiar: 'org/app',
    },
    {
      image: 'quay.io/org/app:v1',
      want: { domain: 'quay.io', path: 'org/app', tag: 'v1' },
      familiar: 'quay.io/org/app',
    },
    {
      image: 'registry:5000/app',
      want: { domain: 'registry:5000', path: 'app' },
      familiar: 'registry:5000/app',
    },
    {
      image: 'localhost/app',
      want: { domain: 'localhost', path: 'app' },
      familiar: 'localhost/app',
    },
    {
      image: `nginx:1.25@sha256:${hex64}`,
      want: { domain: 'docker.io', path: 'library/nginx', tag: '1.25', digest: `sha256:${hex64}` },
      familiar: 'nginx',
    },
    {
      image: 'my-app__x-y--z/sub_path',
      want: { domain: 'docker.io', path: 'my-app__x-y--z/sub_path' },
      familiar: 'my-app__x-y--z/sub_path',
    },
    {
      // a dotted first component is taken as a domain, and the name has none (Go behaviour)
      image: 'my_x.app/sub_path',
      want: { domain: '', path: 'my_x.app/sub_path' },
      familiar: 'my_x.app/sub_path',
    },
  ];
  for (const c of valid) {
    it(`parses ${c.image}`, () => {
      const r = parseNormalizedNamed(c.image);
      assert.deepStrictEqual(r, { ok: true, ref: c.want });
      if (r.ok) assert.equal(familiarName(r.ref), c.familiar);
    });
  }

  const invalid = [
    { image: 'Nginx', error: 'invalid reference format: repository name must be lowercase' },
    {
      image: 'quay.io/Org/app',
      error: 'invalid reference format: repository name must be lowercase',
    },
    { image: '', error: 'invalid reference format' },
    { image: 'nginx:', error: 'invalid reference format' },
    { image: 'nginx:1.0:2', error: 'invalid reference format' },
    { image: 'nginx@sha256:abc', error: 'invalid reference format' },
    { image: `nginx@sha256:${'a'.repeat(40)}`, error: 'invalid checksum digest length' },
    { image: `nginx@sha256:${'A'.repeat(64)}`, error: 'invalid checksum digest format' },
    { image: `nginx@md5:${'a'.repeat(32)}`, error: 'unsupported digest algorithm' },
    {
      image: hex64,
      error: `invalid repository name (${hex64}), cannot specify 64-byte hexadecimal strings`,
    },
    {
      image: `a/${'b'.repeat(260)}`,
      error: 'repository name must not be more than 255 characters',
    },
    { image: 'a'.repeat(5000) + '!', error: 'invalid reference format' },
  ];
  for (const c of invalid) {
    it(`rejects ${c.image.slice(0, 40)} with ${c.error}`, () => {
      assert.deepStrictEqual(parseNormalizedNamed(c.image), { ok: false, error: c.error });
    });
  }
});

describe('imageTagForDefaults', () => {
  const cases = [
    { image: 'nginx', tag: 'latest' },
    { image: 'nginx:latest', tag: 'latest' },
    { image: 'nginx:1.25', tag: '1.25' },
    { image: `nginx@sha256:${hex64}`, tag: '' },
    { image: 'Bad', tag: '' },
  ];
  for (const c of cases) {
    it(`gives ${JSON.stringify(c.tag)} for ${c.image}`, () => {
      assert.equal(imageTagForDefaults(c.image), c.tag);
    });
  }
});
