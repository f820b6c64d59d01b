/**
 * A real local control plane for tests and `make run`: etcd and
 * kube-apiserver on free loopback ports, with generated certificates, an
 * admin client certificate (group system:masters) and a kubeconfig. stop()
 * leaves nothing behind: processes are ended, temp dirs removed; the same
 * happens if the process exits or is interrupted.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { findBinaries } from './binaries.js';
import { freePort, startProcess, stopProcess } from './processes.js';
import { createSigningKey, createTestCa, issueCert } from './pki.js';
import { waitForReady } from './wait.js';

export interface ControlPlaneOptions {
  /** `audit.k8s.io/v1` Policy file for `--audit-policy-file`. */
  readonly auditPolicyFile?: string;
  /** kubeconfig naming the audit receiver, for `--audit-webhook-config-file`. */
  readonly auditWebhookConfigFile?: string;
  /** More kube-apiserver flags (e.g. `--feature-gates=…`). */
  readonly extraApiserverArgs?: readonly string[];
  /** Where process logs go; default: files in the temp dir (printed on failure). */
  readonly logDir?: string;
}

export interface ControlPlane {
  readonly server: string;
  readonly kubeconfigPath: string;
  readonly kubeConfig: KubeConfig;
  /** PEM of the CA that signed the apiserver's serving certificate. */
  readonly caPem: string;
  readonly dir: string;
  /** etcd's client URL (its /metrics: key counts); absent when connected to a control plane started elsewhere. */
  readonly etcdUrl?: string;
  stop(): Promise<void>;
}

const tempDirs = new Set<string>();

// Last-resort cleanup: also when a test fails hard or the run is interrupted.
process.on('exit', () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** Removes temp dirs left by runs whose process is gone (e.g. killed with SIGKILL). */
function removeStaleDirs(): void {
  for (const entry of readdirSync(tmpdir())) {
    const m = /^kruise-fn-cp-(\d+)-/.exec(entry);
    if (m?.[1] === undefined) continue;
    try {
      process.kill(Number(m[1]), 0);
    } catch {
      rmSync(join(tmpdir(), entry), { recursive: true, force: true });
    }
  }
}

function kubeconfigYaml(server: string, caPem: string, certPem: string, keyPem: string): string {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: kruise-fn-local',
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority-data: ${b64(caPem)}`,
    'users:',
    '- name: admin',
    '  user:',
    `    client-certificate-data: ${b64(certPem)}`,
    `    client-key-data: ${b64(keyPem)}`,
    'contexts:',
    '- name: kruise-fn-local',
    '  context: {cluster: kruise-fn-local, user: admin}',
    'current-context: kruise-fn-local',
    '',
  ].join('\n');
}

export async function startControlPlane(opts: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const bins = findBinaries();
  removeStaleDirs();
  const dir = mkdtempSync(join(tmpdir(), `kruise-fn-cp-${process.pid}-`));
  tempDirs.add(dir);
  const logDir = opts.logDir ?? dir;
  const children = new Map<string, ChildProcess>();
  const stop = async (): Promise<void> => {
    for (const child of [...children.values()].reverse()) await stopProcess(child);
    rmSync(dir, { recursive: true, force: true });
    tempDirs.delete(dir);
  };
  try {
    const ca = await createTestCa('kruise-fn-local-ca');
    const serving = await issueCert(ca, {
      commonName: 'kube-apiserver',
      dnsNames: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc'],
      ips: ['127.0.0.1', '10.0.0.1'],
      usage: 'server',
    });
    const admin = await issueCert(ca, {
      commonName: 'kruise-fn-admin',
      organization: 'system:masters',
      usage: 'client',
    });
    const saKey = await createSigningKey();
    const files = {
      ca: join(dir, 'ca.crt'),
      cert: join(dir, 'apiserver.crt'),
      key: join(dir, 'apiserver.key'),
      saKey: join(dir, 'sa.key'),
      saPub: join(dir, 'sa.pub'),
      kubeconfig: join(dir, 'kubeconfig'),
    };
    writeFileSync(files.ca, ca.certPem);
    writeFileSync(files.cert, serving.certPem);
    writeFileSync(files.key, serving.keyPem, { mode: 0o600 });
    writeFileSync(files.saKey, saKey.keyPem, { mode: 0o600 });
    writeFileSync(files.saPub, saKey.publicPem);

    const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];
    const etcdUrl = `http://127.0.0.1:${etcdClient}`;
    const peerUrl = `http://127.0.0.1:${etcdPeer}`;
    children.set(
      'etcd',
      startProcess(
        bins.etcd,
        [
          `--data-dir=${join(dir, 'etcd')}`,
          `--listen-client-urls=${etcdUrl}`,
          `--advertise-client-urls=${etcdUrl}`,
          `--listen-peer-urls=${peerUrl}`,
          `--initial-advertise-peer-urls=${peerUrl}`,
          `--initial-cluster=default=${peerUrl}`,
          '--unsafe-no-fsync',
          '--log-level=warn',
        ],
        join(logDir, 'etcd.log'),
      ),
    );
    const server = `https://127.0.0.1:${apiPort}`;
    const apiArgs = [
      `--etcd-servers=${etcdUrl}`,
      `--tls-cert-file=${files.cert}`,
      `--tls-private-key-file=${files.key}`,
      `--client-ca-file=${files.ca}`,
      `--secure-port=${apiPort}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      '--service-cluster-ip-range=10.0.0.0/24',
      '--allow-privileged=true',
      '--authorization-mode=RBAC',
      `--service-account-issuer=${server}/`,
      `--service-account-key-file=${files.saPub}`,
      `--service-account-signing-key-file=${files.saKey}`,
      '--disable-admission-plugins=ServiceAccount',
      `--cert-dir=${join(dir, 'certs')}`,
      ...(opts.auditPolicyFile !== undefined
        ? [`--audit-policy-file=${opts.auditPolicyFile}`]
        : []),
      ...(opts.auditWebhookConfigFile !== undefined
        ? [
            `--audit-webhook-config-file=${opts.auditWebhookConfigFile}`,
            '--audit-webhook-batch-max-wait=1s',
          ]
        : []),
      ...(opts.extraApiserverArgs ?? []),
    ];
    children.set(
      'kube-apiserver',
      startProcess(bins.kubeApiserver, apiArgs, join(logDir, 'kube-apiserver.log')),
    );

    writeFileSync(
      files.kubeconfig,
      kubeconfigYaml(server, ca.certPem, admin.certPem, admin.keyPem),
      { mode: 0o600 },
    );
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(files.kubeconfig);
    await waitForReady(kubeConfig, children, logDir);
    return {
      server,
      kubeconfigPath: files.kubeconfig,
      kubeConfig,
      caPem: ca.certPem,
      dir,
      etcdUrl,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
