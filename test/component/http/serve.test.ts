import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import { Hono } from 'hono';
import { pino } from 'pino';
import { until } from '../../support/until.js';
import { createTestCa, issueServingCert } from '../../../infra/dev/pki.js';
import {
  DEFAULT_PORT,
  HEADERS_TIMEOUT_MS,
  KEEP_ALIVE_TIMEOUT_MS,
  parsePort,
  serveApp,
  wantsTls,
} from '../../../shared/http/serve.js';

const log = pino({ level: 'silent' });
const dir = mkdtempSync(join(tmpdir(), 'kruise-fn-serve-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** An app whose /slow answers only when the test lets it. */
function slowApp() {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  let arrived: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (arrived = resolve));
  const app = new Hono();
  app.get('/healthz', (c) => c.text('ok'));
  app.get('/slow', async (c) => {
    arrived();
    await released;
    return c.text('done');
  });
  return { app, release, started };
}

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly issuer?: string;
}

function get(url: string, ca?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const options = { method: 'GET', agent: false as const, ...(ca !== undefined && { ca }) };
    const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(u, options, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        const socket = res.socket as { getPeerCertificate?: () => { issuer?: { CN?: string } } };
        const issuer = socket.getPeerCertificate?.().issuer?.CN;
        resolve({ status: res.statusCode ?? 0, body, ...(issuer !== undefined && { issuer }) });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** GETs until the server presents a certificate from `issuer` (the source polls every 50 ms). */
async function untilIssuer(url: string, ca: string, issuer: string) {
  for (let i = 0; ; i++) {
    const res = await get(url, ca).catch(() => undefined);
    if (res?.issuer === issuer || i >= 100) return res;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * One kept-alive connection, driven by hand: `send` writes a GET and resolves
 * with the status line of its answer; `closed` tells whether the server has
 * closed (or reset) the connection since.
 */
function keptAlive(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  let received = '';
  let waiting: ((statusLine: string) => void) | undefined;
  let ended: string | undefined;
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => {
    received += d;
    // Every answer here is a small 'ok' with a Content-Length: one chunk per answer.
    const end = received.indexOf('\r\n\r\nok');
    if (end >= 0 && waiting !== undefined) {
      const statusLine = received.slice(0, received.indexOf('\r\n'));
      received = received.slice(end + 6);
      waiting(statusLine);
      waiting = undefined;
    }
  });
  socket.on('error', (err: NodeJS.ErrnoException) => (ended = err.code ?? err.message));
  socket.on('close', () => (ended ??= 'closed'));
  return {
    send: (): Promise<string> =>
      new Promise((resolve, reject) => {
        if (ended !== undefined) return reject(new Error(`connection ${ended}`));
        waiting = resolve;
        socket.once('close', () => reject(new Error(`connection ${ended ?? 'closed'}`)));
        socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      }),
    closed: () => ended,
    destroy: () => socket.destroy(),
  };
}

describe('parsePort and wantsTls', () => {
  const ports = [
    { raw: undefined, want: DEFAULT_PORT },
    { raw: '', want: 8080 },
    { raw: '9443', want: 9443 },
    { raw: '0', want: 0 },
  ];
  for (const p of ports) {
    it(`reads PORT ${JSON.stringify(p.raw)} as ${p.want}`, () =>
      assert.equal(parsePort(p.raw), p.want));
  }
  for (const raw of ['http', '70000', '-1', '80.5']) {
    it(`rejects PORT ${JSON.stringify(raw)}`, () =>
      assert.throws(() => parsePort(raw), new Error(`PORT: ${JSON.stringify(raw)} is not a port`)));
  }
  it('asks for HTTPS when any TLS variable is set', () => {
    assert.equal(wantsTls({}), false);
    assert.equal(wantsTls({ TLS_CERT_FILE: '', TLS_SECRET: '' }), false);
    assert.equal(wantsTls({ TLS_CERT_FILE: 'c', TLS_KEY_FILE: 'k' }), true);
    assert.equal(wantsTls({ TLS_SECRET: 'kruise-system/kruise-webhook-certs' }), true);
  });
  it('refuses to start with only one TLS file', async () => {
    await assert.rejects(
      serveApp({
        fetch: () => new Response(),
        log,
        env: { PORT: '0', TLS_CERT_FILE: 'c' },
        signals: [],
      }),
      { message: 'set TLS_CERT_FILE and TLS_KEY_FILE, or TLS_SECRET=<namespace>/<name>' },
    );
  });
});

describe('serveApp', () => {
  it('serves plain HTTP on PORT and drains a request in flight on close', async () => {
    const { app, release, started } = slowApp();
    const server = await serveApp({
      fetch: app.fetch,
      log,
      env: { PORT: '0' },
      hostname: '127.0.0.1',
      signals: [],
    });
    const base = `http://127.0.0.1:${server.port}`;
    assert.equal(server.tls, false);
    assert.deepStrictEqual(await get(`${base}/healthz`), { status: 200, body: 'ok' });
    const inFlight = get(`${base}/slow`);
    await started;
    const closed = server.close();
    await assert.rejects(get(`${base}/healthz`), { code: 'ECONNREFUSED' });
    release();
    assert.deepStrictEqual(await inFlight, { status: 200, body: 'done' });
    await closed;
  });

  it('serves HTTPS from the TLS files and swaps in a new key pair without failing requests in flight', async () => {
    const [caA, caB] = await Promise.all([createTestCa('ca-a'), createTestCa('ca-b')]);
    const [pairA, pairB] = await Promise.all([issueServingCert(caA), issueServingCert(caB)]);
    const certFile = join(dir, 'tls.crt');
    const keyFile = join(dir, 'tls.key');
    writeFileSync(certFile, pairA.certPem);
    writeFileSync(keyFile, pairA.keyPem);
    const { app, release, started } = slowApp();
    const env = { PORT: '0', TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile };
    const server = await serveApp({
      fetch: app.fetch,
      log,
      env,
      hostname: '127.0.0.1',
      signals: [],
      tlsPollMs: 50,
    });
    const base = `https://127.0.0.1:${server.port}`;
    try {
      assert.equal(server.tls, true);
      assert.equal(server.server.keepAliveTimeout, KEEP_ALIVE_TIMEOUT_MS);
      assert.deepStrictEqual(await get(`${base}/healthz`, caA.certPem), {
        status: 200,
        body: 'ok',
        issuer: 'ca-a',
      });
      const inFlight = get(`${base}/slow`, caA.certPem);
      await started;
      writeFileSync(certFile, pairB.certPem);
      writeFileSync(keyFile, pairB.keyPem);
      assert.deepStrictEqual(await untilIssuer(`${base}/healthz`, caB.certPem, 'ca-b'), {
        status: 200,
        body: 'ok',
        issuer: 'ca-b',
      });
      release();
      assert.deepStrictEqual(await inFlight, { status: 200, body: 'done', issuer: 'ca-a' });
    } finally {
      await server.close();
    }
  });

  it('shuts down on a signal once requests in flight are done', async () => {
    const { app, release, started } = slowApp();
    let drained: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (drained = resolve));
    const server = await serveApp({
      fetch: app.fetch,
      log,
      env: { PORT: '0' },
      hostname: '127.0.0.1',
      signals: ['SIGUSR2'],
      onDrained: drained,
    });
    const inFlight = get(`http://127.0.0.1:${server.port}/slow`);
    await started;
    process.kill(process.pid, 'SIGUSR2');
    release();
    assert.deepStrictEqual(await inFlight, { status: 200, body: 'done' });
    await done;
    assert.equal(server.server.listening, false);
  });

  it('keeps idle connections open longer than the kube-apiserver keeps them idle (90 s)', async () => {
    const server = await serveApp({
      fetch: () => new Response(),
      log,
      env: { PORT: '0' },
      hostname: '127.0.0.1',
      signals: [],
    });
    try {
      // Both idle clocks (between requests; before a connection's first request) outlast 90 s.
      assert.deepStrictEqual(
        {
          keepAliveTimeout: server.server.keepAliveTimeout,
          headersTimeout: server.server.headersTimeout,
          requestTimeout: server.server.requestTimeout,
        },
        { keepAliveTimeout: 120_000, headersTimeout: 125_000, requestTimeout: 0 },
      );
      assert.equal(KEEP_ALIVE_TIMEOUT_MS, 120_000);
      assert.equal(HEADERS_TIMEOUT_MS, 125_000);
    } finally {
      await server.close();
    }
  });

  it(
    'answers the first request on a connection that stayed unused longer than the request timeout',
    { timeout: 10_000 },
    async () => {
      const app = new Hono();
      app.get('/healthz', (c) => c.text('ok'));
      const server = await serveApp({
        fetch: app.fetch,
        log,
        env: { PORT: '0' },
        hostname: '127.0.0.1',
        signals: [],
        requestTimeoutMs: 300,
      });
      const conn = keptAlive(server.port);
      try {
        // Node's requestTimeout would answer 408 and close a connection unused this long.
        await sleep(1_500);
        assert.equal(conn.closed(), undefined);
        assert.equal(await conn.send(), 'HTTP/1.1 200 OK');
      } finally {
        conn.destroy();
        await server.close();
      }
    },
  );

  it(
    'closes connections that were never used when it shuts down, not after the drain timeout',
    { timeout: 5_000 },
    async () => {
      const server = await serveApp({
        fetch: () => new Response('ok'),
        log,
        env: { PORT: '0' },
        hostname: '127.0.0.1',
        signals: [],
        drainTimeoutMs: 60_000,
      });
      const used = keptAlive(server.port);
      const unused = keptAlive(server.port);
      assert.equal(await used.send(), 'HTTP/1.1 200 OK');
      const connections = () =>
        new Promise<number>((resolve) => server.server.getConnections((_e, n) => resolve(n)));
      await until('both connections accepted', async () =>
        (await connections()) === 2 ? true : undefined,
      );
      await server.close();
      await until('both connections closed', () =>
        used.closed() !== undefined && unused.closed() !== undefined ? true : undefined,
      );
      assert.equal(unused.closed(), 'closed');
    },
  );

  it(
    'answers a request on a connection reused after an idle gap longer than 5 s and than the request timeout',
    { timeout: 20_000 },
    async () => {
      const app = new Hono();
      app.get('/healthz', (c) => c.text('ok'));
      // A 2 s request timeout (and so headersTimeout) shows the idle time is not counted against it.
      const server = await serveApp({
        fetch: app.fetch,
        log,
        env: { PORT: '0' },
        hostname: '127.0.0.1',
        signals: [],
        requestTimeoutMs: 2_000,
      });
      const conn = keptAlive(server.port);
      try {
        assert.equal(await conn.send(), 'HTTP/1.1 200 OK');
        // Node's default keepAliveTimeout (5 s) would have closed it by now.
        await sleep(6_000);
        assert.equal(conn.closed(), undefined);
        assert.equal(await conn.send(), 'HTTP/1.1 200 OK');
        assert.equal(conn.closed(), undefined);
      } finally {
        conn.destroy();
        await server.close();
      }
    },
  );

  it(
    'drops a request whose body has not arrived within the request timeout',
    { timeout: 10_000 },
    async () => {
      const app = new Hono();
      app.post('/echo', async (c) => c.text(await c.req.text()));
      const server = await serveApp({
        fetch: app.fetch,
        log,
        env: { PORT: '0' },
        hostname: '127.0.0.1',
        requestTimeoutMs: 300,
      });
      try {
        // Half a body, then nothing: the server answers 408 and closes the connection.
        const answer = await new Promise<string>((resolve, reject) => {
          const socket = connect(server.port, '127.0.0.1', () => {
            socket.write('POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"half":');
          });
          let received = '';
          socket.setEncoding('utf8');
          socket.on('data', (d: string) => (received += d));
          socket.on('close', () => resolve(received));
          socket.on('error', reject);
        });
        assert.match(answer, /^HTTP\/1\.1 408 /);
        // A request that arrives whole is still answered.
        const whole = await new Promise<string>((resolve, reject) => {
          const req = httpRequest(
            `http://127.0.0.1:${server.port}/echo`,
            { method: 'POST' },
            (res) => {
              let body = '';
              res.on('data', (d: Buffer) => (body += d.toString()));
              res.on('end', () => resolve(body));
            },
          );
          req.on('error', reject);
          req.end('{"whole":true}');
        });
        assert.equal(whole, '{"whole":true}');
      } finally {
        await server.close();
      }
    },
  );
});
