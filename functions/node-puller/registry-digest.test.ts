/**
 * The registry digest check against a local HTTP server speaking the
 * registry's challenge protocol (the fake sits at HTTP; the real
 * docker-registry with Basic auth is in test/integration/node-puller.test.ts).
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { mayUsePlainHttp, parseChallenge, registryDigest } from './registry-digest.js';

const seen: { url: string; auth?: string; method?: string }[] = [];
let base = '';

function handle(req: IncomingMessage, res: ServerResponse) {
  seen.push({
    url: req.url ?? '',
    method: req.method ?? '',
    ...(req.headers.authorization !== undefined && { auth: req.headers.authorization }),
  });
  if (req.url?.startsWith('/token')) {
    const ok = req.headers.authorization === `Basic ${Buffer.from('u:p').toString('base64')}`;
    res
      .writeHead(ok ? 200 : 401, { 'content-type': 'application/json' })
      .end(ok ? JSON.stringify({ token: 'tok' }) : '{}');
    return;
  }
  if (req.headers.authorization !== 'Bearer tok') {
    res
      .writeHead(401, {
        'www-authenticate': `Bearer realm="${base}/token",service="reg",scope="repository:team/app:pull"`,
      })
      .end();
    return;
  }
  if (req.url === '/v2/team/app/manifests/v1')
    res.writeHead(200, { 'docker-content-digest': 'sha256:abc' }).end();
  else res.writeHead(404).end();
}

describe('registry manifest digest', () => {
  const server = createServer(handle);
  let host = '';
  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    base = `http://${host}`;
  });
  after(() => server.close());

  it('answers a Bearer challenge with a token got with the credential, over HTTP after HTTPS fails on loopback', async () => {
    seen.length = 0;
    const digest = await registryDigest({
      domain: host,
      path: 'team/app',
      tag: 'v1',
      credential: { username: 'u', password: 'p' },
    });
    assert.equal(digest, 'sha256:abc');
    assert.deepEqual(
      seen.map((s) => [s.method, s.url.split('?')[0], s.auth?.split(' ')[0]]),
      [
        ['HEAD', '/v2/team/app/manifests/v1', undefined],
        ['GET', '/token', 'Basic'],
        ['HEAD', '/v2/team/app/manifests/v1', 'Bearer'],
      ],
    );
    assert.match(seen[1]?.url ?? '', /service=reg&scope=repository%3Ateam%2Fapp%3Apull/);
  });

  it('fails on a refused token and on a missing tag', async () => {
    await assert.rejects(
      registryDigest({
        domain: host,
        path: 'team/app',
        tag: 'v1',
        credential: { username: 'u', password: 'x' },
      }),
      /HTTP 401/,
    );
    await assert.rejects(
      registryDigest({
        domain: host,
        path: 'team/app',
        tag: 'v9',
        credential: { username: 'u', password: 'p' },
      }),
      /HTTP 404/,
    );
  });

  it('falls back to plain HTTP only for local and private addresses', () => {
    assert.deepEqual(
      [
        'localhost:5000',
        '127.0.0.1:5000',
        '10.1.2.3',
        '172.16.0.1:80',
        '192.168.1.1',
        '172.32.0.1',
        'quay.io',
      ].map(mayUsePlainHttp),
      [true, true, true, true, true, false, false],
    );
  });

  it('reads challenge parameters', () =>
    assert.deepEqual(parseChallenge('Bearer realm="https://auth/token",service="registry.io"'), {
      scheme: 'bearer',
      params: { realm: 'https://auth/token', service: 'registry.io' },
    }));
});
