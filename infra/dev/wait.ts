import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';

const READY_TIMEOUT_MS = 90_000;

/** GET a path on the kubeconfig's current cluster; resolves with status and body. */
export function rawGet(
  kc: KubeConfig,
  path: string,
  accept = 'application/json',
): Promise<{ status: number; body: string }> {
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  if (cluster === null || user === null)
    return Promise.reject(new Error('kubeconfig has no current cluster/user'));
  const url = new URL(path, cluster.server);
  const dec = (s: string | undefined) => (s === undefined ? undefined : Buffer.from(s, 'base64'));
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        ca: dec(cluster.caData),
        cert: dec(user.certData),
        key: dec(user.keyData),
        headers: { accept },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('error', reject);
    req.setTimeout(5_000, () => req.destroy(new Error('timeout')));
    req.end();
  });
}

function tailLogs(logDir: string): string {
  if (!existsSync(logDir)) return '';
  return readdirSync(logDir)
    .filter((f) => f.endsWith('.log'))
    .map((f) => {
      const lines = readFileSync(join(logDir, f), 'utf8').trimEnd().split('\n');
      return `--- ${f} (last 20 lines)\n${lines.slice(-20).join('\n')}`;
    })
    .join('\n');
}

/** Waits for /readyz; fails fast, with the logs, if a process dies first. */
export async function waitForReady(
  kc: KubeConfig,
  children: ReadonlyMap<string, ChildProcess>,
  logDir: string,
): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    for (const [name, c] of children) {
      if (c.exitCode !== null || c.signalCode !== null) {
        throw new Error(
          `${name} exited (${c.exitCode ?? c.signalCode}) before the control plane was ready\n${tailLogs(logDir)}`,
        );
      }
    }
    try {
      const res = await rawGet(kc, '/readyz');
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `kube-apiserver not ready after ${READY_TIMEOUT_MS / 1000} s (${last})\n${tailLogs(logDir)}`,
  );
}
