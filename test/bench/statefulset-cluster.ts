/**
 * The cluster side of the Advanced StatefulSet bench (statefulset.ts):
 * - a control plane whose audit events go through a relay to the reconcile
 *   function and, every request of the function's user included, to an
 *   audit log file the bench counts (`requestsOf`);
 * - the function's own identity: a ServiceAccount bound to cluster-admin,
 *   its token in a kubeconfig of its own, so its requests are told apart;
 * - a kubelet for the bench's pods (`startBenchKubelet`): each pod not yet
 *   reported is reported Running and Ready on its spec images.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { auditWebhookKubeconfig } from '../../infra/audit/webhook-config.js';
import { installCrds } from '../../infra/manifests/install-crds.js';
import type { Pod } from '../../shared/api/core/core-v1.js';
import type { KubeClient } from '../../shared/kube/client.js';
import { pods } from '../../shared/kube/core-resources.js';
import { startAuditRelay, type AuditRelay } from '../support/audit-relay.js';
import {
  AUDIT_POLICY_FILE,
  ensureNamespace,
  startControlPlane,
  type ControlPlane,
} from '../support/control-plane.js';
import { runningStatus } from '../support/statefulset-fixture.js';

export const FUNCTION_NAMESPACE = 'kruise-system';
const SERVICE_ACCOUNT = 'kruise-fn-reconcile';
export const FUNCTION_USER = `system:serviceaccount:${FUNCTION_NAMESPACE}:${SERVICE_ACCOUNT}`;

export interface BenchCluster {
  readonly cp: ControlPlane;
  readonly relay: AuditRelay;
  /** The function's kubeconfig (its ServiceAccount token). */
  readonly functionKubeconfig: string;
  /** The function's requests audited so far, by `<verb> <resource>[/<subresource>]`. */
  requestsOf(user?: string): Record<string, number>;
  stop(): Promise<void>;
}

/** Our audit policy, with every request of the function's user recorded first. */
function benchPolicy(): string {
  const base = readFileSync(AUDIT_POLICY_FILE, 'utf8');
  const rule = `rules:\n  - level: Metadata\n    users: ['${FUNCTION_USER}']\n`;
  return base.replace(/^rules:\n/m, rule);
}

export async function startBenchCluster(): Promise<BenchCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'kruise-fn-bench-asts-'));
  const relay = await startAuditRelay();
  const policy = join(dir, 'policy.yaml');
  const webhook = join(dir, 'audit-webhook.yaml');
  const auditLog = join(dir, 'audit.log');
  writeFileSync(policy, benchPolicy());
  writeFileSync(webhook, auditWebhookKubeconfig(`${relay.url}/audit`));
  const cp = await startControlPlane({
    auditPolicyFile: policy,
    auditWebhookConfigFile: webhook,
    extraApiserverArgs: [`--audit-log-path=${auditLog}`, '--audit-log-format=json'],
  });
  try {
    await installCrds(cp.kubeConfig);
    await ensureNamespace(cp.kubeConfig, FUNCTION_NAMESPACE);
    const core = cp.kubeConfig.makeApiClient(CoreV1Api);
    await core.createNamespacedServiceAccount({
      namespace: FUNCTION_NAMESPACE,
      body: { metadata: { name: SERVICE_ACCOUNT } },
    });
    await cp.kubeConfig.makeApiClient(RbacAuthorizationV1Api).createClusterRoleBinding({
      body: {
        // Not the chart's name: chart-identity.ts applies the chart's own binding of that name.
        metadata: { name: `${SERVICE_ACCOUNT}-bench-admin` },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'cluster-admin',
        },
        subjects: [
          { kind: 'ServiceAccount', name: SERVICE_ACCOUNT, namespace: FUNCTION_NAMESPACE },
        ],
      },
    });
    const token = await core.createNamespacedServiceAccountToken({
      namespace: FUNCTION_NAMESPACE,
      name: SERVICE_ACCOUNT,
      body: { spec: { audiences: [], expirationSeconds: 6 * 3600 } },
    });
    const functionKubeconfig = join(dir, 'function-kubeconfig');
    writeFileSync(functionKubeconfig, kubeconfigWithToken(cp, token.status?.token ?? ''), {
      mode: 0o600,
    });
    return {
      cp,
      relay,
      functionKubeconfig,
      requestsOf: (user = FUNCTION_USER) => countRequests(auditLog, user),
      async stop() {
        await cp.stop();
        await relay.close();
      },
    };
  } catch (err) {
    await cp.stop();
    await relay.close();
    throw err;
  }
}

function kubeconfigWithToken(cp: ControlPlane, token: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'bench',
        cluster: {
          server: cp.server,
          'certificate-authority-data': Buffer.from(cp.caPem).toString('base64'),
        },
      },
    ],
    users: [{ name: 'reconcile', user: { token } }],
    contexts: [{ name: 'bench', context: { cluster: 'bench', user: 'reconcile' } }],
    'current-context': 'bench',
  });
}

interface AuditLine {
  readonly stage?: string;
  readonly verb?: string;
  readonly user?: { readonly username?: string };
  readonly objectRef?: { readonly resource?: string; readonly subresource?: string };
}

/** Completed requests of `user` in the audit log, by verb and resource. */
function countRequests(file: string, user: string): Record<string, number> {
  const out: Record<string, number> = {};
  if (!existsSync(file)) return out;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.includes(user)) continue;
    const e = JSON.parse(line) as AuditLine;
    if (e.stage !== 'ResponseComplete' || e.user?.username !== user) continue;
    const r = e.objectRef;
    const key = `${e.verb ?? ''} ${r?.resource ?? ''}${r?.subresource ? `/${r.subresource}` : ''}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

export const total = (counts: Readonly<Record<string, number>>): number =>
  Object.values(counts).reduce((a, b) => a + b, 0);

/** `a − b` per key (requests of one phase). */
export const minus = (a: Record<string, number>, b: Record<string, number>) =>
  Object.fromEntries(
    Object.entries(a)
      .map(([k, v]) => [k, v - (b[k] ?? 0)] as const)
      .filter(([, v]) => v > 0),
  );

const reported = (pod: Pod) =>
  pod.status?.phase === 'Running' &&
  pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true &&
  (pod.spec?.containers ?? []).every(
    (c) => pod.status?.containerStatuses?.find((s) => s.name === c.name)?.image === c.image,
  );

export interface BenchKubelet {
  /** Pods of the namespace seen Running and Ready on their spec images, at the last look. */
  ready(): number;
  stop(): Promise<void>;
}

/** Many kubelets at once: every pod of `namespace` not yet reported is reported, `parallel` at a time. */
export function startBenchKubelet(client: KubeClient, namespace: string, parallel = 16) {
  let stopped = false;
  let ready = 0;
  const loop = (async () => {
    while (!stopped) {
      const list = (await client.list(pods, { namespace }).catch(() => ({ items: [] }))).items;
      const live = list.filter((p) => p.metadata?.deletionTimestamp === undefined);
      ready = live.filter(reported).length;
      const unreported = live.filter((p) => !reported(p));
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(parallel, unreported.length) }, async () => {
          while (next < unreported.length) {
            const pod = unreported[next++] as Pod;
            await client
              .updateStatus(pods, { ...pod, status: runningStatus(pod) })
              .catch(() => undefined); // changed or gone meanwhile: the next look
          }
        }),
      );
      if (unreported.length === 0) await sleep(200);
    }
  })();
  return {
    ready: () => ready,
    async stop() {
      stopped = true;
      await loop;
    },
  } satisfies BenchKubelet;
}
