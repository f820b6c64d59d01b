import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { buildFunctions, type Bundle } from '../../../infra/build.js';
import { loadAdmissionEvent } from '../../../events/admission/load.js';
import {
  sidecarSetList,
  sidecarSetsPath,
  startFakeApiServer,
  type FakeApiServer,
} from '../../support/fake-apiserver.js';

type Handler = (event: unknown, context?: unknown) => Promise<Record<string, unknown>>;
const run = promisify(execFile);

const dir = mkdtempSync(join(tmpdir(), 'kruise-fn-lambda-'));
let api: FakeApiServer;
let bundle: Bundle;
let handler: Handler;

before(async () => {
  api = await startFakeApiServer([
    [sidecarSetsPath, sidecarSetList([loadAdmissionEvent('sidecarset-log-agent')])],
  ]);
  // The bundle reads its kubeconfig and settings from the environment when it loads.
  process.env['KUBECONFIG'] = api.writeKubeconfig(dir);
  process.env['LOG_LEVEL'] = '0';
  [bundle] = (await buildFunctions({ outdir: join(dir, 'dist'), only: ['admission'] })).filter(
    (b) => b.entry === 'lambda',
  ) as [Bundle];
  ({ handler } = (await import(pathToFileURL(bundle.outfile).href)) as { handler: Handler });
});
after(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The result with its body parsed and the patch as `op path` lines (values carry the clock). */
function summarize(result: Record<string, unknown>) {
  const body = JSON.parse(String(result['body'])) as { response: { patch?: string } };
  const patch = body.response.patch;
  const ops =
    patch === undefined
      ? []
      : (JSON.parse(Buffer.from(patch, 'base64').toString()) as { op: string; path: string }[]);
  return {
    ...result,
    body: { ...body, response: { ...body.response, patch: ops.map((o) => `${o.op} ${o.path}`) } },
  };
}

const injected = {
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  isBase64Encoded: false,
  body: {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    response: {
      uid: '705ab4f5-6393-11e8-b7cc-42010a800002',
      allowed: true,
      patchType: 'JSONPatch',
      patch: ['add /spec/containers/1', 'add /metadata/annotations'],
    },
  },
};

describe('admission Lambda bundle', () => {
  it('answers a Function URL event carrying an AdmissionReview', async (t) => {
    t.diagnostic(`dist/admission/lambda.js: ${bundle.bytes} bytes (${bundle.gzipBytes} gzipped)`);
    const event = loadAdmissionEvent<Record<string, unknown>>('function-url-create-pod');
    assert.deepStrictEqual(summarize(await handler(event, {})), injected);
  });

  it('answers a malformed review with a 400 AdmissionReview', async () => {
    const event = loadAdmissionEvent<Record<string, unknown>>('function-url-create-pod');
    event['body'] = '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{}}';
    assert.deepStrictEqual(await handler(event, {}), {
      statusCode: 400,
      headers: { 'content-type': 'application/json' },
      isBase64Encoded: false,
      body: JSON.stringify({
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        response: {
          uid: '',
          allowed: false,
          status: { code: 400, message: 'request.uid is required' },
        },
      }),
    });
  });

  it('decodes a base64 body', async () => {
    const event = loadAdmissionEvent<Record<string, unknown>>('function-url-create-pod');
    event['body'] = Buffer.from(String(event['body'])).toString('base64');
    event['isBase64Encoded'] = true;
    assert.deepStrictEqual(summarize(await handler(event, {})), injected);
  });

  it('reaches the API through a kubeconfig socks proxy-url (the proxy agent loads on first use)', async () => {
    // A kubeconfig naming a socks proxy that is not there: the read must fail at the proxy.
    const proxied = join(dir, 'kubeconfig-socks.json');
    const kubeconfig = JSON.parse(readFileSync(api.writeKubeconfig(dir), 'utf8')) as {
      clusters: { cluster: Record<string, unknown> }[];
    };
    const port = await closedPort();
    for (const c of kubeconfig.clusters) c.cluster['proxy-url'] = `socks5://127.0.0.1:${port}`;
    writeFileSync(proxied, JSON.stringify(kubeconfig));
    // A process of its own: the bundle reads its kubeconfig once, when it loads.
    const script = [
      `const { handler } = await import(${JSON.stringify(pathToFileURL(bundle.outfile).href)});`,
      `const event = JSON.parse(process.argv[1]);`,
      `process.stdout.write((await handler(event, {})).body);`,
    ].join('\n');
    const event = loadAdmissionEvent<Record<string, unknown>>('function-url-create-pod');
    const { stdout } = await run(
      process.execPath,
      ['--input-type=module', '-e', script, JSON.stringify(event)],
      {
        env: { ...process.env, KUBECONFIG: proxied, LOG_LEVEL: '0' },
      },
    );
    const body = JSON.parse(stdout) as {
      response: { allowed: boolean; status?: { code: number; message: string } };
    };
    assert.deepStrictEqual([body.response.allowed, body.response.status?.code], [false, 500]);
    assert.match(
      body.response.status?.message ?? '',
      new RegExp(`^list SidecarSets: connect ECONNREFUSED 127\\.0\\.0\\.1:${port}$`),
    );
  });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
