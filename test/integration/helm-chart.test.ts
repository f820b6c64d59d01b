/**
 * The chart's manifests in a real kube-apiserver: its CRDs are applied for
 * real (and become Established), then every other object `helm template`
 * renders, for the defaults, each of the seed's install lines, PodWebhook
 * off and platform lambda, is applied with server-side apply and
 * `dryRun=All`, so the apiserver validates and admits each one (schemas,
 * webhook configurations, RBAC) without keeping it; and every resource and
 * verb the chart's Roles name is one the apiserver serves (RBAC takes any
 * string, so a typo would only show as a denied call); and rendering against
 * the cluster (`--dry-run=server`) keeps an installed Secret's certificates,
 * so an upgrade never wipes them; and `helm install --dry-run=server` (lambda)
 * goes through. Knative's kinds have no CRD here; infra/helm/chart.test.ts
 * checks them against Knative's fields.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { KubeConfig } from '@kubernetes/client-node';
import { CHART_PATH, helm, renderChart, type RenderedObject } from '../../infra/helm/helm.js';
import { isKnativeKind } from '../../infra/helm/knative-schema.js';
import { seedFlags, seedInstallLines } from '../../infra/helm/seed-install-lines.js';
import type { Crd } from '../../infra/manifests/crd.js';
import { installCrds } from '../../infra/manifests/install-crds.js';
import { kubeTransport, type KubeTransport } from '../../shared/kube/transport.js';
import { ensureNamespace, sharedControlPlane, testNamespace } from '../support/control-plane.js';

const FIELD_MANAGER = 'helm-chart-test';

const CASES: [string, string[]][] = [
  ['the defaults', []],
  ...seedInstallLines().map((l): [string, string[]] => [
    l.replace(/\s*\\\n\s*/g, ' '),
    seedFlags(l),
  ]),
  ['PodWebhook off', ['--set-json', 'featureGates="ImagePullJobGate=true,PodWebhook=false"']],
  [
    'platform lambda',
    [
      '--set',
      'platform=lambda',
      '--set',
      'lambda.functionUrls.admission=https://abc.lambda-url.eu-west-1.on.aws',
    ],
  ],
];

interface ApiResource {
  readonly name: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

/** Where an object of `apiVersion`/`kind` lives, by discovery (not a table of ours). */
async function pathOf(send: KubeTransport, o: RenderedObject): Promise<string> {
  const base = o.apiVersion.includes('/') ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`;
  const list = (await send({ method: 'GET', path: base })) as { resources: ApiResource[] };
  const r = list.resources.find((x) => x.kind === o.kind && !x.name.includes('/'));
  if (r === undefined) throw new Error(`${o.apiVersion} ${o.kind} is not served`);
  const ns = r.namespaced ? `/namespaces/${o.metadata.namespace ?? 'default'}` : '';
  return `${base}${ns}/${r.name}/${o.metadata.name}`;
}

/**
 * Server-side apply with dryRun=All, sent as JSON exactly as rendered (a
 * typed client would drop fields its models spell differently, such as
 * `x-kubernetes-int-or-string`). Undefined when accepted, else the refusal.
 */
async function dryRunApply(send: KubeTransport, o: RenderedObject): Promise<string | undefined> {
  try {
    const path = await pathOf(send, o);
    await send({
      method: 'PATCH',
      path: `${path}?dryRun=All&fieldManager=${FIELD_MANAGER}&force=true`,
      contentType: 'application/apply-patch+yaml',
      body: JSON.stringify(o),
    });
    return undefined;
  } catch (err) {
    return `${o.kind} ${o.metadata.name}: ${err instanceof Error ? err.message : String(err)}`;
  }
}

describe('the chart in a real kube-apiserver', () => {
  let kc: KubeConfig;
  let kubeconfigPath: string;
  let send: KubeTransport;

  before(async () => {
    const cp = await sharedControlPlane();
    kc = cp.kubeConfig;
    kubeconfigPath = cp.kubeconfigPath;
    send = kubeTransport(kc);
    // The CRDs for real first, so that the webhook rules and the rest validate
    // against served kinds; the namespaces objects are dry-run into exist for real too.
    const crds = (await renderChart()).filter((o) => o.kind === 'CustomResourceDefinition');
    assert.equal(crds.length, 5);
    await installCrds(kc, { crds: crds as unknown as Crd[] });
    await ensureNamespace(kc, 'kruise-system');
    // The daemon config namespace the chart always renders, as release `kruise` (the install
    // test's) leaves it, so helm adopts it rather than refusing an object it does not own; an
    // earlier test file of the run may have made it already (the functions' chart RBAC).
    await ensureNamespace(kc, 'kruise-daemon-config');
    await send({
      method: 'PATCH',
      path: '/api/v1/namespaces/kruise-daemon-config',
      contentType: 'application/merge-patch+json',
      body: JSON.stringify({
        metadata: {
          labels: { 'app.kubernetes.io/managed-by': 'Helm' },
          annotations: {
            'meta.helm.sh/release-name': 'kruise',
            'meta.helm.sh/release-namespace': 'default',
          },
        },
      }),
    });
  });

  for (const [name, flags] of CASES) {
    it(`accepts every object of ${name} (server-side apply, dryRun=All)`, async () => {
      const objects = (await renderChart(flags)).filter((o) => !isKnativeKind(o));
      assert.ok(objects.length >= 10, `${objects.length} objects`);
      const refused: string[] = [];
      for (const o of objects) {
        const problem = await dryRunApply(send, o);
        if (problem !== undefined) refused.push(problem);
      }
      assert.deepEqual(refused, []);
    });
  }

  it('names in its RBAC only resources and verbs the apiserver serves (RBAC itself takes any string)', async () => {
    const served = new Map<string, Set<string>>();
    const discover = async (group: string) => {
      const base = group === '' ? '/api/v1' : `/apis/${group}`;
      const versions =
        group === ''
          ? ['v1']
          : (
              (await send({ method: 'GET', path: base })) as { versions: { version: string }[] }
            ).versions.map((v) => v.version);
      for (const v of versions) {
        const path = group === '' ? base : `${base}/${v}`;
        const list = (await send({ method: 'GET', path })) as {
          resources: { name: string; verbs: string[] }[];
        };
        for (const r of list.resources) {
          const key = `${group}/${r.name}`;
          served.set(key, new Set([...(served.get(key) ?? []), ...r.verbs]));
        }
      }
    };
    const unknown: string[] = [];
    for (const flags of [[], ...CASES.map(([, f]) => f)]) {
      const roles = (await renderChart(flags)).filter(
        (o) => o.kind === 'ClusterRole' || o.kind === 'Role',
      );
      for (const role of roles) {
        const rules = (
          role as unknown as {
            rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[];
          }
        ).rules;
        for (const rule of rules) {
          for (const group of rule.apiGroups) {
            if (![...served.keys()].some((k) => k.startsWith(`${group}/`))) await discover(group);
            for (const resource of rule.resources) {
              const verbs = served.get(`${group}/${resource}`);
              const missing = rule.verbs.filter((v) => verbs?.has(v) !== true);
              if (missing.length > 0)
                unknown.push(`${role.metadata.name}: ${group}/${resource} ${missing.join(',')}`);
            }
          }
        }
      }
    }
    assert.deepEqual([...new Set(unknown)], []);
  });

  it('keeps the certificates of an installed release: the Secret is rendered with its data (lookup)', async () => {
    const ns = await testNamespace(kc, 'helm-lookup');
    const data = {
      'ca-cert.pem': Buffer.from('ca').toString('base64'),
      'tls.crt': Buffer.from('crt').toString('base64'),
    };
    await send({
      method: 'POST',
      path: `/api/v1/namespaces/${ns}/secrets`,
      body: JSON.stringify({ metadata: { name: 'kruise-webhook-certs' }, data }),
    });
    const flags = [
      '--set',
      `installation.namespace=${ns}`,
      '--dry-run=server',
      '--kubeconfig',
      kubeconfigPath,
    ];
    const secret = (await renderChart(flags)).find((o) => o.kind === 'Secret');
    assert.deepEqual(secret?.['data'], data);
    const fresh = (
      await renderChart([
        '--set',
        'installation.namespace=helm-lookup-none',
        '--dry-run=server',
        '--kubeconfig',
        kubeconfigPath,
      ])
    ).find((o) => o.kind === 'Secret');
    assert.equal(fresh?.['data'], undefined);
  });

  it('helm install --dry-run=server of platform lambda is accepted and its notes say what to do next', async () => {
    // Knative's kinds have no CRD here, so a knative install cannot be dry-run
    // by helm itself (helm lint renders its notes). Helm refuses to take over
    // objects it did not create: a namespace of its own, the CRDs left out.
    const ns = `helm-install-${Math.random().toString(16).slice(2, 8)}`;
    const { stdout } = await helm([
      'install',
      'kruise',
      CHART_PATH,
      '--dry-run=server',
      '--kubeconfig',
      kubeconfigPath,
      '--set',
      'platform=lambda',
      '--set',
      'lambda.functionUrls.admission=https://abc.lambda-url.eu-west-1.on.aws',
      '--set',
      `installation.namespace=${ns}`,
      '--set',
      'crds.managed=false',
    ]);
    const notes = stdout.slice(stdout.indexOf('NOTES:'));
    assert.ok(notes.includes(`kruise-fn 0.1.0 (lambda) in namespace ${ns}.`), notes);
    assert.match(
      notes,
      /call the admission function at https:\/\/abc\.lambda-url\.eu-west-1\.on\.aws\./,
    );
    assert.match(notes, /admission -> kruise-fn:admission\n {2}reconcile -> kruise-fn:reconcile/);
  });

  it('refuses what the apiserver would refuse (the dry-run is not a no-op)', async () => {
    const [hooks] = (await renderChart()).filter((o) => o.kind === 'MutatingWebhookConfiguration');
    assert.ok(hooks !== undefined);
    const broken = { ...hooks, webhooks: [{ name: 'no-dot', sideEffects: 'Sometimes' }] };
    const problem = await dryRunApply(send, broken as unknown as RenderedObject);
    assert.match(
      problem ?? '',
      /MutatingWebhookConfiguration kruise-mutating-webhook-configuration: .*webhooks\[0\]/,
    );
  });
});
