/**
 * The cluster of the reconcile benchmarks: a local control plane whose
 * kube-apiserver runs with our audit policy (infra/audit/policy.yaml) and
 * its audit webhook (batch max wait 1 s) pointing straight at the reconcile
 * function's `/audit`, on a port chosen before either starts; kruise-fn's
 * CRDs and the admission function (in process, test/support/webhook-harness.ts)
 * so pods are injected as in a cluster.
 *
 * The function is the built Knative bundle, its own process, run as a
 * ServiceAccount of its own (a bound token in its kubeconfig, RBAC
 * cluster-admin), so the apiserver can count its requests apart from the
 * bench's (request-counts.ts). It can be restarted between phases on the
 * same port: each phase then has its own peak RSS.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { auditWebhookKubeconfig } from '../../infra/audit/webhook-config.js';
import { installCrds } from '../../infra/manifests/install-crds.js';
import { kubeClient, type KubeClient } from '../../shared/kube/client.js';
import { startBundleProcess, type BundleProcess } from '../support/bundle-process.js';
import {
  AUDIT_POLICY_FILE,
  ensureNamespace,
  freePort,
  startControlPlane,
  type ControlPlane,
} from '../support/control-plane.js';
import { startAdmission, type RunningAdmission } from '../support/webhook-harness.js';
import { countRequestsOf, totalOf, type RequestCounter } from './request-counts.js';

export const KRUISE_NAMESPACE = 'kruise-system';
const SERVICE_ACCOUNT = { namespace: KRUISE_NAMESPACE, name: 'kruise-fn-reconcile' };

export interface FunctionOptions {
  /** KUBE_API_QPS / KUBE_API_BURST; undefined: the function's default (kruise-manager's 30 / 50). */
  readonly rate?: { readonly qps: number; readonly burst: number };
}

export interface ReconcileCluster {
  readonly cp: ControlPlane;
  /** The bench's own client (admin, no client-side rate limit). */
  readonly client: KubeClient;
  readonly counter: RequestCounter;
  /** Starts the reconcile function on the audit webhook's port (one at a time). */
  startFunction(opts: FunctionOptions): Promise<BundleProcess>;
  /**
   * Resolves once the function has sent no request for `quietMs`, with how
   * long that took; fails after `timeoutMs`.
   */
  settle(quietMs: number, timeoutMs: number): Promise<number>;
  stop(): Promise<void>;
}

function tokenKubeconfig(server: string, caPem: string, token: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: local',
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority-data: ${Buffer.from(caPem).toString('base64')}`,
    'users:',
    `- name: ${SERVICE_ACCOUNT.name}`,
    '  user:',
    `    token: ${token}`,
    'contexts:',
    `- name: local`,
    `  context: {cluster: local, user: ${SERVICE_ACCOUNT.name}}`,
    'current-context: local',
    '',
  ].join('\n');
}

/** The function's identity: a ServiceAccount bound to cluster-admin, and a token for it. */
async function functionIdentity(cp: ControlPlane): Promise<string> {
  const core = cp.kubeConfig.makeApiClient(CoreV1Api);
  await core.createNamespacedServiceAccount({
    namespace: SERVICE_ACCOUNT.namespace,
    body: { metadata: { name: SERVICE_ACCOUNT.name } },
  });
  await cp.kubeConfig.makeApiClient(RbacAuthorizationV1Api).createClusterRoleBinding({
    body: {
      metadata: { name: SERVICE_ACCOUNT.name },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'cluster-admin',
      },
      subjects: [{ kind: 'ServiceAccount', ...SERVICE_ACCOUNT }],
    },
  });
  const request = await core.createNamespacedServiceAccountToken({
    ...SERVICE_ACCOUNT,
    body: { spec: { audiences: [], expirationSeconds: 6 * 3600 } },
  });
  return request.status?.token ?? '';
}

export async function startReconcileCluster(bundle: string): Promise<ReconcileCluster> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'kruise-fn-bench-reconcile-'));
  const webhook = join(dir, 'audit-webhook.yaml');
  writeFileSync(webhook, auditWebhookKubeconfig(`http://127.0.0.1:${port}/audit`));
  const cp = await startControlPlane({
    auditPolicyFile: AUDIT_POLICY_FILE,
    auditWebhookConfigFile: webhook,
  });
  let admission: RunningAdmission | undefined;
  let fn: BundleProcess | undefined;
  const stop = async () => {
    await admission?.stop().catch(() => undefined);
    // The apiserver sends the audit events it still holds before it exits, and retries
    // them while the receiver is gone (past stopProcess's 10 s): the function goes last.
    await cp.stop();
    await fn?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const kc = cp.kubeConfig;
    await installCrds(kc);
    await ensureNamespace(kc, KRUISE_NAMESPACE);
    const kubeconfig = join(dir, 'function-kubeconfig');
    writeFileSync(kubeconfig, tokenKubeconfig(cp.server, cp.caPem, await functionIdentity(cp)), {
      mode: 0o600,
    });
    const counter = await countRequestsOf(kc, SERVICE_ACCOUNT);
    admission = await startAdmission(cp, { logLevel: 0 });
    return {
      cp,
      client: kubeClient(kc, { rateLimiter: { acquire: () => Promise.resolve() } }),
      counter,
      async startFunction(opts) {
        await fn?.stop();
        const env = {
          KUBECONFIG: kubeconfig,
          POD_NAMESPACE: KRUISE_NAMESPACE,
          LOG_LEVEL: '0',
          ...(opts.rate !== undefined && {
            KUBE_API_QPS: String(opts.rate.qps),
            KUBE_API_BURST: String(opts.rate.burst),
          }),
        };
        fn = await startBundleProcess(bundle, env, 15_000, port);
        return fn;
      },
      async settle(quietMs, timeoutMs) {
        const start = performance.now();
        let last = totalOf(await counter.read());
        let quietSince = performance.now();
        for (;;) {
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          const now = totalOf(await counter.read());
          if (now !== last) [last, quietSince] = [now, performance.now()];
          else if (performance.now() - quietSince >= quietMs) return performance.now() - start;
          if (performance.now() - start > timeoutMs)
            throw new Error(`the reconcile function still sends requests after ${timeoutMs} ms`);
        }
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
