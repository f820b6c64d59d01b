/**
 * The admission function wired to its process: env and argv (feature gates,
 * POD_NAMESPACE, log settings, API rate limit), the default kubeconfig
 * (in-cluster or KUBECONFIG), the warm caches and the routes. Only the
 * Knative and Lambda entries call this.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { featureGatesFrom } from '../../shared/feature-gates.js';
import { kubeClient } from '../../shared/kube/client.js';
import { rateLimitFromEnv, tokenBucket } from '../../shared/kube/rate-limit.js';
import { createLogger, type Logger } from '../../shared/log/index.js';
import type { AdmissionDeps } from './app.js';
import { cachedAdmissionData, type AdmissionData } from './cluster/admission-data.js';
import { kubeAdmissionReads } from './cluster/admission-reads.js';
import { kubePodReader } from './containerrecreaterequest/reads.js';
import { notReadyUntilSynced, routeDeps } from './route-deps.js';
import { admissionRoutes } from './routes.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface ProcessDeps extends AdmissionDeps {
  readonly data: AdmissionData;
}

/**
 * How often a warm process checks whether the next SidecarSet list is due
 * (see cluster/fresh-value.ts: early enough that a finished read within the
 * 500 ms bound is always there); the check itself costs nothing.
 */
export const REFRESH_EVERY_MS = 100;

/**
 * The refresh timer, except on Lambda (`AWS_LAMBDA_FUNCTION_NAME` is set
 * there), where the process is frozen between invocations and requests start
 * the reads.
 */
export const refreshEveryMs = (env: Env) =>
  env['AWS_LAMBDA_FUNCTION_NAME'] ? undefined : REFRESH_EVERY_MS;

export function processDeps(
  env: Env = process.env,
  argv: readonly string[] = process.argv,
  log: Logger = createLogger({ env }),
): ProcessDeps {
  const kc = new KubeConfig();
  kc.loadFromDefault();
  const client = kubeClient(kc, { rateLimiter: tokenBucket(rateLimitFromEnv(env)) });
  const every = refreshEveryMs(env);
  const data = cachedAdmissionData(kubeAdmissionReads(client), {
    kruiseNamespace: env['POD_NAMESPACE'] || 'kruise-system',
    ...(every !== undefined && { refreshEveryMs: every }),
  });
  const gates = featureGatesFrom(argv, env);
  const routes = admissionRoutes(routeDeps({ data, gates, pods: kubePodReader(client) }));
  return { log, data, routes, notReady: notReadyUntilSynced(data) };
}
