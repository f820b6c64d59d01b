/**
 * Where the control-plane binaries built by infra/dev/build-control-plane.sh
 * live. Versions come from infra/dev/versions.env, the one place they are set.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface ControlPlaneVersions {
  readonly kube: string;
  readonly etcd: string;
  readonly certManager: string;
  readonly helm: string;
}

export function readVersions(
  file = join(repoRoot, 'infra/dev/versions.env'),
): ControlPlaneVersions {
  const vars = new Map<string, string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z_]+)=(\S+)\s*$/.exec(line);
    if (m?.[1] !== undefined && m[2] !== undefined) vars.set(m[1], m[2]);
  }
  const kube = vars.get('KUBE_VERSION');
  const etcd = vars.get('ETCD_VERSION');
  const certManager = vars.get('CERT_MANAGER_VERSION');
  const helm = vars.get('HELM_VERSION');
  if (kube === undefined || etcd === undefined || certManager === undefined || helm === undefined) {
    throw new Error(
      `${file} must set KUBE_VERSION, ETCD_VERSION, CERT_MANAGER_VERSION and HELM_VERSION`,
    );
  }
  return { kube, etcd, certManager, helm };
}

export const cacheDir = (): string =>
  process.env['KRUISE_FN_CACHE'] ?? join(homedir(), '.cache', 'kruise-fn');

export interface Binaries {
  readonly etcd: string;
  readonly kubeApiserver: string;
}

function requireAll<T extends Record<string, string>>(found: T): T {
  const missing = Object.entries(found).filter(([, path]) => !existsSync(path));
  if (missing.length > 0) {
    const list = missing.map(([name, path]) => `${name} (${path})`).join(', ');
    throw new Error(
      `test infrastructure missing: ${list}. Build it with \`make control-plane\` ` +
        '(infra/dev/build-control-plane.sh builds it from the Go module proxy; needs Go 1.24+).',
    );
  }
  return found;
}

/** Paths of both binaries; a clear error naming the fix when one is missing. */
export function findBinaries(): Binaries {
  const v = readVersions();
  const bin = join(cacheDir(), 'bin');
  return requireAll({
    etcd: join(bin, `etcd-${v.etcd}`),
    kubeApiserver: join(bin, `kube-apiserver-${v.kube}`),
  });
}

export interface CertManagerBinaries extends Record<string, string> {
  readonly controller: string;
  readonly cainjector: string;
  /** cert-manager's own CRD manifests (deploy/crds of its module). */
  readonly crdDir: string;
}

/** The pinned cert-manager controller, cainjector and CRDs built by `make control-plane`. */
export function findCertManager(): CertManagerBinaries {
  const v = readVersions().certManager;
  const bin = join(cacheDir(), 'bin');
  return requireAll({
    controller: join(bin, `cert-manager-controller-${v}`),
    cainjector: join(bin, `cert-manager-cainjector-${v}`),
    crdDir: join(cacheDir(), `cert-manager-${v}`, 'crds'),
  });
}

/** The pinned helm built by `make helm` (infra/dev/build-helm.sh). */
export function findHelm(): string {
  const path = join(cacheDir(), 'bin', `helm-${readVersions().helm}`);
  if (!existsSync(path)) {
    throw new Error(
      `test infrastructure missing: helm (${path}). Build it with \`make helm\` ` +
        '(infra/dev/build-helm.sh builds it from the Go module proxy; needs Go 1.26+).',
    );
  }
  return path;
}
