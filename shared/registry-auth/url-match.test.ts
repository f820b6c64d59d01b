/**
 * kubelet's matching rules, case by case (the cases of
 * k8s.io/kubernetes@v1.28.9 pkg/credentialprovider/keyring_test.go
 * TestURLsMatch, and SPEC.md §7's table).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { globRegExp, splitHostPort, urlsMatch } from './url-match.js';

const cases: [glob: string, target: string, match: boolean][] = [
  ['*.kubernetes.io', 'prefix.kubernetes.io', true],
  ['prefix.*.io', 'prefix.kubernetes.io', true],
  ['prefix.kubernetes.*', 'prefix.kubernetes.io', true],
  ['*-good.kubernetes.io', 'prefix-good.kubernetes.io', true],
  ['*.kubernetes.io/blah', 'prefix.kubernetes.io/blah', true],
  ['prefix.*.io/foo', 'prefix.kubernetes.io/foo/bar', true],
  ['*.kubernetes.io:1111/blah', 'prefix.kubernetes.io:1111/blah', true],
  ['prefix.*.io:1111/foo', 'prefix.kubernetes.io:1111/foo/bar', true],
  ['*.kubernetes.io', 'kubernetes.io', false],
  ['*.*.kubernetes.io', 'prefix.kubernetes.io', false],
  ['*.*.kubernetes.io', 'kubernetes.io', false],
  ['kubernetes.io', 'kubernetes.com', false],
  ['k*.io', 'quay.io', false],
  ['*.kubernetes.io:1234/blah', 'prefix.kubernetes.io:1111/blah', false],
  ['prefix.*.io/foo', 'prefix.kubernetes.io:1111/foo/bar', false],
  // SPEC.md §7
  ['*.dkr.ecr.*.amazonaws.com', '123.dkr.ecr.us-east-1.amazonaws.com/app', true],
  ['*.amazonaws.com', '123.dkr.ecr.us-east-1.amazonaws.com/app', false],
  ['registry.io:5000', 'registry.io/app', false],
  ['registry.io/team', 'registry.io/team/app', true],
  ['registry.io/team', 'registry.io/other/app', false],
  // the path is a prefix as a string, not by segments
  ['registry.io/team', 'registry.io/teams/app', true],
  ['prefix.*.io/path:1111', 'prefix.docker.io/path/subpath:1111', false],
  // filepath.Match classes and escapes inside one label
  ['reg[0-9].io', 'reg7.io/app', true],
  ['reg[^0-9].io', 'reg7.io/app', false],
  // '?' starts the URL's query when Go parses the glob, so the host is `reg`
  ['reg?.io', 'reg7.io/app', false],
  ['reg\\*.io', 'reg*.io/app', true],
  ['reg\\*.io', 'regx.io/app', false],
  // a malformed pattern matches nothing (ErrBadPattern)
  ['reg[.io', 'reg[.io/app', false],
  ['127.0.0.1:5000', '127.0.0.1:5000/test/app', true],
  ['127.0.0.*:5000', '127.0.0.1:5000/test/app', true],
];

describe("kubelet's registry glob matching", () => {
  for (const [glob, target, match] of cases) {
    it(`${glob} ${match ? 'covers' : 'does not cover'} ${target}`, () =>
      assert.equal(urlsMatch(glob, target), match));
  }
});

describe('Go net.SplitHostPort as SplitURL reads it', () => {
  const table: [string, string, string][] = [
    ['a.io:5000', 'a.io', '5000'],
    ['a.io', 'a.io', ''],
    ['a.io:', 'a.io', ''],
    ['[::1]:5000', '::1', '5000'],
    ['a:b:c', 'a:b:c', ''],
  ];
  for (const [input, host, port] of table) {
    it(input, () => assert.deepEqual(splitHostPort(input), { host, port }));
  }
});

describe('path/filepath.Match patterns', () => {
  const table: [string, string, boolean | undefined][] = [
    ['*', 'anything', true],
    ['*', 'a/b', false],
    ['a?c', 'abc', true],
    ['[a-c]x', 'bx', true],
    ['[^a-c]x', 'bx', false],
    ['[]a]', 'a', undefined],
    ['[z-a]', 'a', undefined],
    ['a\\', 'a', undefined],
  ];
  for (const [pattern, name, want] of table) {
    it(`${pattern} on ${name}`, () => assert.equal(globRegExp(pattern)?.test(name), want));
  }
});
