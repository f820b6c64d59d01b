/**
 * The real AWS SDK against the local ECR endpoint (functions/credentials/fake-ecr.ts):
 * the call is signed for the image's region, 5xx and throttling are retried
 * by the SDK's standard strategy, and what remains after the attempts
 * surfaces with its AWS name.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeEcr, type FakeEcr } from './fake-ecr.js';
import { decodeAuthorizationToken, ecrClient, fetchEcrToken } from './ecr-token.js';

const ENV_KEYS = ['AWS_ENDPOINT_URL_ECR', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;

describe('fetchEcrToken through @aws-sdk/client-ecr', () => {
  let ecr: FakeEcr;
  const saved = ENV_KEYS.map((k) => [k, process.env[k]] as const);

  before(async () => {
    ecr = await startFakeEcr({ password: 'registry-password' });
    process.env['AWS_ENDPOINT_URL_ECR'] = ecr.url;
    process.env['AWS_ACCESS_KEY_ID'] = 'AKIDTESTONLY';
    process.env['AWS_SECRET_ACCESS_KEY'] = 'test-secret-key';
  });
  after(async () => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await ecr.stop();
  });

  it('decodes the token and signs for the region', async () => {
    const started = Date.now();
    const token = await fetchEcrToken(ecrClient('eu-west-1', {}), 'eu-west-1');
    assert.deepEqual([token.username, token.password], ['AWS', 'registry-password']);
    assert.ok(token.expiresAt !== undefined && token.expiresAt >= started + 12 * 3_600_000 - 1000);
    const last = ecr.calls.at(-1);
    assert.deepEqual(
      { op: last?.operation, region: last?.region, key: last?.accessKeyId, body: last?.body },
      { op: 'GetAuthorizationToken', region: 'eu-west-1', key: 'AKIDTESTONLY', body: {} },
    );
  });

  it('retries a 5xx and a throttling answer, then succeeds on the third attempt', async () => {
    ecr.fail('ServerException', 'ThrottlingException');
    const before = ecr.calls.length;
    const token = await fetchEcrToken(ecrClient('us-east-1', {}), 'us-east-1');
    assert.equal(token.password, 'registry-password');
    assert.deepEqual(
      ecr.calls.slice(before).map((c) => c.answer),
      ['ServerException', 'ThrottlingException', 'ok'],
    );
  });

  it('surfaces throttling that outlasts the attempts with its AWS name', async () => {
    ecr.fail('ThrottlingException', 'ThrottlingException', 'ThrottlingException');
    await assert.rejects(fetchEcrToken(ecrClient('us-east-1', {}), 'us-east-1'), {
      name: 'EcrError',
      awsName: 'ThrottlingException',
      attempts: 3,
      code: 502,
      message:
        'ECR GetAuthorizationToken in us-east-1 failed after 3 attempts: ThrottlingException (HTTP 400): Rate exceeded',
    });
  });

  it('surfaces a 5xx that outlasts the attempts', async () => {
    ecr.fail('ServerException', 'ServerException', 'ServerException');
    await assert.rejects(fetchEcrToken(ecrClient('us-east-1', {}), 'us-east-1'), {
      awsName: 'ServerException',
      message:
        'ECR GetAuthorizationToken in us-east-1 failed after 3 attempts: ServerException (HTTP 500): Internal error',
    });
  });

  it('honours AWS_MAX_ATTEMPTS', async () => {
    ecr.fail('ServerException');
    process.env['AWS_MAX_ATTEMPTS'] = '1';
    try {
      await assert.rejects(
        fetchEcrToken(ecrClient('us-east-1', { AWS_MAX_ATTEMPTS: '1' }), 'us-east-1'),
        { awsName: 'ServerException', attempts: 1 },
      );
    } finally {
      delete process.env['AWS_MAX_ATTEMPTS'];
    }
  });
});

describe('decodeAuthorizationToken', () => {
  it('splits at the first colon', () => {
    assert.deepEqual(decodeAuthorizationToken(Buffer.from('AWS:a:b').toString('base64')), {
      username: 'AWS',
      password: 'a:b',
    });
  });
  it("refuses a token without a colon, in the upstream plugin's words", () => {
    assert.throws(() => decodeAuthorizationToken(Buffer.from('nocolon').toString('base64')), {
      name: 'EcrError',
      message: 'error parsing username and password from authorization token',
    });
  });
});
