/**
 * The functions under test run with the chart's RBAC only: the chart is
 * rendered (`helm template`, the pinned helm of infra/helm/helm.ts, default
 * values unless a test passes others), its ServiceAccounts, ClusterRoles,
 * Roles and bindings are applied to the shared control plane (server-side
 * apply, as admin), and each function gets a kubeconfig whose only
 * credential is a bearer token of its ServiceAccount minted with the
 * TokenRequest API (no client certificate). The kube-apiserver runs with
 * `--authorization-mode=RBAC`, so a call the chart's RBAC does not allow is
 * refused with 403 Forbidden, as in a cluster.
 *
 * Render flags other than the defaults (another `installation.namespace`,
 * gates that change RBAC, `platform=lambda`) make a variant: its objects and
 * ServiceAccounts get a suffix, so one variant's bindings never add to
 * another's. On lambda the chart binds groups (`lambda.groups.<fn>`); the
 * variant binds the same roles to a ServiceAccount per group instead, the
 * only identity a token can be minted for here. A test may also edit the
 * rendered objects (`edit`, e.g. drop a verb) under a variant name of its own.
 *
 * Test code keeps the admin kubeconfig (cp.kubeConfig) for its own setup and
 * assertions; `assertNotAdmin` is how the harnesses refuse to run a function
 * with it.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { KubeConfig } from '@kubernetes/client-node';
import { renderChart, type RenderedObject } from '../../infra/helm/helm.js';
import { chartDefaultFeatureGates } from '../../shared/feature-gates.js';
import { kubeTransport, type KubeTransport } from '../../shared/kube/transport.js';
import { ensureNamespace, SHARED_KUBECONFIG_ENV, type ControlPlane } from './control-plane.js';

/** The chart's functions (ServiceAccount `kruise-fn-<fn>`). */
export type ChartFunction = 'admission' | 'certs' | 'reconcile' | 'node-puller' | 'credentials';

export interface ChartIdentityOptions {
  /** `installation.namespace`; default `kruise-system`. */
  readonly namespace?: string;
  /** `featureGates`; default the chart's. */
  readonly featureGates?: string;
  /** `lambda`: the RBAC of a Lambda install (bound to groups there, to ServiceAccounts here). */
  readonly platform?: 'knative' | 'lambda';
  /** More `helm template` flags. */
  readonly flags?: readonly string[];
  /** Changes the rendered objects before they are applied; needs `variant`. */
  readonly edit?: (objects: RenderedObject[]) => RenderedObject[];
  /** Names the variant (the objects' suffix) instead of a hash of the flags. */
  readonly variant?: string;
}

export interface ChartIdentity {
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Whom the apiserver sees: `system:serviceaccount:<ns>:<name>`. */
  readonly username: string;
  readonly kubeconfigPath: string;
  readonly kubeConfig: KubeConfig;
  /** The RBAC objects applied for the variant (after renames and edits). */
  readonly objects: readonly RenderedObject[];
}

const FIELD_MANAGER = 'kruise-fn-chart-identity';
const RBAC_KINDS = ['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'];
const TOKEN_SECONDS = 24 * 3600;
/**
 * What `helm install kruise` (namespace default) puts on its objects: a
 * later install in the same run (test/integration/helm-chart.test.ts) adopts
 * them rather than refusing objects it does not own.
 */
const RELEASE = {
  'meta.helm.sh/release-name': 'kruise',
  'meta.helm.sh/release-namespace': 'default',
};

interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}
interface Binding {
  roleRef: { kind: string; name: string; apiGroup: string };
  subjects: Subject[];
}
interface Rule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  verbs: string[];
}

let dir: string | undefined;
function kubeconfigDir(): string {
  if (dir === undefined) {
    const made = mkdtempSync(join(tmpdir(), 'kruise-fn-identities-'));
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
    dir = made;
  }
  return dir;
}

/** Admin kubeconfig paths of the control planes identities were made on. */
const adminPaths = new Set<string>();

/**
 * Throws if `kubeconfigPath` is a control plane's admin kubeconfig (the shared
 * one of the run, or one an identity was made on), not a chart identity's.
 */
export function assertNotAdmin(kubeconfigPath: string | undefined, what: string): void {
  if (kubeconfigPath === undefined || kubeconfigPath === '') return;
  if (adminPaths.has(kubeconfigPath) || kubeconfigPath === process.env[SHARED_KUBECONFIG_ENV]) {
    throw new Error(
      `${what}: a function under test runs with its chart ServiceAccount (test/support/chart-identity.ts), not the admin kubeconfig`,
    );
  }
}

function flagsOf(opts: ChartIdentityOptions): string[] {
  return [
    ...(opts.namespace !== undefined && opts.namespace !== 'kruise-system'
      ? ['--set', `installation.namespace=${opts.namespace}`]
      : []),
    ...(opts.featureGates !== undefined && opts.featureGates !== chartDefaultFeatureGates
      ? ['--set-json', `featureGates=${JSON.stringify(opts.featureGates)}`]
      : []),
    ...(opts.platform === 'lambda'
      ? [
          '--set',
          'platform=lambda',
          '--set',
          'lambda.functionUrls.admission=https://test.lambda-url.eu-west-1.on.aws',
        ]
      : []),
    ...(opts.flags ?? []),
  ];
}

function suffixOf(opts: ChartIdentityOptions, flags: readonly string[]): string {
  if (opts.edit !== undefined && opts.variant === undefined)
    throw new Error('chartIdentity: an edit needs a variant name');
  if (opts.variant !== undefined) return `-${opts.variant}`;
  if (flags.length === 0) return '';
  return `-${createHash('sha256').update(JSON.stringify(flags)).digest('hex').slice(0, 8)}`;
}

/**
 * The chart's RBAC objects of a variant: renamed with its suffix, Group
 * subjects (lambda) turned into ServiceAccounts `kruise-fn-<fn>` of the
 * installation namespace, with those ServiceAccounts added.
 */
export function variantObjects(
  rendered: readonly RenderedObject[],
  namespace: string,
  suffix: string,
): RenderedObject[] {
  const rbac = rendered.filter((o) => RBAC_KINDS.includes(o.kind));
  const accounts = new Set(
    rbac.filter((o) => o.kind === 'ServiceAccount').map((o) => o.metadata.name),
  );
  const renamed = rbac.map((o) => {
    const copy = JSON.parse(JSON.stringify(o)) as RenderedObject & Partial<Binding>;
    const metadata = {
      ...copy.metadata,
      name: `${copy.metadata.name}${suffix}`,
      annotations: { ...copy.metadata.annotations, ...RELEASE },
    };
    if (copy.roleRef === undefined || copy.subjects === undefined) return { ...copy, metadata };
    const subjects = copy.subjects.map((s): Subject => {
      if (s.kind === 'Group') {
        const fn = s.name.slice(s.name.indexOf(':') + 1);
        accounts.add(`kruise-fn-${fn}`);
        return { kind: 'ServiceAccount', name: `kruise-fn-${fn}${suffix}`, namespace };
      }
      return s.kind === 'ServiceAccount' ? { ...s, name: `${s.name}${suffix}` } : s;
    });
    const roleRef = { ...copy.roleRef, name: `${copy.roleRef.name}${suffix}` };
    return { ...copy, metadata, roleRef, subjects } as RenderedObject;
  });
  const present = new Set(
    renamed.filter((o) => o.kind === 'ServiceAccount').map((o) => o.metadata.name),
  );
  const added = [...accounts]
    .map((name) => `${name}${suffix}`)
    .filter((name) => !present.has(name))
    .map((name): RenderedObject => ({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name, namespace, annotations: RELEASE },
    }));
  return [...added, ...renamed];
}

function pathOf(o: RenderedObject): string {
  const ns = o.metadata.namespace ?? '';
  switch (o.kind) {
    case 'ServiceAccount':
      return `/api/v1/namespaces/${ns}/serviceaccounts/${o.metadata.name}`;
    case 'ClusterRole':
    case 'ClusterRoleBinding':
      return `/apis/rbac.authorization.k8s.io/v1/${o.kind.toLowerCase()}s/${o.metadata.name}`;
    default:
      return `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/${o.kind.toLowerCase()}s/${o.metadata.name}`;
  }
}

async function apply(send: KubeTransport, objects: readonly RenderedObject[]): Promise<void> {
  for (const o of objects) {
    await send({
      method: 'PATCH',
      path: `${pathOf(o)}?fieldManager=${FIELD_MANAGER}&force=true`,
      contentType: 'application/apply-patch+yaml',
      body: JSON.stringify(o),
    });
  }
}

function kubeconfigYaml(cp: ControlPlane, user: string, token: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: kruise-fn-local',
    '  cluster:',
    `    server: ${cp.server}`,
    `    certificate-authority-data: ${Buffer.from(cp.caPem).toString('base64')}`,
    'users:',
    `- name: ${user}`,
    '  user:',
    `    token: ${token}`,
    'contexts:',
    '- name: kruise-fn-local',
    `  context: {cluster: kruise-fn-local, user: ${user}}`,
    'current-context: kruise-fn-local',
    '',
  ].join('\n');
}

/** The rules bound to `account` (of its ClusterRoles and Roles), with where they hold. */
function rulesOf(objects: readonly RenderedObject[], account: string, namespace: string) {
  const bound = objects.filter((o) => {
    const b = o as unknown as Partial<Binding>;
    return b.subjects?.some(
      (s) => s.kind === 'ServiceAccount' && s.name === account && s.namespace === namespace,
    );
  });
  return bound.flatMap((b) => {
    const { roleRef } = b as unknown as Binding;
    const role = objects.find(
      (o) =>
        o.kind === roleRef.kind &&
        o.metadata.name === roleRef.name &&
        (o.kind === 'ClusterRole' || o.metadata.namespace === b.metadata.namespace),
    ) as unknown as { rules?: Rule[] } | undefined;
    const where = b.kind === 'RoleBinding' ? b.metadata.namespace : undefined;
    return (role?.rules ?? []).map((rule) => ({ rule, namespace: where }));
  });
}

/**
 * Waits until the apiserver authenticates the token and its RBAC cache has
 * the bindings: a SelfSubjectAccessReview (any authenticated user may send
 * one) as the identity for its first rule answers allowed.
 */
async function waitUntilEffective(
  kc: KubeConfig,
  probe: { rule: Rule; namespace: string | undefined } | undefined,
  who: string,
): Promise<void> {
  const send = kubeTransport(kc);
  const deadline = Date.now() + 15_000;
  const attributes =
    probe === undefined
      ? undefined
      : {
          ...(probe.namespace !== undefined && { namespace: probe.namespace }),
          verb: probe.rule.verbs[0],
          group: probe.rule.apiGroups?.[0] ?? '',
          resource: (probe.rule.resources?.[0] ?? '').split('/')[0],
          subresource: (probe.rule.resources?.[0] ?? '').split('/')[1] ?? '',
          ...(probe.rule.resourceNames?.[0] !== undefined && {
            name: probe.rule.resourceNames[0],
          }),
        };
  let last: string;
  for (;;) {
    try {
      const review = (await send({
        method: 'POST',
        path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        body: JSON.stringify({
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec:
            attributes === undefined
              ? { nonResourceAttributes: { path: '/version', verb: 'get' } }
              : { resourceAttributes: attributes },
        }),
      })) as { status?: { allowed?: boolean } };
      if (review.status?.allowed === true) return;
      last = `not yet allowed: ${JSON.stringify(attributes)}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() > deadline)
      throw new Error(`${who}: the chart's RBAC did not take effect: ${last}`);
    await sleep(100);
  }
}

const variants = new Map<string, Promise<RenderedObject[]>>();
const identities = new Map<string, Promise<ChartIdentity>>();

async function appliedVariant(
  cp: ControlPlane,
  key: string,
  flags: readonly string[],
  namespace: string,
  suffix: string,
  edit: ChartIdentityOptions['edit'],
): Promise<RenderedObject[]> {
  let applied = variants.get(key);
  if (applied === undefined) {
    applied = (async () => {
      const rendered = await renderChart(flags);
      const objects = variantObjects(
        edit === undefined ? rendered : edit(rendered),
        namespace,
        suffix,
      );
      for (const ns of new Set(objects.flatMap((o) => o.metadata.namespace ?? [])))
        await ensureNamespace(cp.kubeConfig, ns);
      await apply(kubeTransport(cp.kubeConfig), objects);
      return objects;
    })();
    variants.set(key, applied);
    applied.catch(() => variants.delete(key));
  }
  return applied;
}

/**
 * The kubeconfig of `fn`'s chart ServiceAccount on `cp`: the variant's RBAC
 * applied (once per process), a token minted, the bindings in effect.
 */
export function chartIdentity(
  cp: ControlPlane,
  fn: ChartFunction,
  opts: ChartIdentityOptions = {},
): Promise<ChartIdentity> {
  adminPaths.add(cp.kubeconfigPath);
  const namespace = opts.namespace ?? 'kruise-system';
  const flags = flagsOf(opts);
  const suffix = suffixOf(opts, flags);
  const key = `${cp.server} ${suffix} ${JSON.stringify(flags)}`;
  let identity = identities.get(`${key} ${fn}`);
  if (identity === undefined) {
    identity = (async () => {
      const objects = await appliedVariant(cp, key, flags, namespace, suffix, opts.edit);
      const serviceAccount = `kruise-fn-${fn}${suffix}`;
      if (!objects.some((o) => o.kind === 'ServiceAccount' && o.metadata.name === serviceAccount))
        throw new Error(
          `the chart renders no ServiceAccount ${serviceAccount} (${flags.join(' ')})`,
        );
      const answer = (await kubeTransport(cp.kubeConfig)({
        method: 'POST',
        path: `/api/v1/namespaces/${namespace}/serviceaccounts/${serviceAccount}/token`,
        body: JSON.stringify({
          apiVersion: 'authentication.k8s.io/v1',
          kind: 'TokenRequest',
          spec: { expirationSeconds: TOKEN_SECONDS },
        }),
      })) as { status: { token: string } };
      const kubeconfigPath = join(kubeconfigDir(), `${serviceAccount}.${namespace}.kubeconfig`);
      writeFileSync(kubeconfigPath, kubeconfigYaml(cp, serviceAccount, answer.status.token), {
        mode: 0o600,
      });
      const kubeConfig = new KubeConfig();
      kubeConfig.loadFromFile(kubeconfigPath);
      const username = `system:serviceaccount:${namespace}:${serviceAccount}`;
      await waitUntilEffective(
        kubeConfig,
        rulesOf(objects, serviceAccount, namespace)[0],
        username,
      );
      return { namespace, serviceAccount, username, kubeconfigPath, kubeConfig, objects };
    })();
    identities.set(`${key} ${fn}`, identity);
    identity.catch(() => identities.delete(`${key} ${fn}`));
  }
  return identity;
}
