import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CrrContainer } from '../../../shared/api/containerrecreaterequest.js';
import { httpGetRequest, LIFECYCLE_USER_AGENT, resolvePort } from './pre-stop.js';

const container: CrrContainer = { name: 'app', ports: [{ name: 'web', containerPort: 8080 }] };

describe('resolvePort', () => {
  const cases: [number | string, number | string][] = [
    [80, 80],
    ['81', 81],
    ['web', 8080],
    ['db', "couldn't find port: db in app"],
  ];
  for (const [port, want] of cases) {
    it(String(port), () => {
      const got = resolvePort(port, container);
      assert.deepEqual(got instanceof Error ? got.message : got, want);
    });
  }
});

describe('httpGetRequest', () => {
  it('builds the URL and headers kubelet sends', () => {
    const got = httpGetRequest(
      {
        host: '127.0.0.1',
        port: 'web',
        path: 'quit',
        scheme: 'HTTP',
        httpHeaders: [
          { name: 'X-A', value: '1' },
          { name: 'Host', value: 'example' },
        ],
      },
      container,
    );
    assert.ok(!(got instanceof Error));
    assert.equal(got.url, 'http://127.0.0.1:8080/quit');
    assert.equal(got.headers.get('user-agent'), LIFECYCLE_USER_AGENT);
    assert.equal(got.headers.get('x-a'), '1');
    assert.equal(got.host, 'example');
  });
  it('IPv6 hosts are bracketed', () => {
    const got = httpGetRequest({ host: '::1', port: 9, path: '/' }, container);
    assert.ok(!(got instanceof Error));
    assert.equal(got.url, 'http://[::1]:9/');
  });
  it('no host: the daemon has no pod IP', () => {
    const got = httpGetRequest({ port: 9 }, container);
    assert.ok(got instanceof Error);
    assert.match(got.message, /^failed to find networking container/);
  });
});
