/**
 * The reconcile function wired to its process: feature gates (argv or
 * FEATURE_GATES), POD_NAMESPACE, the default kubeconfig (in-cluster or
 * KUBECONFIG) with the API rate limit, the logger, and the controllers the
 * gates enable. Only the Knative and Lambda entries call this.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { featureGatesFrom } from '../../shared/feature-gates.js';
import { kubeClient } from '../../shared/kube/client.js';
import { rateLimitFromEnv, tokenBucket } from '../../shared/kube/rate-limit.js';
import { createLogger, type Logger } from '../../shared/log/index.js';
import type { Batch } from './intake/batch.js';
import { coalescing } from './coalesce.js';
import { reconcileBatch, type BatchSummary } from './reconcile-batch.js';
import { enabledControllers } from './registry.js';
import type { RunOptions } from './run.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface ReconcileProcess {
  readonly log: Logger;
  readonly options: RunOptions;
  reconcile(batch: Batch, log: Logger): Promise<BatchSummary>;
}

export function processDeps(
  env: Env = process.env,
  argv: readonly string[] = process.argv,
  log: Logger = createLogger({ env }),
): ReconcileProcess {
  const kc = new KubeConfig();
  kc.loadFromDefault();
  const client = kubeClient(kc, { rateLimiter: tokenBucket(rateLimitFromEnv(env)) });
  const kruiseNamespace = env['POD_NAMESPACE'] || 'kruise-system';
  const gates = featureGatesFrom(argv, env);
  const controllers = enabledControllers({
    gates,
    kruiseNamespace,
    now: () => new Date(),
    daemonConfigNamespace: env['KRUISE_DAEMON_CONFIG_NS'] || 'kruise-daemon-config',
  });
  const options: RunOptions = { client, controllers, kruiseNamespace, log };
  return {
    log,
    options,
    // One batch at a time; those that arrive meanwhile are merged (coalesce.ts).
    reconcile: coalescing((batch, batchLog) =>
      reconcileBatch(batch, { ...options, log: batchLog }),
    ),
  };
}
