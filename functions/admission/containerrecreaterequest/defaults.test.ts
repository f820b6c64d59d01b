import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  allow,
  deny,
  type AdmissionInput,
  type Decision,
  type Operation,
} from '../review/decision.js';
import { defaultContainerRecreateRequest, podToRead } from './defaults.js';
import type { Container } from '../../../shared/api/core/core-v1.js';
import type { DecodedContainerRecreateRequest as ContainerRecreateRequest } from '../../../shared/api/decoded.js';
import type { Pod as CrrPod } from '../../../shared/api/core/core-v1.js';
import type { PodLookup } from './reads.js';

const crr = (spec: object = {}, metadata: object = {}): ContainerRecreateRequest =>
  ({
    apiVersion: 'apps.kruise.io/v1alpha1',
    kind: 'ContainerRecreateRequest',
    metadata: { name: 'recreate-app', namespace: 'default', ...metadata },
    spec: { podName: 'web-0', containers: [{ name: 'app' }], ...spec },
  }) as ContainerRecreateRequest;

/** A pod as the API returns it, editable. */
interface PodFixture {
  metadata: { uid: string; deletionTimestamp?: string };
  spec: {
    nodeName?: string;
    terminationGracePeriodSeconds?: number;
    initContainers?: Container[];
    containers: Container[];
  };
  status: {
    phase: string;
    conditions?: { type: string; status: string }[];
    containerStatuses: { name: string; containerID?: string; restartCount: number }[];
  };
}

const pod = (edit: (p: PodFixture) => void = () => undefined): CrrPod => {
  const p: PodFixture = {
    metadata: { uid: 'pod-uid-1' },
    spec: {
      nodeName: 'node-1',
      terminationGracePeriodSeconds: 30,
      containers: [
        { name: 'app', image: 'app:1', ports: [{ containerPort: 8080, protocol: 'TCP' }] },
        { name: 'sidecar', image: 'sidecar:1' },
      ],
    },
    status: {
      phase: 'Running',
      containerStatuses: [
        { name: 'app', containerID: 'containerd://aaa', restartCount: 2 },
        { name: 'sidecar', containerID: 'containerd://bbb', restartCount: 0 },
      ],
    },
  };
  edit(p);
  // Only the fields the handler reads; a real Pod has more (status image, ready, …).
  return p as CrrPod;
};

const input = (
  object: ContainerRecreateRequest,
  operation: Operation = 'CREATE',
  oldObject?: ContainerRecreateRequest,
): AdmissionInput<ContainerRecreateRequest> => ({
  uid: 'u',
  operation,
  kind: { group: 'apps.kruise.io', version: 'v1alpha1', kind: 'ContainerRecreateRequest' },
  resource: { group: 'apps.kruise.io', version: 'v1alpha1', resource: 'containerrecreaterequests' },
  namespace: 'default',
  name: 'recreate-app',
  object,
  ...(oldObject !== undefined && { oldObject }),
});

const labels = {
  'crr.apps.kruise.io/active': 'true',
  'crr.apps.kruise.io/node-name': 'node-1',
  'crr.apps.kruise.io/pod-uid': 'pod-uid-1',
};
const defaulted = (spec: object, metadata: object = {}): ContainerRecreateRequest =>
  ({
    ...crr(),
    metadata: { name: 'recreate-app', namespace: 'default', labels, ...metadata },
    spec,
  }) as ContainerRecreateRequest;

const httpPreStop = { httpGet: { path: '/quit', port: 8080, scheme: 'HTTP' } };

const createCases: {
  name: string;
  object: ContainerRecreateRequest;
  pod?: PodLookup;
  want: Decision;
}[] = [
  {
    name: 'fills labels, failure policy, grace period and the container context from the pod',
    object: crr(),
    pod: { pod: pod() },
    want: allow(
      defaulted({
        podName: 'web-0',
        containers: [
          { name: 'app', statusContext: { containerID: 'containerd://aaa', restartCount: 2 } },
        ],
        strategy: { failurePolicy: 'Fail', terminationGracePeriodSeconds: 30 },
      }),
    ),
  },
  {
    name: 'keeps existing labels, the given policy and grace period, and writes restartCount 0',
    object: crr(
      {
        containers: [{ name: 'sidecar' }],
        strategy: {
          failurePolicy: 'Ignore',
          terminationGracePeriodSeconds: 0,
          forceRecreate: true,
        },
      },
      { labels: { team: 'a' } },
    ),
    pod: { pod: pod() },
    want: allow(
      defaulted(
        {
          podName: 'web-0',
          containers: [
            {
              name: 'sidecar',
              statusContext: { containerID: 'containerd://bbb', restartCount: 0 },
            },
          ],
          strategy: {
            failurePolicy: 'Ignore',
            forceRecreate: true,
            terminationGracePeriodSeconds: 0,
          },
        },
        { labels: { team: 'a', ...labels } },
      ),
    ),
  },
  {
    name: 'copies an exec preStop but not the ports',
    object: crr(),
    pod: {
      pod: pod((p) => {
        Object.assign(p.spec.containers[0] ?? {}, {
          lifecycle: {
            preStop: { exec: { command: ['sh', '-c', 'sleep 1'] }, sleep: { seconds: 1 } },
          },
        });
      }),
    },
    want: allow(
      defaulted({
        podName: 'web-0',
        containers: [
          {
            name: 'app',
            preStop: { exec: { command: ['sh', '-c', 'sleep 1'] } },
            statusContext: { containerID: 'containerd://aaa', restartCount: 2 },
          },
        ],
        strategy: { failurePolicy: 'Fail', terminationGracePeriodSeconds: 30 },
      }),
    ),
  },
  {
    name: 'copies an HTTP preStop with the container ports',
    object: crr(),
    pod: {
      pod: pod((p) =>
        Object.assign(p.spec.containers[0] ?? {}, { lifecycle: { preStop: httpPreStop } }),
      ),
    },
    want: allow(
      defaulted({
        podName: 'web-0',
        containers: [
          {
            name: 'app',
            preStop: httpPreStop,
            ports: [{ containerPort: 8080, protocol: 'TCP' }],
            statusContext: { containerID: 'containerd://aaa', restartCount: 2 },
          },
        ],
        strategy: { failurePolicy: 'Fail', terminationGracePeriodSeconds: 30 },
      }),
    ),
  },
  {
    name: 'drops what Go leaves out when it marshals (false, 0, null)',
    object: crr({
      strategy: { orderedRecreate: false, minStartedSeconds: 0 },
      activeDeadlineSeconds: null,
    }),
    pod: {
      pod: pod(
        (p) =>
          delete (p.spec as { terminationGracePeriodSeconds?: number })
            .terminationGracePeriodSeconds,
      ),
    },
    want: allow(
      defaulted({
        podName: 'web-0',
        containers: [
          { name: 'app', statusContext: { containerID: 'containerd://aaa', restartCount: 2 } },
        ],
        strategy: { failurePolicy: 'Fail' },
      }),
    ),
  },
  {
    name: 'finds init containers too',
    object: crr({ containers: [{ name: 'init' }] }),
    pod: {
      pod: pod((p) => {
        p.spec.initContainers = [{ name: 'init', image: 'init:1' }];
        p.status.containerStatuses = [
          { name: 'init', containerID: 'containerd://ccc', restartCount: 1 },
        ];
      }),
    },
    want: allow(
      defaulted({
        podName: 'web-0',
        containers: [
          { name: 'init', statusContext: { containerID: 'containerd://ccc', restartCount: 1 } },
        ],
        strategy: { failurePolicy: 'Fail', terminationGracePeriodSeconds: 30 },
      }),
    ),
  },
  {
    name: 'allows a terminal pod the sidecar terminator marked',
    object: crr(),
    pod: {
      pod: pod((p) => {
        p.status.phase = 'Succeeded';
        p.status.conditions = [{ type: 'SidecarTerminated', status: 'True' }];
      }),
    },
    want: allow(
      defaulted({
        podName: 'web-0',
        containers: [
          { name: 'app', statusContext: { containerID: 'containerd://aaa', restartCount: 2 } },
        ],
        strategy: { failurePolicy: 'Fail', terminationGracePeriodSeconds: 30 },
      }),
    ),
  },
  {
    name: 'refuses an empty podName',
    object: crr({ podName: '' }),
    want: deny(400, 'podName can not be empty'),
  },
  {
    name: 'refuses a missing podName',
    object: crr({ podName: undefined }),
    want: deny(400, 'podName can not be empty'),
  },
  {
    name: 'refuses no containers',
    object: crr({ containers: [] }),
    want: deny(400, 'containers list can not be null'),
  },
  {
    name: 'refuses a deadline under 3 s',
    object: crr({ activeDeadlineSeconds: 2 }),
    want: deny(400, 'activeDeadlineSeconds can not be less than 3s'),
  },
  {
    name: 'refuses a negative grace period',
    object: crr({ strategy: { terminationGracePeriodSeconds: -1 } }),
    want: deny(400, 'terminationGracePeriodSeconds must be non-negative integer'),
  },
  {
    name: 'refuses a negative unready grace period',
    object: crr({ strategy: { unreadyGracePeriodSeconds: -1 } }),
    want: deny(400, 'unreadyGracePeriodSeconds must be non-negative integer'),
  },
  {
    name: 'refuses an unknown failure policy',
    object: crr({ strategy: { failurePolicy: 'Retry' } }),
    want: deny(400, 'unknown failurePolicy Retry'),
  },
  {
    name: 'refuses a missing pod',
    object: crr(),
    pod: { notFound: true },
    want: deny(400, 'no found Pod named web-0'),
  },
  {
    name: 'answers 500 when the pod cannot be read',
    object: crr(),
    pod: { error: 'failed to find Pod web-0: pods "web-0" is forbidden' },
    want: deny(500, 'failed to find Pod web-0: pods "web-0" is forbidden'),
  },
  {
    name: 'refuses a finished pod',
    object: crr(),
    pod: { pod: pod((p) => (p.status.phase = 'Failed')) },
    want: deny(400, 'not allowed to recreate containers in an inactive Pod'),
  },
  {
    name: 'refuses a pod being deleted',
    object: crr(),
    pod: {
      pod: pod((p) => (p.metadata.deletionTimestamp = '2026-11-25T00:00:00Z')),
    },
    want: deny(400, 'not allowed to recreate containers in an inactive Pod'),
  },
  {
    name: 'refuses a pod not yet scheduled',
    object: crr(),
    pod: { pod: pod((p) => delete p.spec.nodeName) },
    want: deny(400, 'not allowed to recreate containers in a pending Pod'),
  },
  {
    name: 'refuses a container twice',
    object: crr({ containers: [{ name: 'app' }, { name: 'app' }] }),
    pod: { pod: pod() },
    want: deny(400, 'can not recreate app multi times'),
  },
  {
    name: 'refuses a preStop set by the user',
    object: crr({ containers: [{ name: 'app', preStop: {} }] }),
    pod: { pod: pod() },
    want: deny(400, 'preStop, ports, statusContext in container are ready-only fields'),
  },
  {
    name: 'refuses an empty ports list set by the user',
    object: crr({ containers: [{ name: 'app', ports: [] }] }),
    pod: { pod: pod() },
    want: deny(400, 'preStop, ports, statusContext in container are ready-only fields'),
  },
  {
    name: 'refuses a container the pod does not have',
    object: crr({ containers: [{ name: 'db' }] }),
    pod: { pod: pod() },
    want: deny(400, 'container db not found in Pod'),
  },
  {
    name: 'refuses a container without status',
    object: crr(),
    pod: { pod: pod((p) => (p.status.containerStatuses = [])) },
    want: deny(400, 'not found app containerStatus in Pod Status'),
  },
  {
    name: 'refuses a container without an ID yet',
    object: crr(),
    pod: { pod: pod((p) => (p.status.containerStatuses = [{ name: 'app', restartCount: 0 }])) },
    want: deny(
      400,
      'no containerID in app containerStatus, maybe the container has not been initialized',
    ),
  },
];

describe('defaultContainerRecreateRequest on CREATE', () => {
  for (const c of createCases) {
    it(c.name, () => {
      const before = structuredClone(c.object);
      const got = defaultContainerRecreateRequest(
        input(c.object),
        c.pod === undefined ? {} : { pod: c.pod },
      );
      assert.deepStrictEqual(got, c.want);
      assert.deepStrictEqual(c.object, before);
    });
  }
});

describe('podToRead', () => {
  const cases = [
    {
      name: 'names the pod of a valid CREATE',
      input: input(crr()),
      want: { namespace: 'default', name: 'web-0' },
    },
    {
      name: 'uses the request namespace without metadata.namespace',
      input: { ...input(crr({}, { namespace: undefined })), namespace: 'ns' },
      want: { namespace: 'ns', name: 'web-0' },
    },
    {
      name: 'reads nothing when the spec is already refused',
      input: input(crr({ containers: [] })),
      want: undefined,
    },
    { name: 'reads nothing on UPDATE', input: input(crr(), 'UPDATE', crr()), want: undefined },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepStrictEqual(podToRead(c.input), c.want));
  }
});

describe('defaultContainerRecreateRequest on UPDATE and DELETE', () => {
  const old = defaulted(
    {
      podName: 'web-0',
      containers: [
        { name: 'app', statusContext: { containerID: 'containerd://aaa', restartCount: 2 } },
      ],
      strategy: { failurePolicy: 'Fail', terminationGracePeriodSeconds: 30 },
    },
    { annotations: { 'crr.apps.kruise.io/unready-acquired': '1700000000' } },
  );
  const edited = (edit: (o: Required<ContainerRecreateRequest>) => void) => {
    const o = structuredClone(old) as Required<ContainerRecreateRequest>;
    edit(o);
    return o;
  };
  const cases: {
    name: string;
    object: ContainerRecreateRequest;
    op?: Operation;
    want: Decision;
  }[] = [
    {
      name: 'allows a status-only change without a patch',
      object: edited((o) => (o.status = { phase: 'Recreating' })),
      want: allow(),
    },
    {
      name: 'allows the active label to go',
      object: edited((o) => delete o.metadata.labels?.['crr.apps.kruise.io/active']),
      want: allow(),
    },
    {
      name: 'sees false and absent as the same Go value',
      object: edited((o) => Object.assign(o.spec.strategy ?? {}, { orderedRecreate: false })),
      want: allow(),
    },
    {
      name: 'refuses a spec change',
      object: edited((o) => (o.spec.activeDeadlineSeconds = 60)),
      want: deny(403, 'spec of ContainerRecreateRequest is immutable'),
    },
    {
      name: 'refuses an empty list where there was none (Go tells nil from empty)',
      object: edited((o) => Object.assign(o.spec.containers[0] ?? {}, { ports: [] })),
      want: deny(403, 'spec of ContainerRecreateRequest is immutable'),
    },
    {
      name: 'refuses a new pod-uid label',
      object: edited((o) =>
        Object.assign(o.metadata.labels ?? {}, { 'crr.apps.kruise.io/pod-uid': 'x' }),
      ),
      want: deny(403, 'not allowed to update immutable label crr.apps.kruise.io/pod-uid'),
    },
    {
      name: 'refuses a removed node-name label',
      object: edited((o) => delete o.metadata.labels?.['crr.apps.kruise.io/node-name']),
      want: deny(403, 'not allowed to update immutable label crr.apps.kruise.io/node-name'),
    },
    {
      name: 'refuses a changed unready-acquired annotation',
      object: edited((o) => (o.metadata.annotations = {})),
      want: deny(
        403,
        'not allowed to update immutable annotation crr.apps.kruise.io/unready-acquired',
      ),
    },
    {
      name: 'answers a DELETE as the decoder does',
      object: old,
      op: 'DELETE',
      want: deny(400, 'there is no content to decode'),
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const op = c.op ?? 'UPDATE';
      assert.deepStrictEqual(defaultContainerRecreateRequest(input(c.object, op, old), {}), c.want);
    });
  }
});
