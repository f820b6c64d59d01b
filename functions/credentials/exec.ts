/**
 * The credential-provider exec protocol, as kubelet runs a plugin
 * (k8s.io/kubernetes pkg/credentialprovider/plugin): a
 * CredentialProviderRequest on stdin, the response in the same apiVersion
 * on stdout and exit 0; on failure nothing on stdout, the reason on stderr
 * (our log line, which kubelet and the node puller log) and exit 1, as the
 * upstream ecr-credential-provider exits. Unlike upstream, v1beta1 and
 * v1alpha1 requests are answered too.
 */
import type { Logger } from 'pino';
import { ecrCredentials, type CredentialsDeps } from './credentials.js';
import { parseProviderRequest } from './provider-api.js';

export interface ExecResult {
  readonly stdout: string;
  readonly exitCode: 0 | 1;
}

export async function runExec(
  stdin: string,
  deps: CredentialsDeps,
  log: Logger,
): Promise<ExecResult> {
  try {
    const response = await ecrCredentials(parseProviderRequest(stdin), deps, log);
    return { stdout: `${JSON.stringify(response)}\n`, exitCode: 0 };
  } catch (err) {
    log.error({ err }, 'Error running credential provider plugin');
    return { stdout: '', exitCode: 1 };
  }
}
