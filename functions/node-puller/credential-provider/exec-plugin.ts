/**
 * Runs a credential-provider plugin as kubelet's execPlugin does
 * (k8s.io/kubernetes@v1.28.9 pkg/credentialprovider/plugin/plugin.go):
 * `<bin dir>/<name> <args…>` with no shell, this process's environment plus
 * the configured `env` (later entries win), a `CredentialProviderRequest`
 * of the provider's apiVersion on stdin, killed after the timeout (1 min);
 * the response on stdout must have the same apiVersion and kind
 * `CredentialProviderResponse`. The plugin's stderr is logged and carried
 * in a failure's message, as kubelet does; stdout (the credentials) never is.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { KruiseFnError } from '../../../shared/errors.js';
import { parseGoDuration } from '../../../shared/go/duration.js';
import type { RegistryCredential } from '../../../shared/registry-auth/docker-keyring.js';
import type { ProviderConfig } from './config.js';

export const PLUGIN_TIMEOUT_MS = 60_000;

export interface PluginResponse {
  readonly cacheKeyType: string;
  /** nanoseconds; absent when the plugin gave none */
  readonly cacheDuration?: bigint;
  /** [matchImage pattern, credential] */
  readonly auth: readonly (readonly [string, RegistryCredential])[];
}

export class PluginError extends KruiseFnError {}

export interface ExecOptions {
  readonly binDir: string;
  readonly timeoutMs?: number;
  readonly environ?: NodeJS.ProcessEnv;
  readonly log: Logger;
}

function run(
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  stdin: string,
  timeoutMs: number,
) {
  return new Promise<{ stdout: string; stderr: string; failure?: string }>((resolve) => {
    const child = spawn(file, [...args], { env, stdio: ['pipe', 'pipe', 'pipe'], shell: false });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.stdin.on('error', () => undefined);
    const done = (failure?: string) => {
      clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ...(failure !== undefined && { failure }),
      });
    };
    child.on('error', (e) => done(e.message));
    child.on('close', (code, signal) => {
      if (timedOut) done('context deadline exceeded');
      else if (code !== 0)
        done(code === null ? `signal: ${signal ?? 'unknown'}` : `exit status ${code}`);
      else done();
    });
    child.stdin.end(stdin);
  });
}

function parseResponse(stdout: string, apiVersion: string): PluginResponse {
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch {
    throw new PluginError('error reading GVK from response: not JSON');
  }
  const obj = (typeof doc === 'object' && doc !== null ? doc : {}) as Record<string, unknown>;
  const got = String(obj['apiVersion'] ?? '');
  if (got !== apiVersion)
    throw new PluginError(
      `apiVersion from credential plugin response did not match expected apiVersion:${apiVersion}, actual apiVersion:${got}`,
    );
  if (obj['kind'] !== 'CredentialProviderResponse')
    throw new PluginError('error decoding credential provider plugin response from stdout');
  const auth =
    typeof obj['auth'] === 'object' && obj['auth'] !== null
      ? (obj['auth'] as Record<string, unknown>)
      : {};
  let cacheDuration: bigint | undefined;
  if (obj['cacheDuration'] !== undefined && obj['cacheDuration'] !== null) {
    cacheDuration = parseGoDuration(String(obj['cacheDuration']));
    if (cacheDuration === undefined)
      throw new PluginError('error decoding credential provider plugin response from stdout');
  }
  return {
    cacheKeyType: String(obj['cacheKeyType'] ?? ''),
    ...(cacheDuration !== undefined && { cacheDuration }),
    auth: Object.entries(auth).map(([pattern, v]) => {
      const a = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
      return [
        pattern,
        { username: String(a['username'] ?? ''), password: String(a['password'] ?? '') },
      ] as const;
    }),
  };
}

/** Asks the plugin for `image`'s credentials. */
export async function execPlugin(
  provider: ProviderConfig,
  image: string,
  options: ExecOptions,
): Promise<PluginResponse> {
  const request = `${JSON.stringify({ kind: 'CredentialProviderRequest', apiVersion: provider.apiVersion, image })}\n`;
  const env = { ...(options.environ ?? process.env) };
  for (const { name, value } of provider.env) env[name] = value;
  const file = join(options.binDir, provider.name);
  const res = await run(file, provider.args, env, request, options.timeoutMs ?? PLUGIN_TIMEOUT_MS);
  if (res.stderr.trim() !== '')
    options.log.info(
      { plugin: provider.name, image, stderr: res.stderr.trim() },
      'Credential provider plugin wrote to stderr',
    );
  if (res.failure !== undefined)
    throw new PluginError(
      `error execing credential provider plugin ${provider.name} for image ${image}: ${res.failure}: ${res.stderr}`,
    );
  return parseResponse(res.stdout, provider.apiVersion);
}
