/**
 * The admission Lambda bundle as shipped (infra/build.ts), run as AWS Lambda
 * runs it (the runtime interface emulator with the Node.js runtime interface
 * client, test/support/lambda-rie.ts) against the real kube-apiserver:
 * Function URL events carrying AdmissionReviews get the webhook's answers,
 * from SidecarSets it reads in its init phase.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadAdmissionEvent } from '../../events/admission/load.js';
import { buildFunctions } from '../../infra/build.js';
import { installCrds } from '../../infra/manifests/install-crds.js';
import type { SidecarSet } from '../../shared/api/sidecarset.js';
import { kubeClient, type KubeClient } from '../../shared/kube/client.js';
import { sidecarSets } from '../../shared/kube/kruise-resources.js';
import { chartIdentity } from '../support/chart-identity.js';
import { ensureNamespace, sharedControlPlane } from '../support/control-plane.js';
import { startLambdaEmulator, type LambdaEmulator } from '../support/lambda-rie.js';

const dir = mkdtempSync(join(tmpdir(), 'kruise-fn-admission-lambda-'));
// This run's SidecarSet matches only this run's pods: others on the shared apiserver are untouched.
const run = randomBytes(3).toString('hex');
const sidecarSetName = `lambda-log-agent-${run}`;
let client: KubeClient;
let lambda: LambdaEmulator;

/** The sample Function URL event, its pod labelled for this run; `body` edits the review text. */
function functionUrlEvent(body: (review: string) => string = (r) => r) {
  const event = loadAdmissionEvent<Record<string, unknown>>('function-url-create-pod');
  const review = JSON.parse(String(event['body'])) as {
    request: { object: { metadata: { labels: Record<string, string> } } };
  };
  review.request.object.metadata.labels['kruise-fn-lambda'] = run;
  event['body'] = body(JSON.stringify(review));
  return event;
}

/** The result with its body parsed and the patch as `op path` lines (values carry the clock). */
function summarize(result: unknown) {
  const r = result as Record<string, unknown>;
  const body = JSON.parse(String(r['body'])) as { response: { patch?: string } };
  const patch = body.response.patch;
  const ops =
    patch === undefined
      ? []
      : (JSON.parse(Buffer.from(patch, 'base64').toString()) as { op: string; path: string }[]);
  return {
    ...r,
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

before(async () => {
  const cp = await sharedControlPlane();
  await installCrds(cp.kubeConfig);
  await ensureNamespace(cp.kubeConfig, 'kruise-system');
  client = kubeClient(cp.kubeConfig);
  // The sample as the SidecarSet webhook left it (its hash annotations), selecting this run only.
  const sample = loadAdmissionEvent<SidecarSet>('sidecarset-log-agent');
  const { resourceVersion: _rv, ...metadata } = sample.metadata ?? {};
  await client.create(sidecarSets, {
    ...sample,
    metadata: { ...metadata, name: sidecarSetName },
    spec: { ...sample.spec, selector: { matchLabels: { 'kruise-fn-lambda': run } } },
    status: undefined,
  });
  const [bundle] = (
    await buildFunctions({ outdir: join(dir, 'dist'), only: ['admission'] })
  ).filter((b) => b.entry === 'lambda');
  assert.ok(bundle !== undefined, 'no admission/lambda bundle');
  // The RBAC a Lambda install binds to the admission function's group.
  const identity = await chartIdentity(cp, 'admission', { platform: 'lambda' });
  lambda = await startLambdaEmulator(bundle.outfile, {
    KUBECONFIG: identity.kubeconfigPath,
    LOG_LEVEL: '0',
  });
});
after(async () => {
  await client?.delete(sidecarSets, { name: sidecarSetName }).catch(() => undefined);
  if (lambda !== undefined) assert.equal(await lambda.stop(), 0);
  rmSync(dir, { recursive: true, force: true });
});

describe('admission Lambda bundle under the runtime emulator', () => {
  it('answers a Function URL event carrying an AdmissionReview with the injection', async () => {
    assert.deepStrictEqual(summarize(await lambda.invoke(functionUrlEvent())), injected);
  });

  it('decodes a base64 body', async () => {
    const event = functionUrlEvent();
    event['body'] = Buffer.from(String(event['body'])).toString('base64');
    event['isBase64Encoded'] = true;
    assert.deepStrictEqual(summarize(await lambda.invoke(event)), injected);
  });

  it('answers a malformed review with a 400 AdmissionReview', async () => {
    const event = functionUrlEvent(
      () => '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{}}',
    );
    assert.deepStrictEqual(await lambda.invoke(event), {
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

  it('served every invocation from one execution environment (one init phase)', () => {
    assert.equal(lambda.initDurationsMs.length, 1);
  });
});
