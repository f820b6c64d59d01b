/**
 * The HTTP routes in process (app.request), with the real AWS SDK against
 * the local ECR endpoint (functions/credentials/fake-ecr.ts) and the process deps.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../shared/log/index.js';
import { captureLines } from '../../shared/log/test-support.js';
import { startFakeEcr, type FakeEcr } from './fake-ecr.js';
import { createApp } from './app.js';
import { processDeps } from './deps.js';

const HOST = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const ENV_KEYS = ['AWS_ENDPOINT_URL_ECR', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;
const PASSWORD = 'app-test-registry-password';

const post = (app: ReturnType<typeof createApp>, body: unknown) =>
  app.request('/credentials', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const request = (image: string, version = 'v1') => ({
  apiVersion: `credentialprovider.kubelet.k8s.io/${version}`,
  kind: 'CredentialProviderRequest',
  image,
});

describe('credentials app', () => {
  let ecr: FakeEcr;
  const saved = ENV_KEYS.map((k) => [k, process.env[k]] as const);
  const logs = captureLines();
  let app: ReturnType<typeof createApp>;

  before(async () => {
    ecr = await startFakeEcr({ password: PASSWORD });
    process.env['AWS_ENDPOINT_URL_ECR'] = ecr.url;
    process.env['AWS_ACCESS_KEY_ID'] = 'AKIDAPPTEST';
    process.env['AWS_SECRET_ACCESS_KEY'] = 'app-test-secret-key';
    app = createApp({
      ...processDeps({}),
      log: createLogger({ destination: logs.destination, level: 5 }),
    });
  });
  after(async () => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await ecr.stop();
  });

  it('answers a CredentialProviderResponse for an ECR image, in the request version', async () => {
    const res = await post(app, request(`${HOST}/team/app:v1`, 'v1beta1'));
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<string, unknown>;
    assert.match(String(body['cacheDuration']), /^11h4[45]m\d+s$/);
    assert.deepEqual(
      { ...body, cacheDuration: undefined },
      {
        kind: 'CredentialProviderResponse',
        apiVersion: 'credentialprovider.kubelet.k8s.io/v1beta1',
        cacheKeyType: 'Registry',
        cacheDuration: undefined,
        auth: { [HOST]: { username: 'AWS', password: PASSWORD } },
      },
    );
    assert.equal(ecr.calls.at(-1)?.region, 'us-east-1');
  });

  it('answers a second ask for the registry from the cache', async () => {
    const before = ecr.calls.length;
    const res = await post(app, request(`${HOST}/other:v2`));
    assert.equal(res.status, 200);
    assert.equal(ecr.calls.length, before);
  });

  it('asks ECR once for concurrent requests of a new region', async () => {
    const before = ecr.calls.length;
    const host = '123456789012.dkr.ecr.eu-central-1.amazonaws.com';
    const all = await Promise.all([1, 2, 3].map((i) => post(app, request(`${host}/a:${i}`))));
    assert.deepEqual(
      all.map((r) => r.status),
      [200, 200, 200],
    );
    assert.deepEqual(
      ecr.calls.slice(before).map((c) => c.region),
      ['eu-central-1'],
    );
  });

  it('answers 502 with the AWS error name when ECR keeps throttling', async () => {
    ecr.fail('ThrottlingException', 'ThrottlingException', 'ThrottlingException');
    const res = await post(app, request('123456789012.dkr.ecr.ap-south-1.amazonaws.com/a'));
    assert.equal(res.status, 502);
    assert.deepEqual(await res.json(), {
      error:
        'ECR GetAuthorizationToken in ap-south-1 failed after 3 attempts: ThrottlingException (HTTP 400): Rate exceeded',
      awsName: 'ThrottlingException',
    });
  });

  const bad = [
    { name: 'malformed JSON', body: '{', status: 400 },
    { name: 'a request without image', body: request(''), status: 400 },
    { name: 'a body over 64 KiB', body: request(`${HOST}/${'a'.repeat(70_000)}`), status: 413 },
  ];
  for (const c of bad) {
    it(`answers ${c.status} to ${c.name}`, async () => {
      const res = await post(app, c.body);
      assert.equal(res.status, c.status);
      assert.ok(typeof ((await res.json()) as { error?: unknown }).error === 'string');
    });
  }

  it('serves /healthz', async () => {
    const res = await app.request('/healthz');
    assert.deepEqual([res.status, await res.text()], [200, 'ok']);
  });

  it('never logs the password or the token', () => {
    const token = Buffer.from(`AWS:${PASSWORD}`).toString('base64');
    const { lines } = logs;
    assert.ok(lines.some((l) => l.includes('Got ECR credentials')));
    assert.deepEqual(
      lines.filter((l) => l.includes(PASSWORD) || l.includes(token)),
      [],
    );
  });
});
