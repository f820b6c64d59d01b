/**
 * One control plane per test run. The integration runner
 * (test/support/run-integration.ts) starts it once and hands its kubeconfig
 * to every test file through KRUISE_FN_KUBECONFIG; a test file run on its own
 * starts a private one, stopped when the process ends. Suites isolate by
 * namespace (testNamespace).
 */
import { randomBytes } from 'node:crypto';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { type ControlPlane, startControlPlane } from '../../infra/dev/start-control-plane.js';

export const SHARED_KUBECONFIG_ENV = 'KRUISE_FN_KUBECONFIG';

let shared: Promise<ControlPlane> | undefined;

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
      shared = startControlPlane().then((cp) => {
        process.once('beforeExit', () => void cp.stop());
        return cp;
      });
    }
  }
  return shared;
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
