/**
 * ContainerRecreateRequests through the real kube-apiserver and the
 * mcontainerrecreaterequest.kb.io webhook (SPEC §4 "CRR mutating webhook"):
 * a Pod is created already bound to a node (`spec.nodeName`), its status is
 * written through the status subresource as a kubelet would (running, with
 * container IDs), and a CRR naming it is stored with the labels, failure
 * policy, grace period, preStop, ports and container context OpenKruise's
 * webhook fills in. Refusals reach the client with the webhook's name,
 * OpenKruise's code and message, and nothing is stored.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ApiException,
  CoreV1Api,
  CustomObjectsApi,
  type V1Pod,
  type V1PodStatus,
} from '@kubernetes/client-node';
import { sharedControlPlane, testNamespace, type ControlPlane } from '../support/control-plane.js';
import { startAdmission, type RunningAdmission } from '../support/webhook-harness.js';

type Json = Record<string, unknown>;

const CRRS = { group: 'apps.kruise.io', version: 'v1alpha1', plural: 'containerrecreaterequests' };
const WEBHOOK = 'mcontainerrecreaterequest.kb.io';
const NODE = 'node-crr-1';
const APP_ID = 'containerd://4f9a0c1e2b3d';
const SIDECAR_ID = 'containerd://7e6d5c4b3a29';

const crr = (name: string, spec: Json): Json => ({
  apiVersion: 'apps.kruise.io/v1alpha1',
  kind: 'ContainerRecreateRequest',
  metadata: { name },
  spec,
});

/** The Status the apiserver answers for a webhook denial. */
const denied = (code: number, message: string): Json => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: `admission webhook "${WEBHOOK}" denied the request: ${message}`,
  code,
});

const runningStatus = (startedAt: Date): V1PodStatus => ({
  phase: 'Running',
  conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: startedAt }],
  containerStatuses: [
    {
      name: 'app',
      image: 'example/app:1.0',
      imageID: 'example/app@sha256:0000',
      containerID: APP_ID,
      ready: true,
      restartCount: 2,
      started: true,
      state: { running: { startedAt } },
    },
    {
      name: 'sidecar',
      image: 'example/sidecar:1.0',
      imageID: 'example/sidecar@sha256:1111',
      containerID: SIDECAR_ID,
      ready: true,
      restartCount: 0,
      started: true,
      state: { running: { startedAt } },
    },
  ],
});

describe('ContainerRecreateRequest webhook through the kube-apiserver', () => {
  let cp: ControlPlane;
  let admission: RunningAdmission;
  let core: CoreV1Api;
  let custom: CustomObjectsApi;
  let namespace: string;

  before(async () => {
    cp = await sharedControlPlane();
    admission = await startAdmission(cp);
    core = cp.kubeConfig.makeApiClient(CoreV1Api);
    custom = cp.kubeConfig.makeApiClient(CustomObjectsApi);
    namespace = await testNamespace(cp.kubeConfig, 'crr');
  });
  after(async () => {
    await admission.stop();
    await core.deleteNamespace({ name: namespace });
  });

  /** A Pod bound to NODE at create; `running` writes its status as the kubelet would. */
  async function createPod(name: string, opts: { bound: boolean; running: boolean }) {
    const body: V1Pod = {
      metadata: { name },
      spec: {
        ...(opts.bound && { nodeName: NODE }),
        terminationGracePeriodSeconds: 45,
        containers: [
          {
            name: 'app',
            image: 'example/app:1.0',
            ports: [{ name: 'http', containerPort: 8080 }],
            lifecycle: { preStop: { httpGet: { path: '/quit', port: 'http' } } },
          },
          {
            name: 'sidecar',
            image: 'example/sidecar:1.0',
            lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 3'] } } },
          },
        ],
      },
    };
    const pod = await core.createNamespacedPod({ namespace, body });
    if (!opts.running) return pod;
    return core.replaceNamespacedPodStatus({
      namespace,
      name,
      body: { ...pod, status: runningStatus(new Date()) },
    });
  }

  const create = (body: Json) =>
    custom.createNamespacedCustomObject({ ...CRRS, namespace, body }) as Promise<Json>;
  const refusal = async (call: () => Promise<unknown>): Promise<Json> => {
    try {
      await call();
    } catch (err) {
      if (err instanceof ApiException) return JSON.parse(String(err.body)) as Json;
      throw err;
    }
    throw new Error('the request was accepted');
  };
  const stored = async (name: string): Promise<boolean> => {
    try {
      await custom.getNamespacedCustomObject({ ...CRRS, namespace, name });
      return true;
    } catch (err) {
      if (err instanceof ApiException && err.code === 404) return false;
      throw err;
    }
  };

  it('stores a CRR defaulted from its running pod and keeps its spec immutable', async () => {
    const pod = await createPod('web-0', { bound: true, running: true });
    const before = admission.requests.length;
    const created = await create(
      crr('recreate-web-0', {
        podName: 'web-0',
        containers: [{ name: 'app' }, { name: 'sidecar' }],
        strategy: { orderedRecreate: true },
      }),
    );
    assert.ok(
      admission.requests
        .slice(before)
        .includes(`/mutate-apps-kruise-io-v1alpha1-containerrecreaterequest`),
    );
    const read = (await custom.getNamespacedCustomObject({
      ...CRRS,
      namespace,
      name: 'recreate-web-0',
    })) as { metadata: Json; spec: Json };
    assert.deepStrictEqual((created as { spec: Json }).spec, read.spec);
    assert.deepStrictEqual(read.metadata['labels'], {
      'crr.apps.kruise.io/active': 'true',
      'crr.apps.kruise.io/node-name': NODE,
      'crr.apps.kruise.io/pod-uid': pod.metadata?.uid,
    });
    assert.deepStrictEqual(read.spec, {
      podName: 'web-0',
      containers: [
        {
          name: 'app',
          // The apiserver defaulted the scheme and protocol; OpenKruise copies them as stored.
          preStop: { httpGet: { path: '/quit', port: 'http', scheme: 'HTTP' } },
          ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
          statusContext: { containerID: APP_ID, restartCount: 2 },
        },
        {
          name: 'sidecar',
          preStop: { exec: { command: ['sh', '-c', 'sleep 3'] } },
          statusContext: { containerID: SIDECAR_ID, restartCount: 0 },
        },
      ],
      strategy: { failurePolicy: 'Fail', orderedRecreate: true, terminationGracePeriodSeconds: 45 },
    });

    const changed = { ...read, spec: { ...read.spec, activeDeadlineSeconds: 60 } };
    const answer = await refusal(() =>
      custom.replaceNamespacedCustomObject({
        ...CRRS,
        namespace,
        name: 'recreate-web-0',
        body: changed,
      }),
    );
    assert.deepStrictEqual(answer, denied(403, 'spec of ContainerRecreateRequest is immutable'));
  });

  const refusals = [
    {
      name: 'a pod that does not exist',
      pod: undefined,
      spec: { podName: 'missing', containers: [{ name: 'app' }] },
      want: denied(400, 'no found Pod named missing'),
    },
    {
      name: 'a pod not bound to a node yet',
      pod: { name: 'pending-0', bound: false, running: false },
      spec: { podName: 'pending-0', containers: [{ name: 'app' }] },
      want: denied(400, 'not allowed to recreate containers in a pending Pod'),
    },
    {
      name: 'a container whose status the kubelet has not written',
      pod: { name: 'starting-0', bound: true, running: false },
      spec: { podName: 'starting-0', containers: [{ name: 'app' }] },
      want: denied(400, 'not found app containerStatus in Pod Status'),
    },
    {
      name: 'a container the pod does not have',
      pod: { name: 'web-1', bound: true, running: true },
      spec: { podName: 'web-1', containers: [{ name: 'db' }] },
      want: denied(400, 'container db not found in Pod'),
    },
    {
      name: 'an unknown failure policy',
      pod: undefined,
      spec: {
        podName: 'web-0',
        containers: [{ name: 'app' }],
        strategy: { failurePolicy: 'Retry' },
      },
      want: denied(400, 'unknown failurePolicy Retry'),
    },
  ];
  for (const r of refusals) {
    it(`refuses a CRR for ${r.name} and stores nothing`, async () => {
      if (r.pod !== undefined) await createPod(r.pod.name, r.pod);
      const name = `refused-${r.pod?.name ?? 'none'}-${refusals.indexOf(r)}`;
      assert.deepStrictEqual(await refusal(() => create(crr(name, r.spec))), r.want);
      assert.equal(await stored(name), false);
    });
  }
});
