/**
 * `/mutate-pod` answers a pod a Kruise workload controls with the
 * `KruisePodReady` readiness gate (kruise@v1.7.4
 * `pkg/webhook/pod/mutating/pod_readiness.go` l. 29-38, run first by
 * `pod_create_update_handler.go` l. 61), through the real routes and the
 * patch the shell builds, with and without the gate `KruisePodReadinessGate`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadAdmissionEvent } from '../../../events/admission/load.js';
import { createApp } from '../../../functions/admission/app.js';
import type { AdmissionData } from '../../../functions/admission/cluster/admission-data.js';
import { routeDeps } from '../../../functions/admission/route-deps.js';
import { admissionRoutes } from '../../../functions/admission/routes.js';
import { chartDefaultFeatureGates, parseFeatureGates } from '../../../shared/feature-gates.js';
import { createLogger } from '../../../shared/log/index.js';

/** A cluster with no SidecarSets: only the readiness gate can change a pod. */
const data: AdmissionData = {
  synced: true,
  warm: () => undefined,
  sidecarSets: async () => [],
  namespaceLabels: async (name) => ({ 'kubernetes.io/metadata.name': name }),
  controllerRevision: async () => undefined,
  customVersionRevisions: async () => [],
  kruiseConfig: async () => undefined,
};
const appWith = (featureGates: string) =>
  createApp({
    log: createLogger({ level: 0, destination: { write: () => undefined }, env: {} }),
    routes: admissionRoutes(
      routeDeps({
        data,
        gates: parseFeatureGates(featureGates),
        pods: async () => ({ notFound: true }),
      }),
    ),
    notReady: () => undefined,
  });

type PodReview = {
  request: {
    object: {
      metadata: { ownerReferences: Record<string, unknown>[] };
      spec: Record<string, unknown>;
    };
  };
};
const CLONESET_OWNER = {
  apiVersion: 'apps.kruise.io/v1alpha1',
  kind: 'CloneSet',
  name: 'web',
  uid: '9c1f4e2a-3b5d-4c6e-8f70-1a2b3c4d5e6f',
  controller: true,
  blockOwnerDeletion: true,
};

/** The sample pod review (a ReplicaSet's pod), edited. */
function review(edit: (r: PodReview) => void = () => undefined): string {
  const r = loadAdmissionEvent<PodReview>('create-pod');
  edit(r);
  return JSON.stringify(r);
}

/** The JSON patch of the answer, decoded; [] when there is none. */
async function patchOf(featureGates: string, body: string): Promise<unknown[]> {
  const res = await appWith(featureGates).request('/mutate-pod', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(res.status, 200);
  const { response } = (await res.json()) as {
    response: { allowed: boolean; patchType?: string; patch?: string };
  };
  assert.equal(response.allowed, true);
  if (response.patch === undefined) return [];
  assert.equal(response.patchType, 'JSONPatch');
  return JSON.parse(Buffer.from(response.patch, 'base64').toString('utf8')) as unknown[];
}

const ownedByCloneSet = (r: PodReview) => {
  r.request.object.metadata.ownerReferences = [CLONESET_OWNER];
};
const ADD_GATES = {
  op: 'add',
  path: '/spec/readinessGates',
  value: [{ conditionType: 'KruisePodReady' }],
};

describe('/mutate-pod: the KruisePodReady readiness gate', () => {
  const chart = chartDefaultFeatureGates;
  const cases: { name: string; gates: string; body: string; want: unknown[] }[] = [
    {
      name: 'adds it to a CloneSet pod',
      gates: chart,
      body: review(ownedByCloneSet),
      want: [ADD_GATES],
    },
    {
      name: 'appends it after a gate the pod has',
      gates: chart,
      body: review((r) => {
        ownedByCloneSet(r);
        r.request.object.spec['readinessGates'] = [{ conditionType: 'example.com/ready' }];
      }),
      want: [
        { op: 'add', path: '/spec/readinessGates/1', value: { conditionType: 'KruisePodReady' } },
      ],
    },
    {
      name: 'adds nothing to a CloneSet pod that has it',
      gates: chart,
      body: review((r) => {
        ownedByCloneSet(r);
        r.request.object.spec['readinessGates'] = [{ conditionType: 'KruisePodReady' }];
      }),
      want: [],
    },
    {
      name: 'leaves a ReplicaSet pod alone with the chart gates',
      gates: chart,
      body: review(),
      want: [],
    },
    {
      name: 'adds it to a ReplicaSet pod with KruisePodReadinessGate=true',
      gates: `${chart},KruisePodReadinessGate=true`,
      body: review(),
      want: [ADD_GATES],
    },
  ];
  for (const c of cases) {
    it(c.name, async () => assert.deepStrictEqual(await patchOf(c.gates, c.body), c.want));
  }
});
