import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  ContainerRecreateRequest,
  ContainerRecreateRequestStatus,
} from '../../../shared/api/containerrecreaterequest.js';
import type { Pod, PodCondition } from '../../../shared/api/core/core-v1.js';
import { pods } from '../../../shared/kube/core-resources.js';
import { containerRecreateRequests } from '../../../shared/kube/kruise-resources.js';
import { planContainerRecreateRequest } from './plan.js';

const CREATED = '2025-04-10T06:00:00Z';
const at = (seconds: number) => new Date(Date.parse(CREATED) + seconds * 1000);
const POD_UID = 'pod-uid-1';
const CRR_KEY = { name: 'sidecar-termination-pod-uid-1', namespace: 'jobs' };
const CRR_REF = CRR_KEY;
const UNREADY = 'crr.apps.kruise.io/unready-acquired';
const SYNC = 'crr.apps.kruise.io/sync-container-statuses';

interface CrrOptions {
  readonly status?: Partial<ContainerRecreateRequestStatus>;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly finalizers?: string[];
  readonly deleting?: boolean;
  readonly ttl?: number;
  readonly deadline?: number;
  readonly unreadyGrace?: number;
}

function crr(o: CrrOptions = {}): ContainerRecreateRequest {
  return {
    apiVersion: 'apps.kruise.io/v1alpha1',
    kind: 'ContainerRecreateRequest',
    metadata: {
      ...CRR_KEY,
      resourceVersion: '7',
      creationTimestamp: CREATED,
      labels: o.labels ?? {
        'crr.apps.kruise.io/active': 'true',
        'crr.apps.kruise.io/node-name': 'node-1',
        'crr.apps.kruise.io/pod-uid': POD_UID,
      },
      ...(o.annotations !== undefined && { annotations: o.annotations }),
      ...(o.finalizers !== undefined && { finalizers: o.finalizers }),
      ...(o.deleting === true && { deletionTimestamp: '2025-04-10T06:30:00Z' }),
    },
    spec: {
      podName: 'job-1',
      containers: [{ name: 'proxy' }, { name: 'log' }],
      strategy: {
        failurePolicy: 'Ignore',
        forceRecreate: true,
        ...(o.unreadyGrace !== undefined && { unreadyGracePeriodSeconds: o.unreadyGrace }),
      },
      ...(o.ttl !== undefined && { ttlSecondsAfterFinished: o.ttl }),
      ...(o.deadline !== undefined && { activeDeadlineSeconds: o.deadline }),
    },
    ...(o.status !== undefined && { status: o.status as ContainerRecreateRequestStatus }),
  };
}

const completed = (seconds: number): Partial<ContainerRecreateRequestStatus> => ({
  phase: 'Completed',
  completionTime: at(seconds).toISOString().replace('.000', ''),
});
const activeLabels = (): Record<string, string> => ({
  'crr.apps.kruise.io/node-name': 'node-1',
  'crr.apps.kruise.io/pod-uid': POD_UID,
});

interface PodOptions {
  readonly uid?: string;
  readonly deleting?: boolean;
  readonly gate?: boolean;
  readonly conditions?: PodCondition[];
  readonly proxy?: 'old' | 'new' | 'waiting';
}

function pod(o: PodOptions = {}): Pod {
  const running = (startedAt: string) => ({ running: { startedAt } });
  const proxyState =
    o.proxy === 'waiting'
      ? { waiting: { reason: 'ContainerCreating' } }
      : running(o.proxy === 'new' ? '2025-04-10T06:00:00Z' : '2025-04-10T05:00:00Z');
  return {
    metadata: {
      name: 'job-1',
      namespace: 'jobs',
      uid: o.uid ?? POD_UID,
      resourceVersion: '30',
      ...(o.deleting === true && { deletionTimestamp: '2025-04-10T06:30:00Z' }),
    },
    spec: {
      containers: [
        { name: 'main', image: 'main:1' },
        { name: 'proxy', image: 'proxy:1' },
        { name: 'log', image: 'log:1' },
      ],
      ...(o.gate === true && { readinessGates: [{ conditionType: 'KruisePodReady' }] }),
    },
    status: {
      phase: 'Running',
      ...(o.conditions !== undefined && { conditions: o.conditions }),
      containerStatuses: [
        { name: 'main', image: 'main:1', imageID: '', ready: false, restartCount: 0, state: {} },
        {
          name: 'proxy',
          image: 'proxy:1',
          imageID: '',
          ready: true,
          restartCount: 3,
          containerID: 'containerd://p2',
          state: proxyState,
        },
      ],
    },
  };
}

const HELD =
  '[{"userAgent":"ContainerRecreateRequest","key":"jobs/sidecar-termination-pod-uid-1"}]';
const OTHER = '{"userAgent":"PodProbeMarker","key":"jobs/probe"}';

const completeWith = (
  c: ContainerRecreateRequest,
  seconds: number,
  message: string,
  log: string,
  fields = {},
) => ({
  verb: 'updateStatus',
  resource: containerRecreateRequests,
  object: c,
  status: {
    ...c.status,
    phase: 'Completed',
    completionTime: at(seconds).toISOString().replace('.000', ''),
    message,
  },
  log: { v: 0, message: log, fields: { containerRecreateRequest: CRR_REF, ...fields } },
});
const dropActive = {
  verb: 'patch',
  resource: containerRecreateRequests,
  key: CRR_KEY,
  patch: { type: 'merge', body: { metadata: { labels: { 'crr.apps.kruise.io/active': null } } } },
};
const deleteCrr = {
  verb: 'delete',
  resource: containerRecreateRequests,
  key: CRR_KEY,
  failure: 'delete CRR error',
  log: {
    v: 0,
    message: 'Deleting CRR for ttlSecondsAfterFinished',
    fields: { containerRecreateRequest: CRR_REF },
  },
};
const updateCrr = (
  c: ContainerRecreateRequest,
  finalizers: string[] | undefined,
  failure: string,
) => {
  const { finalizers: _f, ...metadata } = c.metadata ?? {};
  return {
    verb: 'update',
    resource: containerRecreateRequests,
    object: { ...c, metadata: finalizers === undefined ? metadata : { ...metadata, finalizers } },
    failure,
  };
};
const annotate = (key: string, value: string) => ({
  verb: 'patch',
  resource: containerRecreateRequests,
  key: CRR_KEY,
  patch: { type: 'merge', body: { metadata: { annotations: { [key]: value } } } },
});
const syncPatch = (value: string) => ({
  ...annotate(SYNC, value),
  failure: 'sync containerStatuses error',
});
const podStatus = (p: Pod, conditions: PodCondition[], failure: string) => ({
  verb: 'updateStatus',
  resource: pods,
  object: p,
  status: { ...p.status, conditions },
  failure,
});

const RECREATING: Partial<ContainerRecreateRequestStatus> = { phase: 'Recreating' };
const SYNCED_NEW =
  '[{"name":"proxy","ready":true,"restartCount":3,"containerID":"containerd://p2"}]';

interface Case {
  readonly name: string;
  readonly crr: ContainerRecreateRequest;
  readonly pod: Pod | undefined;
  readonly now: number;
  /** Whole plan, given the observed objects. */
  readonly want: (c: ContainerRecreateRequest, p: Pod | undefined) => unknown;
}

const finishedCases: Case[] = [
  {
    name: 'drops the active label of a completed CRR and comes back on that write',
    crr: crr({ status: completed(10), ttl: 100 }),
    pod: pod(),
    now: 20,
    want: () => ({ actions: [dropActive] }),
  },
  {
    name: 'keeps a completed CRR without a TTL',
    crr: crr({ status: completed(10), labels: activeLabels() }),
    pod: pod(),
    now: 20,
    want: () => ({ actions: [] }),
  },
  {
    name: 'comes back when the TTL ends',
    crr: crr({ status: completed(10), labels: activeLabels(), ttl: 100 }),
    pod: pod(),
    now: 40,
    want: () => ({ actions: [], requeueAfterMs: 70_000 }),
  },
  {
    name: 'deletes a CRR whose TTL has ended',
    crr: crr({ status: completed(10), labels: activeLabels(), ttl: 100 }),
    pod: undefined,
    now: 110,
    want: () => ({ actions: [deleteCrr] }),
  },
  {
    name: 'deletes a completed CRR at once with TTL 0',
    crr: crr({ status: completed(10), labels: activeLabels(), ttl: 0 }),
    pod: pod(),
    now: 10,
    want: () => ({ actions: [deleteCrr] }),
  },
  {
    name: 'leaves a deleting CRR to the apiserver',
    crr: crr({ deleting: true, ttl: 0 }),
    pod: pod(),
    now: 10,
    want: () => ({ actions: [] }),
  },
  {
    name: 'releases the pod and the finalizer of a deleting CRR, and nothing more',
    crr: crr({ deleting: true, finalizers: [UNREADY] }),
    pod: pod({
      gate: true,
      conditions: [{ type: 'KruisePodReady', status: 'False', message: HELD }],
    }),
    now: 50,
    want: (c, p) => ({
      actions: [
        podStatus(
          p as Pod,
          [
            {
              type: 'KruisePodReady',
              status: 'True',
              message: '[]',
              lastTransitionTime: '2025-04-10T06:00:50Z',
            },
          ],
          'remove Pod not ready error',
        ),
        updateCrr(c, undefined, 'remove finalizer error'),
      ],
    }),
  },
  {
    name: 'releases its hold only, leaving other writers holding the pod not ready',
    crr: crr({ status: completed(10), finalizers: ['example.com/keep', UNREADY] }),
    pod: pod({
      gate: true,
      conditions: [
        { type: 'KruisePodReady', status: 'False', message: `[${HELD.slice(1, -1)},${OTHER}]` },
      ],
    }),
    now: 50,
    want: (c, p) => ({
      actions: [
        podStatus(
          p as Pod,
          [
            {
              type: 'KruisePodReady',
              status: 'False',
              message: `[${OTHER}]`,
              lastTransitionTime: '2025-04-10T06:00:50Z',
            },
          ],
          'remove Pod not ready error',
        ),
        updateCrr(c, ['example.com/keep'], 'remove finalizer error'),
        dropActive,
      ],
    }),
  },
  {
    name: 'removes the finalizer when the pod is gone, then drops the label',
    crr: crr({ status: completed(10), finalizers: [UNREADY] }),
    pod: undefined,
    now: 50,
    want: (c) => ({ actions: [updateCrr(c, undefined, 'remove finalizer error'), dropActive] }),
  },
  {
    name: 'leaves a deleting pod alone when releasing',
    crr: crr({ status: completed(10), labels: activeLabels(), finalizers: [UNREADY], ttl: 60 }),
    pod: pod({
      deleting: true,
      gate: true,
      conditions: [{ type: 'KruisePodReady', status: 'False', message: HELD }],
    }),
    now: 50,
    want: (c) => ({
      actions: [updateCrr(c, undefined, 'remove finalizer error')],
      requeueAfterMs: 20_000,
    }),
  },
];

const gone = (c: ContainerRecreateRequest, now: number) =>
  completeWith(c, now, 'pod has gone', 'Completed CRR as failure for Pod has gone', {
    podName: 'job-1',
    podUID: POD_UID,
  });

const timeCases: Case[] = [
  {
    name: 'completes a CRR whose pod does not exist',
    crr: crr({ status: RECREATING }),
    pod: undefined,
    now: 5,
    want: (c) => ({ actions: [gone(c, 5)] }),
  },
  {
    name: 'completes a CRR whose pod is being deleted',
    crr: crr(),
    pod: pod({ deleting: true }),
    now: 5,
    want: (c) => ({ actions: [gone(c, 5)] }),
  },
  {
    name: 'completes a CRR whose pod was replaced by one of the same name',
    crr: crr({
      status: {
        phase: 'Recreating',
        containerRecreateStates: [{ name: 'proxy', phase: 'Recreating' }],
      },
    }),
    pod: pod({ uid: 'pod-uid-2' }),
    now: 5,
    want: (c) => ({ actions: [gone(c, 5)] }),
  },
  {
    name: 'waits up to a minute for the daemon to answer',
    crr: crr(),
    pod: pod(),
    now: 10,
    want: () => ({ actions: [], requeueAfterMs: 50_000 }),
  },
  {
    name: 'completes a CRR the daemon left without a phase for a minute',
    crr: crr(),
    pod: pod(),
    now: 60,
    want: (c) => ({
      actions: [
        completeWith(
          c,
          60,
          'daemon has not responded for a long time',
          'Completed CRR as failure for daemon has not responded for a long time',
        ),
      ],
    }),
  },
  {
    name: 'does not time the daemon out once it wrote a phase',
    crr: crr({ status: { phase: 'Pending' } }),
    pod: pod(),
    now: 600,
    want: () => ({ actions: [] }),
  },
  {
    name: 'comes back at activeDeadlineSeconds',
    crr: crr({ status: { phase: 'Pending' }, deadline: 30 }),
    pod: pod(),
    now: 10,
    want: () => ({ actions: [], requeueAfterMs: 20_000 }),
  },
  {
    name: 'comes back at the sooner of the daemon timeout and the deadline',
    crr: crr({ deadline: 30 }),
    pod: pod(),
    now: 10,
    want: () => ({ actions: [], requeueAfterMs: 20_000 }),
  },
  {
    name: 'completes a CRR past activeDeadlineSeconds',
    crr: crr({ status: RECREATING, deadline: 30, annotations: { [SYNC]: SYNCED_NEW } }),
    pod: pod({ proxy: 'new' }),
    now: 30,
    want: (c) => ({
      actions: [
        completeWith(
          c,
          30,
          'recreating has exceeded the activeDeadlineSeconds',
          'Completed CRR as failure for recreating has exceeded the activeDeadlineSeconds',
        ),
      ],
    }),
  },
  {
    name: 'checks the daemon timeout before the deadline',
    crr: crr({ deadline: 30 }),
    pod: pod(),
    now: 70,
    want: (c) => ({
      actions: [
        completeWith(
          c,
          70,
          'daemon has not responded for a long time',
          'Completed CRR as failure for daemon has not responded for a long time',
        ),
      ],
    }),
  },
];

const readyConditions: PodCondition[] = [
  { type: 'ContainersReady', status: 'True' },
  { type: 'Ready', status: 'True' },
];

const recreatingCases: Case[] = [
  {
    name: 'mirrors the status of a container running since the CRR was created',
    crr: crr({ status: RECREATING }),
    pod: pod({ proxy: 'new' }),
    now: 5,
    want: () => ({ actions: [syncPatch(SYNCED_NEW)], requeueAfterMs: undefined }),
  },
  {
    name: 'mirrors nothing for a container still on its old run or not running',
    crr: crr({ status: RECREATING }),
    pod: pod({ proxy: 'old' }),
    now: 5,
    want: () => ({ actions: [syncPatch('[]')] }),
  },
  {
    name: 'writes nothing when the annotation already says so',
    crr: crr({ status: RECREATING, annotations: { [SYNC]: '[]' } }),
    pod: pod({ proxy: 'waiting' }),
    now: 5,
    want: () => ({ actions: [] }),
  },
  {
    name: 'holds a gated pod not ready: finalizer, statuses, pod condition, annotation',
    crr: crr({ status: RECREATING, unreadyGrace: 10, deadline: 300 }),
    pod: pod({ gate: true, proxy: 'new', conditions: readyConditions }),
    now: 5,
    want: (c, p) => ({
      actions: [
        updateCrr(c, [UNREADY], 'add finalizer error'),
        syncPatch(SYNCED_NEW),
        podStatus(
          p as Pod,
          [
            { type: 'ContainersReady', status: 'True' },
            {
              type: 'Ready',
              status: 'False',
              reason: 'ReadinessGatesNotReady',
              message: 'the status of pod readiness gate "KruisePodReady" is not "True", but ',
            },
            {
              type: 'KruisePodReady',
              status: '',
              lastTransitionTime: '2025-04-10T06:00:05Z',
              message: HELD,
            },
          ],
          'add Pod not ready error',
        ),
        annotate(UNREADY, '2025-04-10T06:00:05Z'),
      ],
      requeueAfterMs: 295_000,
    }),
  },
  {
    name: 'joins the writers already holding a pod not ready, finalizer already there',
    crr: crr({
      status: RECREATING,
      unreadyGrace: 10,
      finalizers: [UNREADY],
      annotations: { [SYNC]: '[]' },
    }),
    pod: pod({
      gate: true,
      conditions: [{ type: 'KruisePodReady', status: 'True', message: '[]' }],
    }),
    now: 5,
    want: (c, p) => ({
      actions: [
        podStatus(
          p as Pod,
          [
            {
              type: 'KruisePodReady',
              status: 'False',
              message: HELD,
              lastTransitionTime: '2025-04-10T06:00:05Z',
            },
          ],
          'add Pod not ready error',
        ),
        annotate(UNREADY, '2025-04-10T06:00:05Z'),
      ],
    }),
  },
  {
    name: 'only annotates a pod without the readiness gate, and logs why',
    crr: crr({ status: RECREATING, unreadyGrace: 10, annotations: { [SYNC]: '[]' } }),
    pod: pod(),
    now: 5,
    want: () => ({
      actions: [
        {
          ...annotate(UNREADY, '2025-04-10T06:00:05Z'),
          log: {
            v: 0,
            message: 'CRR could not set Pod to not ready, because Pod has no readinessGate',
            fields: {
              containerRecreateRequest: CRR_REF,
              pod: { name: 'job-1', namespace: 'jobs' },
              readinessGate: 'KruisePodReady',
            },
          },
        },
      ],
    }),
  },
  {
    name: 'acquires once: a set unready-acquired annotation means done',
    crr: crr({
      status: RECREATING,
      unreadyGrace: 10,
      annotations: { [SYNC]: '[]', [UNREADY]: '2025-04-10T06:00:01Z' },
    }),
    pod: pod({ gate: true }),
    now: 5,
    want: () => ({ actions: [] }),
  },
  {
    name: 'does not sync or acquire before the daemon reports Recreating',
    crr: crr({ status: { phase: 'Pending' }, unreadyGrace: 10 }),
    pod: pod({ gate: true, proxy: 'new' }),
    now: 5,
    want: () => ({ actions: [] }),
  },
];

describe('planContainerRecreateRequest', () => {
  for (const [group, cases] of [
    ['finished', finishedCases],
    ['pod and time rules', timeCases],
    ['recreating', recreatingCases],
  ] as const) {
    describe(group, () => {
      for (const c of cases) {
        it(c.name, () => {
          const plan = planContainerRecreateRequest({ crr: c.crr, pod: c.pod, now: at(c.now) });
          const want = c.want(c.crr, c.pod) as { actions: unknown[]; requeueAfterMs?: number };
          const { requeueAfterMs, ...rest } = want;
          assert.deepStrictEqual(plan, requeueAfterMs === undefined ? rest : want);
        });
      }
    });
  }
});
