/**
 * The functions under test hold the chart's RBAC and nothing more
 * (test/support/chart-identity.ts): each authenticates with a bearer token
 * of its chart ServiceAccount (no client certificate), a call outside its
 * rules is refused by the kube-apiserver's RBAC authorizer, and a verb the
 * chart lacks fails a reconcile: with `create` dropped from the reconcile
 * ClusterRole's configmaps rule, the launch-priority controller cannot
 * create a pod's barrier ConfigMap, the apiserver answers Forbidden, the
 * function logs it and the batch counts a failed reconcile; the chart's
 * own role then creates it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findObject, renderChart, type RenderedObject } from '../../infra/helm/helm.js';
import type { Pod } from '../../shared/api/core/core-v1.js';
import { kubeClient, type KubeClient } from '../../shared/kube/client.js';
import { configMaps, pods, secrets } from '../../shared/kube/core-resources.js';
import { nodeImages } from '../../shared/kube/kruise-resources.js';
import { kubeTransport } from '../../shared/kube/transport.js';
import { installCrds } from '../../infra/manifests/install-crds.js';
import { startBundleProcess } from '../support/bundle-process.js';
import { assertNotAdmin, chartIdentity, type ChartFunction } from '../support/chart-identity.js';
import {
  ensureNamespace,
  sharedControlPlane,
  testNamespace,
  type ControlPlane,
} from '../support/control-plane.js';
import { startReconcile, type RunningReconcile } from '../support/reconcile-harness.js';
import { startAdmission, type RunningAdmission } from '../support/webhook-harness.js';

let cp: ControlPlane;
let admin: KubeClient;

before(async () => {
  cp = await sharedControlPlane();
  admin = kubeClient(cp.kubeConfig);
  await installCrds(cp.kubeConfig);
});

const statusOf = async (p: Promise<unknown>) =>
  p.then(
    () => 200,
    (err: unknown) => (err as { status?: number }).status ?? -1,
  );

describe('chart identities', () => {
  const fns: ChartFunction[] = ['admission', 'certs', 'reconcile', 'node-puller', 'credentials'];
  for (const fn of fns) {
    it(`${fn}: a token of ServiceAccount kruise-fn-${fn}, no client certificate`, async () => {
      const identity = await chartIdentity(cp, fn);
      const user = identity.kubeConfig.getCurrentUser();
      assert.equal(typeof user?.token, 'string');
      assert.equal(user?.certData, undefined);
      const review = (await kubeTransport(identity.kubeConfig)({
        method: 'POST',
        path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
        body: JSON.stringify({
          apiVersion: 'authentication.k8s.io/v1',
          kind: 'SelfSubjectReview',
        }),
      })) as { status: { userInfo: { username: string; groups: string[] } } };
      assert.equal(
        review.status.userInfo.username,
        `system:serviceaccount:kruise-system:kruise-fn-${fn}`,
      );
      assert.ok(!review.status.userInfo.groups.includes('system:masters'));
    });
  }

  it('refuse what the chart does not grant: the node puller reads secrets of kruise-daemon-config only and no pods, the credentials function nothing', async () => {
    const ns = await testNamespace(cp.kubeConfig, 'least-priv');
    await ensureNamespace(cp.kubeConfig, 'kruise-daemon-config');
    for (const namespace of [ns, 'kruise-daemon-config'])
      await admin.create(secrets, { metadata: { name: 'probe', namespace }, data: {} });
    const puller = kubeClient((await chartIdentity(cp, 'node-puller')).kubeConfig);
    assert.equal(
      await statusOf(puller.get(secrets, { namespace: 'kruise-daemon-config', name: 'probe' })),
      200,
    );
    assert.equal(await statusOf(puller.get(secrets, { namespace: ns, name: 'probe' })), 403);
    assert.equal(await statusOf(puller.list(nodeImages, {})), 200);
    // A CRR's containers come from the CRI: the puller reads no Pods.
    assert.equal(await statusOf(puller.list(pods, { namespace: ns })), 403);
    assert.equal(
      await statusOf(puller.create(configMaps, { metadata: { name: 'x', namespace: ns } })),
      403,
    );
    const credentials = kubeClient((await chartIdentity(cp, 'credentials')).kubeConfig);
    assert.equal(await statusOf(credentials.list(pods, { namespace: ns })), 403);
    assert.equal(await statusOf(credentials.list(nodeImages, {})), 403);
    await admin.delete(secrets, { namespace: 'kruise-daemon-config', name: 'probe' });
  });

  it("on lambda binds the group's roles, unchanged, to a ServiceAccount per group", async () => {
    const identity = await chartIdentity(cp, 'reconcile', { platform: 'lambda' });
    const suffix = identity.serviceAccount.slice('kruise-fn-reconcile'.length);
    assert.match(suffix, /^-[0-9a-f]{8}$/);
    const rendered = await renderChart([
      '--set',
      'platform=lambda',
      '--set',
      'lambda.functionUrls.admission=https://test.lambda-url.eu-west-1.on.aws',
    ]);
    const rulesOf = (objects: readonly RenderedObject[], name: string) =>
      (findObject(objects, 'ClusterRole', name) as unknown as { rules: unknown[] }).rules;
    assert.deepEqual(
      rulesOf(identity.objects, `kruise-fn-reconcile${suffix}`),
      rulesOf(rendered, 'kruise-fn-reconcile'),
    );
    const binding = findObject(
      identity.objects,
      'ClusterRoleBinding',
      `kruise-fn-reconcile${suffix}`,
    );
    assert.deepEqual((binding as unknown as { subjects: unknown[] }).subjects, [
      { kind: 'ServiceAccount', name: identity.serviceAccount, namespace: 'kruise-system' },
    ]);
    const review = await statusOf(
      kubeClient(identity.kubeConfig).list(pods, { namespace: 'kruise-system' }),
    );
    assert.equal(review, 200);
  });

  it('the harnesses refuse to run a function with the admin kubeconfig', async () => {
    assert.throws(
      () => assertNotAdmin(cp.kubeconfigPath, 'node-puller'),
      /runs with its chart ServiceAccount/,
    );
    await assert.rejects(
      startBundleProcess('/nonexistent/knative.js', { KUBECONFIG: cp.kubeconfigPath }),
      /runs with its chart ServiceAccount/,
    );
  });
});

/** The reconcile ClusterRole's configmaps rule without `create`. */
function withoutConfigMapCreate(objects: RenderedObject[]): RenderedObject[] {
  let dropped = 0;
  const edited = objects.map((o) => {
    if (o.kind !== 'ClusterRole' || o.metadata.name !== 'kruise-fn-reconcile') return o;
    const rules = (o as unknown as { rules: { resources: string[]; verbs: string[] }[] }).rules;
    return {
      ...o,
      rules: rules.map((r) => {
        if (!r.resources.includes('configmaps')) return r;
        dropped++;
        return { ...r, verbs: r.verbs.filter((v) => v !== 'create') };
      }),
    } as RenderedObject;
  });
  assert.equal(dropped, 1, 'the reconcile ClusterRole has one configmaps rule');
  return edited;
}

describe('a verb missing from the reconcile ClusterRole', () => {
  let admission: RunningAdmission;
  let reconcile: RunningReconcile | undefined;
  before(async () => {
    admission = await startAdmission(cp);
  });
  after(async () => {
    await reconcile?.stop();
    await admission.stop();
  });

  it("fails the reconcile with the apiserver's Forbidden, logged and counted; the chart's role then works", async () => {
    const identity = await chartIdentity(cp, 'reconcile', {
      variant: 'no-configmaps-create',
      edit: withoutConfigMapCreate,
    });
    reconcile = await startReconcile(cp, { identity });
    const namespace = await testNamespace(cp.kubeConfig, 'missing-verb');
    const key = { namespace, name: 'web-0' };
    const pod: Pod = {
      metadata: key,
      spec: {
        containers: [
          { name: 'main', image: 'example/main:1' },
          {
            name: 'sidecar',
            image: 'example/sidecar:1',
            env: [{ name: 'KRUISE_CONTAINER_PRIORITY', value: '1' }],
          },
        ],
      },
    };
    await admin.create(pods, pod);
    const failed = await reconcile.until('a failed reconcile of the pod', async () =>
      reconcile?.batches.find(
        (b) =>
          (b.summary?.outcomes['failed'] ?? 0) > 0 &&
          b.requests.some((r) => r.startsWith('POST') && r.includes('/configmaps')),
      ),
    );
    assert.ok(failed.refs.some((r) => r.name === 'web-0'));
    const forbidden = reconcile.logs.filter((l) =>
      /User \\?"system:serviceaccount:kruise-system:kruise-fn-reconcile-no-configmaps-create\\?" cannot create resource \\?"configmaps\\?"/.test(
        l,
      ),
    );
    assert.ok(forbidden.length > 0, reconcile.logs.slice(-20).join(''));
    assert.equal(await admin.find(configMaps, { namespace, name: 'web-0-barrier' }), undefined);
    await reconcile.stop();
    reconcile = undefined;

    // The chart's ClusterRole as rendered: the same pod's barrier is created.
    reconcile = await startReconcile(cp);
    const running = reconcile;
    // A change of the pod (an audit event) has the function reconcile it again.
    const now = await admin.get(pods, key);
    await admin.update(pods, {
      ...now,
      metadata: { ...now.metadata, labels: { ...now.metadata?.labels, again: 'true' } },
    });
    const barrier = await running.until('the barrier ConfigMap', () =>
      admin.find(configMaps, { namespace, name: 'web-0-barrier' }),
    );
    assert.deepStrictEqual(barrier.data, { p_1: 'true' });
  });
});
