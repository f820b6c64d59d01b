import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
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
});
