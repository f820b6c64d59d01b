/**
 * One control plane per test run. The integration runner
 * (test/support/run-integration.ts) starts it once and hands its kubeconfig
 * to every test file through KRUISE_FN_KUBECONFIG, and its audit relay
 * through KRUISE_FN_AUDIT_RELAY; a test file run on its own starts a private
 * pair, stopped when the process ends. The control plane sends its audit
 * events (infra/audit/policy.yaml) to the relay, which forwards them to the
 * reconcile function a test started. Suites isolate by namespace
 * (testNamespace).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { auditWebhookKubeconfig } from '../../infra/audit/webhook-config.js';
import { type ControlPlane, startControlPlane } from '../../infra/dev/start-control-plane.js';
import { AUDIT_RELAY_ENV, startAuditRelay, type AuditRelay } from './audit-relay.js';

export const SHARED_KUBECONFIG_ENV = 'KRUISE_FN_KUBECONFIG';
export const AUDIT_POLICY_FILE = fileURLToPath(
  new URL('../../infra/audit/policy.yaml', import.meta.url),
);

let shared: Promise<ControlPlane> | undefined;
let relayUrl: string | undefined = process.env[AUDIT_RELAY_ENV] || undefined;

/** A control plane whose audit events go to a relay of this process. */
export async function startAuditedControlPlane(): Promise<{ cp: ControlPlane; relay: AuditRelay }> {
  const relay = await startAuditRelay();
  const dir = mkdtempSync(join(tmpdir(), 'kruise-fn-audit-'));
  const webhook = join(dir, 'audit-webhook.yaml');
  writeFileSync(webhook, auditWebhookKubeconfig(`${relay.url}/audit`));
  try {
    const cp = await startControlPlane({
      auditPolicyFile: AUDIT_POLICY_FILE,
      auditWebhookConfigFile: webhook,
    });
    const stop = async () => {
      await cp.stop();
      await relay.close();
      rmSync(dir, { recursive: true, force: true });
    };
    return { cp: { ...cp, stop }, relay };
  } catch (err) {
    await relay.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** The audit relay of the shared control plane (after sharedControlPlane() resolved). */
export async function sharedAuditRelay(): Promise<string> {
  await sharedControlPlane();
  if (relayUrl === undefined) throw new Error('the shared control plane has no audit relay');
  return relayUrl;
}

function connect(path: string): ControlPlane {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(path);
  const cluster = kubeConfig.getCurrentCluster();
  if (cluster === null) throw new Error(`${path} has no current cluster`);
  return {
    server: cluster.server,
    kubeconfigPath: path,
    kubeConfig,
    caPem: Buffer.from(cluster.caData ?? '', 'base64').toString(),
    dir: '',
    // The runner owns the shared control plane; a test file never stops it.
    stop: async () => undefined,
  };
}

export function sharedControlPlane(): Promise<ControlPlane> {
  if (shared === undefined) {
    const path = process.env[SHARED_KUBECONFIG_ENV];
    if (path !== undefined && path !== '') {
      shared = Promise.resolve(connect(path));
    } else {
      shared = startAuditedControlPlane().then(({ cp, relay }) => {
        relayUrl = relay.url;
        process.once('beforeExit', () => void cp.stop());
        return cp;
      });
    }
  }
  return shared;
}

/** Creates namespace `name` unless it is there (an install's `kruise-system`). */
export async function ensureNamespace(kc: KubeConfig, name: string): Promise<void> {
  await kc
    .makeApiClient(CoreV1Api)
    .createNamespace({ body: { metadata: { name } } })
    .catch((err: unknown) => {
      if ((err as { code?: number }).code !== 409) throw err;
    });
}

/** Creates a namespace unique to this run and returns its name. */
export async function testNamespace(
  kc: KubeConfig,
  prefix: string,
  labels: Record<string, string> = {},
): Promise<string> {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name, labels } } });
  return name;
}

export { startControlPlane } from '../../infra/dev/start-control-plane.js';
export { freePort } from '../../infra/dev/processes.js';
export type { ControlPlane, ControlPlaneOptions } from '../../infra/dev/start-control-plane.js';
