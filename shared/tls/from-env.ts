/**
 * Picks the key-pair source from env: TLS_CERT_FILE + TLS_KEY_FILE (files,
 * e.g. a mounted Secret), or TLS_SECRET=<namespace>/<name> (API reads).
 */
import { KubeConfig } from '@kubernetes/client-node';
import { kubeClient, type KubeClient } from '../kube/client.js';
import type { Logger } from 'pino';
import { openFileKeyPairSource } from './file-source.js';
import { KeyPairError, type KeyPairSource } from './key-pair-source.js';
import { kubeSecretReader, openSecretKeyPairSource } from './secret-source.js';

export interface FromEnvDeps {
  /** The client TLS_SECRET is read with; default: in-cluster or KUBECONFIG. */
  readonly client?: KubeClient;
  readonly pollMs?: number;
}

function defaultClient(): KubeClient {
  const kc = new KubeConfig();
  kc.loadFromDefault();
  return kubeClient(kc);
}

export function openKeyPairSourceFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  log: Logger,
  deps: FromEnvDeps = {},
): Promise<KeyPairSource> {
  const certFile = env['TLS_CERT_FILE'] ?? '';
  const keyFile = env['TLS_KEY_FILE'] ?? '';
  const secret = env['TLS_SECRET'] ?? '';
  const poll = deps.pollMs === undefined ? {} : { pollMs: deps.pollMs };
  if (certFile !== '' && keyFile !== '') {
    return openFileKeyPairSource({ certFile, keyFile, ...poll }, log);
  }
  const m = /^([a-z0-9-]+)\/([a-z0-9.-]+)$/.exec(secret);
  if (m?.[1] !== undefined && m[2] !== undefined) {
    const read = kubeSecretReader(deps.client ?? defaultClient(), m[1], m[2]);
    return openSecretKeyPairSource(read, { secret, ...poll }, log);
  }
  return Promise.reject(
    new KeyPairError(
      secret !== ''
        ? `TLS_SECRET: ${JSON.stringify(secret)} is not <namespace>/<name>`
        : 'set TLS_CERT_FILE and TLS_KEY_FILE, or TLS_SECRET=<namespace>/<name>',
    ),
  );
}
