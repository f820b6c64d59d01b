/**
 * The chart's manifests in a real kube-apiserver: its CRDs are applied for
 * real (and become Established), then every other object `helm template`
 * renders, for the defaults, each of the seed's install lines, PodWebhook
 * off and platform lambda, is applied with server-side apply and
 * `dryRun=All`, so the apiserver validates and admits each one (schemas,
 * webhook configurations, RBAC) without keeping it. Knative's kinds have no
 * CRD here; infra/helm/chart.test.ts checks them against Knative's fields.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { KubeConfig } from '@kubernetes/client-node';
import { renderChart, type RenderedObject } from '../../infra/helm/helm.js';
import { isKnativeKind } from '../../infra/helm/knative-schema.js';
import { seedFlags, seedInstallLines } from '../../infra/helm/seed-install-lines.js';
import type { Crd } from '../../infra/manifests/crd.js';
import { installCrds } from '../../infra/manifests/install-crds.js';
import { kubeTransport, type KubeTransport } from '../../shared/kube/transport.js';
import { ensureNamespace, sharedControlPlane } from '../support/control-plane.js';

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
  let send: KubeTransport;

  before(async () => {
    kc = (await sharedControlPlane()).kubeConfig;
    send = kubeTransport(kc);
    // The CRDs for real first, so that the webhook rules and the rest validate
    // against served kinds; the namespace objects are dry-run into.
    const crds = (await renderChart()).filter((o) => o.kind === 'CustomResourceDefinition');
    assert.equal(crds.length, 5);
    await installCrds(kc, { crds: crds as unknown as Crd[] });
    await ensureNamespace(kc, 'kruise-system');
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
