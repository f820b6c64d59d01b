/**
 * Wires the certs function to the process: config from env, feature gates
 * from argv/env (`--feature-gates` or FEATURE_GATES), the Kubernetes client
 * from the default kubeconfig (in-cluster or KUBECONFIG), and the clock.
 */
import { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { certsConfigFrom } from './pki/config.js';
import { featureGatesFrom } from '../../shared/feature-gates.js';
import type { CertsDeps } from './app.js';
import { kubeClient } from '../../shared/kube/client.js';
import { rateLimitFromEnv, tokenBucket } from '../../shared/kube/rate-limit.js';
import { kubeCertsIO } from './kube-io.js';
import { syncCerts } from './sync.js';

export function processDeps(
  log: Logger,
  argv: readonly string[] = process.argv,
  env: Readonly<Record<string, string | undefined>> = process.env,
): CertsDeps {
  const config = certsConfigFrom(env);
  const externalCerts = featureGatesFrom(argv, env).enabled('EnableExternalCerts');
  const kc = new KubeConfig();
  kc.loadFromDefault();
  const client = kubeClient(kc, { rateLimiter: tokenBucket(rateLimitFromEnv(env)) });
  const io = kubeCertsIO(client, config.namespace, config.secretName);
  return {
    log,
    sync: () => syncCerts(io, { config, externalCerts, now: () => new Date() }, log),
  };
}
