import assert from 'node:assert/strict';
import { kubeClient, type KubeClient } from '../../../shared/kube/client.js';
import { kubePodReader } from '../../../functions/admission/containerrecreaterequest/reads.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { loadAdmissionEvent } from '../../../events/admission/load.js';
import type { JsonObject } from '../../../shared/json.js';
import { parseFeatureGates } from '../../../shared/feature-gates.js';
import { kubeAdmissionReads } from '../../../functions/admission/cluster/admission-reads.js';
import { cachedAdmissionData } from '../../../functions/admission/cluster/admission-data.js';
import {
  sidecarSetList,
  sidecarSetsPath,
  startFakeApiServer,
  type FakeApiServer,
} from '../../support/fake-apiserver.js';
import { createLogger } from '../../../shared/log/index.js';
import { captureLines } from '../../../shared/log/test-support.js';
import { createApp } from '../../../functions/admission/app.js';
import { refreshEveryMs } from '../../../functions/admission/process.js';
import { notReadyUntilSynced, routeDeps } from '../../../functions/admission/route-deps.js';
import { admissionRoutes } from '../../../functions/admission/routes.js';

type Review = { request: JsonObject & { object: JsonObject } };
type Answer = { response: { uid: string; allowed: boolean; patch?: string; status?: unknown } };

const NOW = new Date('2026-11-25T03:40:00Z');
const dir = mkdtempSync(join(tmpdir(), 'kruise-fn-deps-'));
let api: FakeApiServer;
let client: KubeClient;
before(async () => {
  api = await startFakeApiServer();
  const kc = new KubeConfig();
  kc.loadFromFile(api.writeKubeconfig(dir));
  client = kubeClient(kc);
});
after(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The app over the fake API server, with a clock for the caches the test moves. */
function setup(gates = '') {
  let clock = 0;
  const data = cachedAdmissionData(kubeAdmissionReads(client), {
    kruiseNamespace: 'kruise-system',
    now: () => clock,
  });
  const { lines, destination } = captureLines();
  const log = createLogger({ format: 'json', level: 0, destination, now: () => 0 });
  const deps = routeDeps({
    data,
    gates: parseFeatureGates(gates),
    pods: kubePodReader(client),
    now: () => NOW,
    randomSuffix: () => 'abcde',
  });
  const app = createApp({
    log,
    routes: admissionRoutes(deps),
    notReady: notReadyUntilSynced(data),
  });
  const review = async (path: string, body: unknown): Promise<Answer> => {
    const res = await app.request(path, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.status, 200);
    return (await res.json()) as Answer;
  };
  return { app, data, lines, review, advance: (ms: number) => (clock += ms) };
}

const patchOf = (answer: Answer): unknown =>
  JSON.parse(Buffer.from(answer.response.patch ?? '', 'base64').toString('utf8'));

const logAgent = () =>
  loadAdmissionEvent<JsonObject & { spec: JsonObject }>('sidecarset-log-agent');
const createPod = () => loadAdmissionEvent<Review>('create-pod');
const HASH = 'z79b6b8zc82845w5d6zf4wf2748fbfxb447c56ff84ddw2z82wdc9cb4zw4fbwf9';
const HASH_WITHOUT_IMAGE = '54xw2b67f2x648725f442bx6xvbv2zxb764cw6xcfc74fwz99548d2f5b87f7xc9';
const LIST = 'GET /apis/apps.kruise.io/v1alpha1/sidecarsets?limit=500';

/** The patch injecting the log-agent sample into the create-pod sample. */
const injectionPatch = [
  {
    op: 'add',
    path: '/spec/containers/1',
    value: {
      name: 'log-agent',
      image: 'ex/log:1',
      env: [
        { name: 'IS_INJECTED', value: 'true' },
        { name: 'TZ', value: 'UTC' },
      ],
      resources: {},
      volumeMounts: [{ name: 'data', mountPath: '/data' }],
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      imagePullPolicy: 'IfNotPresent',
    },
  },
  {
    op: 'add',
    path: '/metadata/annotations',
    value: {
      'kruise.io/sidecarset-hash': JSON.stringify({
        'log-agent': {
          updateTimestamp: '2026-11-25T03:40:00Z',
          hash: HASH,
          sidecarSetName: 'log-agent',
          sidecarList: ['log-agent'],
          controllerRevision: 'log-agent-5f6b8d7c9',
        },
      }),
      'kruise.io/sidecarset-hash-without-image': JSON.stringify({
        'log-agent': {
          updateTimestamp: '2026-11-25T03:40:00Z',
          hash: HASH_WITHOUT_IMAGE,
          sidecarSetName: 'log-agent',
          sidecarList: ['log-agent'],
        },
      }),
      'kruise.io/sidecarset-injected-list': 'log-agent',
    },
  },
];

const sidecarSetReview = (object: JsonObject) => ({
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  request: {
    uid: 'u-ss',
    kind: { group: 'apps.kruise.io', version: 'v1alpha1', kind: 'SidecarSet' },
    resource: { group: 'apps.kruise.io', version: 'v1alpha1', resource: 'sidecarsets' },
    name: 'log-agent',
    operation: 'CREATE',
    object,
  },
});

describe('admission routes over the cluster data', () => {
  it('injects a matching SidecarSet into a pod', async () => {
    api.answers.set(sidecarSetsPath, sidecarSetList([logAgent()]));
    api.requests.length = 0;
    const { review } = setup();
    const answer = await review('/mutate-pod', createPod());
    assert.deepStrictEqual(patchOf(answer), injectionPatch);
    assert.deepStrictEqual(api.requests, [LIST]);
  });

  it('answers within the freshness bound and sees a SidecarSet created before it', async () => {
    api.answers.set(sidecarSetsPath, sidecarSetList([]));
    api.requests.length = 0;
    const { review, advance } = setup();
    assert.equal((await review('/mutate-pod', createPod())).response.patch, undefined);
    api.answers.set(sidecarSetsPath, sidecarSetList([logAgent()]));
    advance(500);
    // Still the read started 500 ms ago; a refresh starts behind it (metadata list, then list).
    assert.equal((await review('/mutate-pod', createPod())).response.patch, undefined);
    advance(1);
    assert.deepStrictEqual(patchOf(await review('/mutate-pod', createPod())), injectionPatch);
    assert.deepStrictEqual(api.requests, [LIST, `${LIST} (metadata)`, LIST]);
  });

  it('refreshes an unchanged SidecarSet list with a metadata list only', async () => {
    const versioned = logAgent();
    versioned['metadata'] = {
      ...(versioned['metadata'] as JsonObject),
      uid: 'u-1',
      resourceVersion: '7',
    };
    api.answers.set(sidecarSetsPath, sidecarSetList([versioned]));
    api.requests.length = 0;
    const { review, advance } = setup();
    assert.deepStrictEqual(patchOf(await review('/mutate-pod', createPod())), injectionPatch);
    advance(501);
    assert.deepStrictEqual(patchOf(await review('/mutate-pod', createPod())), injectionPatch);
    assert.deepStrictEqual(api.requests, [LIST, `${LIST} (metadata)`]);
  });

  it("reads the pod's Namespace only for a namespaceSelector", async () => {
    const selecting = logAgent();
    selecting.spec['namespaceSelector'] = { matchLabels: { env: 'prod' } };
    api.answers.set(sidecarSetsPath, sidecarSetList([selecting]));
    api.answers.set('/api/v1/namespaces/default', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'default', labels: { env: 'prod' } },
    });
    api.requests.length = 0;
    const { review } = setup();
    assert.deepStrictEqual(patchOf(await review('/mutate-pod', createPod())), injectionPatch);
    assert.deepStrictEqual(api.requests, [LIST, 'GET /api/v1/namespaces/default']);
  });

  const denials = [
    {
      name: 'the SidecarSets cannot be listed',
      answer: undefined,
      message: 'list SidecarSets: the server could not find the requested resource',
      requests: [LIST],
    },
    {
      name: 'a pinned revision is missing',
      answer: () => {
        const pinned = logAgent();
        pinned.spec['injectionStrategy'] = { revision: { revisionName: 'log-agent-old' } };
        return sidecarSetList([pinned]);
      },
      message: 'controllerrevisions.apps "log-agent-old" not found',
      requests: [
        LIST,
        'GET /apis/apps/v1/namespaces/kruise-system/controllerrevisions/log-agent-old',
      ],
    },
  ];
  for (const d of denials) {
    it(`denies the pod with code 500 when ${d.name}`, async () => {
      if (d.answer === undefined) api.answers.delete(sidecarSetsPath);
      else api.answers.set(sidecarSetsPath, d.answer());
      api.requests.length = 0;
      const { review } = setup();
      assert.deepStrictEqual(await review('/mutate-pod', createPod()), {
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        response: {
          uid: '705ab4f5-6393-11e8-b7cc-42010a800002',
          allowed: false,
          status: { code: 500, message: d.message },
        },
      });
      assert.deepStrictEqual(api.requests, d.requests);
    });
  }

  it('validates a SidecarSet against the others and the kruise configuration', async () => {
    api.answers.set(sidecarSetsPath, sidecarSetList([logAgent()]));
    api.requests.length = 0;
    const { review } = setup();
    const clash = logAgent();
    clash['metadata'] = { name: 'log-agent-2' };
    clash.spec['patchPodMetadata'] = [{ annotations: { 'a/b': 'c' }, patchPolicy: 'Overwrite' }];
    assert.deepStrictEqual(
      (await review('/validate-apps-kruise-io-v1alpha1-sidecarset', sidecarSetReview(clash)))
        .response,
      {
        uid: 'u-ss',
        allowed: false,
        status: {
          code: 500,
          message:
            'spec.patchPodMetadata: Required value: SidecarSet patch metadata whitelist not found',
        },
      },
    );
    assert.deepStrictEqual(api.requests, [
      LIST,
      'GET /api/v1/namespaces/kruise-system/configmaps/kruise-configuration',
    ]);
  });

  it('serves every OpenKruise route kruise-fn implements', () => {
    const pods = kubePodReader(client);
    const deps = routeDeps({ data: setup().data, gates: parseFeatureGates(''), pods });
    assert.deepStrictEqual(
      admissionRoutes(deps).map((r) => [r.path, r.kind.kind, r.kind.apiVersions.join(',')]),
      [
        ['/mutate-pod', 'Pod', 'v1'],
        ['/mutate-apps-kruise-io-v1alpha1-sidecarset', 'SidecarSet', 'apps.kruise.io/v1alpha1'],
        [
          '/mutate-apps-kruise-io-statefulset',
          'StatefulSet',
          'apps.kruise.io/v1alpha1,apps.kruise.io/v1beta1',
        ],
        ['/mutate-apps-kruise-io-v1alpha1-imagepulljob', 'ImagePullJob', 'apps.kruise.io/v1alpha1'],
        ['/mutate-apps-kruise-io-v1alpha1-nodeimage', 'NodeImage', 'apps.kruise.io/v1alpha1'],
        [
          '/mutate-apps-kruise-io-v1alpha1-containerrecreaterequest',
          'ContainerRecreateRequest',
          'apps.kruise.io/v1alpha1',
        ],
        ['/validate-apps-kruise-io-v1alpha1-sidecarset', 'SidecarSet', 'apps.kruise.io/v1alpha1'],
        [
          '/validate-apps-kruise-io-statefulset',
          'StatefulSet',
          'apps.kruise.io/v1alpha1,apps.kruise.io/v1beta1',
        ],
        [
          '/validate-apps-kruise-io-v1alpha1-imagepulljob',
          'ImagePullJob',
          'apps.kruise.io/v1alpha1',
        ],
        ['/validate-apps-kruise-io-v1alpha1-nodeimage', 'NodeImage', 'apps.kruise.io/v1alpha1'],
      ],
    );
  });

  const kruiseReview = (resource: string, kind: string, operation: string, object: JsonObject) => ({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: 'u-k',
      kind: { group: 'apps.kruise.io', version: 'v1alpha1', kind },
      resource: { group: 'apps.kruise.io', version: 'v1alpha1', resource },
      name: 'x',
      operation,
      object,
      ...(operation === 'DELETE' && { oldObject: object }),
    },
  });
  const gateAnswers = [
    {
      name: 'denies an ImagePullJob while ImagePullJobGate is off',
      gates: '',
      path: '/validate-apps-kruise-io-v1alpha1-imagepulljob',
      review: kruiseReview('imagepulljobs', 'ImagePullJob', 'CREATE', {
        apiVersion: 'apps.kruise.io/v1alpha1',
        kind: 'ImagePullJob',
        metadata: { name: 'x', namespace: 'default' },
        spec: { image: 'nginx' },
      }),
      response: {
        uid: 'u-k',
        allowed: false,
        status: { code: 403, message: 'feature-gate ImagePullJobGate is not enabled' },
      },
    },
    {
      name: 'allows a valid NodeImage',
      gates: '',
      path: '/validate-apps-kruise-io-v1alpha1-nodeimage',
      review: kruiseReview('nodeimages', 'NodeImage', 'CREATE', {
        apiVersion: 'apps.kruise.io/v1alpha1',
        kind: 'NodeImage',
        metadata: { name: 'x' },
        spec: {},
      }),
      response: { uid: 'u-k', allowed: true, status: { code: 200, message: 'allowed' } },
    },
    {
      name: 'protects a StatefulSet labelled delete-protection Always from deletion',
      gates: '',
      path: '/validate-apps-kruise-io-statefulset',
      review: kruiseReview('statefulsets', 'StatefulSet', 'DELETE', {
        apiVersion: 'apps.kruise.io/v1alpha1',
        kind: 'StatefulSet',
        metadata: {
          name: 'x',
          namespace: 'default',
          labels: { 'policy.kruise.io/delete-protection': 'Always' },
        },
        spec: { replicas: 1 },
      }),
      response: {
        uid: 'u-k',
        allowed: false,
        status: {
          code: 403,
          message:
            'forbidden by ResourcesProtectionDeletion for policy.kruise.io/delete-protection=Always',
        },
      },
    },
  ];
  for (const g of gateAnswers) {
    it(g.name, async () => {
      const { review } = setup(g.gates);
      assert.deepStrictEqual((await review(g.path, g.review)).response, g.response);
    });
  }

  it('drops /mutate-pod when PodWebhook is off', async () => {
    const res = await setup('PodWebhook=false').app.request('/mutate-pod', {
      method: 'POST',
      body: JSON.stringify(createPod()),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.status, 404);
  });

  it('is not ready until the SidecarSets were read, and /readyz starts the read', async () => {
    api.answers.set(sidecarSetsPath, sidecarSetList([]));
    api.requests.length = 0;
    const { app, data } = setup();
    const first = await app.request('/readyz');
    assert.deepStrictEqual(
      [first.status, await first.text()],
      [503, 'SidecarSets have not been read yet'],
    );
    await data.sidecarSets();
    const second = await app.request('/readyz');
    assert.deepStrictEqual([second.status, await second.text()], [200, 'ok']);
    assert.deepStrictEqual(api.requests, [LIST]);
  });
});

describe('refreshEveryMs', () => {
  const cases = [
    { name: 'a warm server (Knative, make run)', env: {}, want: 100 },
    { name: 'Lambda', env: { AWS_LAMBDA_FUNCTION_NAME: 'kruise-fn-admission' }, want: undefined },
  ];
  for (const c of cases) {
    it(`times background SidecarSet refreshes on ${c.name}: ${String(c.want)}`, () => {
      assert.equal(refreshEveryMs(c.env), c.want);
    });
  }
});
