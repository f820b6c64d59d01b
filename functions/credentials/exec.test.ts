/**
 * The exec entry as kubelet runs it: `main.ts` in its own process (through
 * tsx; the bundle runs in test/integration/credentials.test.ts), the request
 * on its real stdin, the response read from its stdout, against the local
 * ECR endpoint with static test credentials from the environment.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startFakeEcr, type FakeEcr } from './fake-ecr.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const HOST = '123456789012.dkr.ecr.us-west-2.amazonaws.com';
const PASSWORD = 'exec-test-registry-password';

function runMain(stdin: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'get-credentials'], {
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('credentials exec entry (a process, stdin → stdout)', () => {
  let ecr: FakeEcr;
  let env: Record<string, string>;
  before(async () => {
    ecr = await startFakeEcr({ password: PASSWORD });
    env = {
      AWS_ENDPOINT_URL_ECR: ecr.url,
      AWS_ACCESS_KEY_ID: 'AKIDEXECTEST',
      AWS_SECRET_ACCESS_KEY: 'exec-test-secret-key',
      AWS_EC2_METADATA_DISABLED: 'true',
      LOG_LEVEL: '5',
    };
  });
  after(() => ecr.stop());

  for (const version of ['v1', 'v1beta1', 'v1alpha1']) {
    it(`answers a ${version} request in ${version} and exits 0`, async () => {
      const apiVersion = `credentialprovider.kubelet.k8s.io/${version}`;
      const res = await runMain(
        JSON.stringify({ apiVersion, kind: 'CredentialProviderRequest', image: `${HOST}/app:v1` }),
        env,
      );
      assert.equal(res.code, 0, res.stderr);
      const body = JSON.parse(res.stdout) as Record<string, unknown>;
      assert.deepEqual(
        { ...body, cacheDuration: typeof body['cacheDuration'] },
        {
          kind: 'CredentialProviderResponse',
          apiVersion,
          cacheKeyType: 'Registry',
          cacheDuration: 'string',
          auth: { [HOST]: { username: 'AWS', password: PASSWORD } },
        },
      );
      assert.ok(res.stderr.includes('"Got ECR credentials"'), res.stderr);
      assert.ok(!res.stderr.includes(PASSWORD));
    });
  }

  it('exits 1 with the reason on stderr and nothing on stdout for a bad request', async () => {
    const res = await runMain('{"kind":"CredentialProviderRequest"}', env);
    assert.deepEqual([res.code, res.stdout], [1, '']);
    assert.match(res.stderr, /"Error running credential provider plugin" err=.*is not supported/);
  });

  it('exits 1 naming the AWS error when ECR keeps failing', async () => {
    ecr.fail('ServerException', 'ServerException', 'ServerException');
    const res = await runMain(
      JSON.stringify({
        apiVersion: 'credentialprovider.kubelet.k8s.io/v1',
        kind: 'CredentialProviderRequest',
        image: `${HOST}/app:v1`,
      }),
      env,
    );
    assert.deepEqual([res.code, res.stdout], [1, '']);
    assert.match(
      res.stderr,
      /failed after 3 attempts: ServerException \(HTTP 500\): Internal error/,
    );
  });
});
