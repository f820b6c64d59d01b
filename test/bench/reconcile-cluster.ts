/**
 * The cluster of the reconcile benchmarks: a local control plane whose
 * kube-apiserver runs with our audit policy (infra/audit/policy.yaml) and
 * its audit webhook (batch max wait 1 s) pointing straight at the reconcile
 * function's `/audit`, on a port chosen before either starts; kruise-fn's
 * CRDs and the admission function (in process, test/support/webhook-harness.ts)
 * so pods are injected as in a cluster.
 *
 * The function is the built Knative bundle, its own process, run as the
 * chart's reconcile ServiceAccount with the chart's RBAC (a bound token in
 * its kubeconfig, test/support/chart-identity.ts), so the apiserver can count
 * its requests apart from the bench's (request-counts.ts). It can be restarted between phases on the
 * same port: each phase then has its own peak RSS.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditWebhookKubeconfig } from '../../infra/audit/webhook-config.js';
import { installCrds } from '../../infra/manifests/install-crds.js';
import { kubeClient, type KubeClient } from '../../shared/kube/client.js';
import { startBundleProcess, type BundleProcess } from '../support/bundle-process.js';
import { chartIdentity } from '../support/chart-identity.js';
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
    // The function runs as the chart's reconcile ServiceAccount, with the chart's RBAC.
    const kubeconfig = (await chartIdentity(cp, 'reconcile')).kubeconfigPath;
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
