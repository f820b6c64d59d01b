/**
 * The credentials function as shipped (its esbuild bundles) against the local
 * ECR endpoint (functions/credentials/fake-ecr.ts, the only fake; the real AWS SDK
 * runs), beside the upstream ecr-credential-provider (built from the Go
 * module proxy, infra/node/build-ecr-credential-provider.sh) pointed at the
 * same endpoint through AWS_ENDPOINT_URL_ECR: the Lambda bundle under the
 * runtime emulator with Function URL events, the Knative bundle over HTTP,
 * and the exec bundle and the upstream plugin run as kubelet runs them
 * (a process, the request on stdin), through 5xx and throttling answers.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadCredentialsEvent } from '../../events/credentials/load.js';
import { buildFunctions } from '../../infra/build.js';
import { findEcrCredentialProvider } from '../../infra/node/ecr-credential-provider.js';
import { startBundleProcess, type BundleProcess } from '../support/bundle-process.js';
import { startFakeEcr, type FakeEcr } from '../../functions/credentials/fake-ecr.js';
import { startLambdaEmulator, type LambdaEmulator } from '../support/lambda-rie.js';

const HOST = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const PASSWORD = `ecr-it-${Math.random().toString(36).slice(2)}`;
const SECRET_KEY = `secret-${Math.random().toString(36).slice(2)}`;
const HOUR = 3_600_000;

const request = (image: string, version = 'v1') =>
  JSON.stringify({
    apiVersion: `credentialprovider.kubelet.k8s.io/${version}`,
    kind: 'CredentialProviderRequest',
    image,
  });

/** `file args…` with `stdin`, as kubelet's execPlugin runs a plugin (no shell). */
function runPlugin(file: string, stdin: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(file, ['get-credentials'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** Go's time.Duration string (h, m, s only) in ms. */
function goDurationMs(s: string): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(s);
  assert.ok(m !== null, `not a duration: ${s}`);
  return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}

describe('credentials function bundles and the upstream ecr-credential-provider', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kruise-fn-credentials-'));
  let ecr: FakeEcr;
  let env: Record<string, string>;
  let bundles: Record<string, string>;
  let upstream: string;
  let lambda: LambdaEmulator | undefined;
  let knative: BundleProcess | undefined;
  const stderrs: string[] = [];

  before(async () => {
    upstream = findEcrCredentialProvider();
    ecr = await startFakeEcr({ password: PASSWORD });
    const built = await buildFunctions({ outdir: join(dir, 'dist'), only: ['credentials'] });
    bundles = Object.fromEntries(built.map((b) => [b.entry, b.outfile]));
    env = {
      PATH: process.env['PATH'] ?? '',
      HOME: dir,
      AWS_ENDPOINT_URL_ECR: ecr.url,
      AWS_ACCESS_KEY_ID: 'AKIDINTEGRATION',
      AWS_SECRET_ACCESS_KEY: SECRET_KEY,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: join(dir, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-aws-credentials'),
      LOG_LEVEL: '5',
    };
  });

  after(async () => {
    await lambda?.stop();
    await knative?.stop();
    await ecr?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the Lambda bundle answers Function URL events; the second from its cache', async () => {
    lambda = await startLambdaEmulator(bundles['lambda'] ?? '', env);
    const before = ecr.calls.length;
    const first = (await lambda.invoke(loadCredentialsEvent('function-url-ecr-request'))) as {
      statusCode: number;
      body: string;
    };
    assert.equal(first.statusCode, 200, first.body);
    const body = JSON.parse(first.body) as Record<string, unknown>;
    assert.deepEqual(
      { ...body, cacheDuration: undefined },
      {
        kind: 'CredentialProviderResponse',
        apiVersion: 'credentialprovider.kubelet.k8s.io/v1',
        cacheKeyType: 'Registry',
        cacheDuration: undefined,
        auth: { [HOST]: { username: 'AWS', password: PASSWORD } },
      },
    );
    const cacheMs = goDurationMs(String(body['cacheDuration']));
    assert.ok(cacheMs > 11.7 * HOUR && cacheMs <= 11.75 * HOUR, String(body['cacheDuration']));
    const second = (await lambda.invoke(loadCredentialsEvent('function-url-ecr-request'))) as {
      statusCode: number;
    };
    assert.equal(second.statusCode, 200);
    assert.deepEqual(
      ecr.calls.slice(before).map((c) => [c.region, c.accessKeyId, c.answer]),
      [['us-east-1', 'AKIDINTEGRATION', 'ok']],
    );
    assert.equal(lambda.initDurationsMs.length, 1, 'more than one execution environment');
  });

  it('the Lambda bundle answers 502 with the AWS error name when ECR keeps throttling', async () => {
    assert.ok(lambda !== undefined);
    ecr.fail('ThrottlingException', 'ThrottlingException', 'ThrottlingException');
    const event = loadCredentialsEvent('function-url-ecr-request');
    event['body'] = request('123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:v1');
    const res = (await lambda.invoke(event)) as { statusCode: number; body: string };
    assert.deepEqual(
      [res.statusCode, JSON.parse(res.body)],
      [
        502,
        {
          error:
            'ECR GetAuthorizationToken in eu-west-1 failed after 3 attempts: ThrottlingException (HTTP 400): Rate exceeded',
          awsName: 'ThrottlingException',
        },
      ],
    );
  });

  it('the Knative bundle answers POST /credentials', async () => {
    knative = await startBundleProcess(bundles['knative'] ?? '', env);
    const res = await fetch(`${knative.url}/credentials`, {
      method: 'POST',
      body: request(`${HOST}/team/app:v1`, 'v1alpha1'),
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { apiVersion: string; auth: unknown };
    assert.deepEqual(
      [body.apiVersion, body.auth],
      [
        'credentialprovider.kubelet.k8s.io/v1alpha1',
        { [HOST]: { username: 'AWS', password: PASSWORD } },
      ],
    );
  });

  for (const which of ['exec bundle', 'upstream plugin'] as const) {
    it(`the ${which} retries a 5xx and a throttling answer, then prints the credentials`, async () => {
      const file = which === 'exec bundle' ? (bundles['main'] ?? '') : upstream;
      ecr.fail('ServerException', 'ThrottlingException');
      const before = ecr.calls.length;
      const res = await runPlugin(file, request(`${HOST}/team/app:v1`), env);
      stderrs.push(res.stderr);
      assert.equal(res.code, 0, res.stderr);
      const body = JSON.parse(res.stdout) as Record<string, unknown>;
      assert.deepEqual(
        { ...body, cacheDuration: undefined },
        {
          kind: 'CredentialProviderResponse',
          apiVersion: 'credentialprovider.kubelet.k8s.io/v1',
          cacheKeyType: 'Registry',
          cacheDuration: undefined,
          auth: { [HOST]: { username: 'AWS', password: PASSWORD } },
        },
      );
      // Upstream halves the time left; we keep the token until 15 min before it lapses.
      const cacheMs = goDurationMs(String(body['cacheDuration']));
      const [low, high] = which === 'upstream plugin' ? [5.9, 6] : [11.7, 11.75];
      assert.ok(cacheMs > low * HOUR && cacheMs <= high * HOUR, String(body['cacheDuration']));
      assert.deepEqual(
        ecr.calls.slice(before).map((c) => [c.region, c.answer]),
        [
          ['us-east-1', 'ServerException'],
          ['us-east-1', 'ThrottlingException'],
          ['us-east-1', 'ok'],
        ],
      );
    });

    it(`the ${which} exits 1 and prints nothing when ECR fails every attempt`, async () => {
      const file = which === 'exec bundle' ? (bundles['main'] ?? '') : upstream;
      ecr.fail('ServerException', 'ServerException', 'ServerException');
      const before = ecr.calls.length;
      const res = await runPlugin(file, request(`${HOST}/team/app:v1`), env);
      stderrs.push(res.stderr);
      assert.deepEqual([res.code, res.stdout], [1, '']);
      assert.match(res.stderr, /ServerException/);
      assert.equal(ecr.calls.length - before, 3);
    });
  }

  it('answers v1beta1 where the upstream plugin refuses it', async () => {
    const ours = await runPlugin(bundles['main'] ?? '', request(`${HOST}/a`, 'v1beta1'), env);
    const theirs = await runPlugin(upstream, request(`${HOST}/a`, 'v1beta1'), env);
    stderrs.push(ours.stderr, theirs.stderr);
    assert.equal(ours.code, 0, ours.stderr);
    assert.equal(
      (JSON.parse(ours.stdout) as { apiVersion: string }).apiVersion,
      'credentialprovider.kubelet.k8s.io/v1beta1',
    );
    assert.equal(theirs.code, 1);
    assert.match(
      theirs.stderr,
      /group version credentialprovider.kubelet.k8s.io\/v1beta1 is not supported/,
    );
  });

  it('no log line (Lambda, Knative, plugins) carries the password, token or secret key', () => {
    const token = Buffer.from(`AWS:${PASSWORD}`).toString('base64');
    const lines = [
      ...(lambda?.logs ?? []),
      ...(knative?.logs ?? []),
      ...stderrs.flatMap((s) => s.split('\n')),
    ];
    assert.ok(lines.some((l) => l.includes('Got ECR credentials')));
    assert.deepEqual(
      lines.filter((l) => [PASSWORD, token, SECRET_KEY].some((s) => l.includes(s))),
      [],
    );
  });
});
