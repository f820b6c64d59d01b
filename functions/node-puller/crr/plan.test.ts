import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContainerRecreateRequest } from '../../../shared/api/containerrecreaterequest.js';
import {
  currentStates,
  gracePeriodSeconds,
  pickRecreateRequest,
  planManage,
  runsPreStop,
  runtimeCheck,
  stopTimeoutSeconds,
  syncContainerStatuses,
  unreadyGate,
  SYNC_CONTAINER_STATUSES_KEY,
  type ContainerRecreateState,
} from './plan.js';
import { GO_ZERO_TIME_MS, type KubeContainerStatus } from './runtime-status.js';

const CREATED = '2026-01-01T00:00:00Z';
const CREATED_MS = Date.parse(CREATED);

type Strategy = NonNullable<ContainerRecreateRequest['spec']['strategy']>;

function crr(
  opts: {
    name?: string;
    created?: string;
    phase?: ContainerRecreateRequest['status'] extends infer S
      ? S extends { phase: infer P }
        ? P | ''
        : never
      : never;
    completed?: boolean;
    containers?: string[];
    states?: ContainerRecreateState[];
    strategy?: Strategy;
    annotations?: Record<string, string>;
    ids?: Record<string, string>;
  } = {},
): ContainerRecreateRequest {
  const names = opts.containers ?? ['app'];
  return {
    apiVersion: 'apps.kruise.io/v1alpha1',
    kind: 'ContainerRecreateRequest',
    metadata: {
      name: opts.name ?? 'crr',
      namespace: 'ns',
      creationTimestamp: opts.created ?? CREATED,
      labels: { 'crr.apps.kruise.io/pod-uid': 'uid-1' },
      ...(opts.annotations !== undefined && { annotations: opts.annotations }),
    },
    spec: {
      podName: 'pod',
      containers: names.map((n) => ({
        name: n,
        statusContext: { containerID: opts.ids?.[n] ?? `containerd://${n}-1`, restartCount: 0 },
      })),
      strategy: { failurePolicy: 'Fail', ...opts.strategy },
    },
    ...(opts.phase !== undefined &&
      opts.phase !== '' && {
        status: {
          phase: opts.phase,
          ...(opts.completed === true && { completionTime: CREATED }),
          ...(opts.states !== undefined && { containerRecreateStates: opts.states }),
        },
      }),
  } as ContainerRecreateRequest;
}

function status(
  name: string,
  id: string,
  state: KubeContainerStatus['state'],
  extra: Partial<KubeContainerStatus> = {},
): KubeContainerStatus {
  return {
    id: `containerd://${id}`,
    runtimeId: id,
    name,
    state,
    restartCount: 0,
    createdAtMs: CREATED_MS - 60_000,
    startedAtMs: CREATED_MS - 60_000,
    ...extra,
  };
}

describe('pickRecreateRequest', () => {
  const cases: {
    name: string;
    crrs: ContainerRecreateRequest[];
    picked?: string;
    pending: string[];
  }[] = [
    { name: 'none', crrs: [], pending: [] },
    {
      name: 'the oldest new one, the others Pending',
      crrs: [
        crr({ name: 'b', created: '2026-01-01T00:00:02Z' }),
        crr({ name: 'a', created: '2026-01-01T00:00:01Z' }),
        crr({ name: 'c', created: '2026-01-01T00:00:03Z', phase: 'Pending' }),
      ],
      picked: 'c',
      pending: ['a', 'b'],
    },
    {
      name: 'Recreating before Pending',
      crrs: [
        crr({ name: 'p', created: '2026-01-01T00:00:01Z', phase: 'Pending' }),
        crr({ name: 'r', created: '2026-01-01T00:00:05Z', phase: 'Recreating' }),
      ],
      picked: 'r',
      pending: [],
    },
    {
      name: 'finished ones are skipped',
      crrs: [
        crr({ name: 'done', phase: 'Completed', completed: true }),
        crr({ name: 'new', created: '2026-01-01T00:00:09Z' }),
      ],
      picked: 'new',
      pending: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = pickRecreateRequest(c.crrs);
      assert.equal(got.picked?.metadata?.name, c.picked);
      assert.deepEqual(
        got.toPending.map((x) => x.metadata?.name),
        c.pending,
      );
    });
  }
});

describe('unreadyGate', () => {
  const at = Date.parse('2026-01-01T00:01:00Z');
  const cases: {
    name: string;
    c: ContainerRecreateRequest;
    want: ReturnType<typeof unreadyGate>;
  }[] = [
    { name: 'no grace period', c: crr(), want: { kind: 'proceed' } },
    {
      name: 'not acquired yet',
      c: crr({ strategy: { unreadyGracePeriodSeconds: 10 } }),
      want: { kind: 'wait', reason: 'CRR is waiting for unready acquirement' },
    },
    {
      name: 'within the grace period',
      c: crr({
        strategy: { unreadyGracePeriodSeconds: 10 },
        annotations: { 'crr.apps.kruise.io/unready-acquired': '2026-01-01T00:00:55Z' },
      }),
      want: {
        kind: 'wait',
        reason: 'CRR is waiting for unready grace period',
        requeueAfterMs: 5_100,
      },
    },
    {
      name: 'past the grace period',
      c: crr({
        strategy: { unreadyGracePeriodSeconds: 10 },
        annotations: { 'crr.apps.kruise.io/unready-acquired': '2026-01-01T00:00:30Z' },
      }),
      want: { kind: 'proceed' },
    },
    {
      name: 'unreadable time',
      c: crr({
        strategy: { unreadyGracePeriodSeconds: 10 },
        annotations: { 'crr.apps.kruise.io/unready-acquired': 'soon' },
      }),
      want: {
        kind: 'complete',
        message:
          'failed to parse unready time soon: parsing time "soon" as "2006-01-02T15:04:05Z07:00": cannot parse "soon" as "2006"',
      },
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(unreadyGate(c.c, at), c.want));
});

describe('runtimeCheck', () => {
  const fail = (m: string) => ({ ok: false, message: `failed to find runtime service: ${m}` });
  const cases: {
    name: string;
    c: ContainerRecreateRequest;
    want: ReturnType<typeof runtimeCheck>;
  }[] = [
    { name: 'containerd', c: crr(), want: { ok: true } },
    {
      name: 'empty containerID',
      c: crr({ ids: { app: '' } }),
      want: fail('no statusContext or empty containerID in app container'),
    },
    {
      name: 'not an ID',
      c: crr({ ids: { app: 'abc' } }),
      want: fail('failed to parse containerID abc in app container: invalid container ID: "abc"'),
    },
    {
      name: 'two runtimes',
      c: crr({ containers: ['a', 'b'], ids: { a: 'containerd://1', b: 'docker://2' } }),
      want: fail('has different runtime types containerd, docker in Pod'),
    },
    {
      name: 'a runtime the node does not serve',
      c: crr({ ids: { app: 'docker://1' } }),
      want: fail('not found runtime service for docker in daemon'),
    },
    {
      name: 'no containers',
      c: crr({ containers: [] }),
      want: fail('no runtime type found in Pod'),
    },
  ];
  for (const c of cases)
    it(c.name, () => assert.deepEqual(runtimeCheck(c.c, 'containerd'), c.want));
});

describe('syncContainerStatuses', () => {
  it('reads the manager annotation by name; unreadable is none', () => {
    const at = (v: string) =>
      syncContainerStatuses(crr({ annotations: { [SYNC_CONTAINER_STATUSES_KEY]: v } }));
    assert.deepEqual(
      at('[{"name":"app","ready":true,"restartCount":1,"containerID":"containerd://x"}]')?.get(
        'app',
      ),
      { name: 'app', ready: true, containerID: 'containerd://x' },
    );
    assert.equal(at('{'), undefined);
    assert.equal(syncContainerStatuses(crr()), undefined);
  });
});

describe('currentStates', () => {
  const now = CREATED_MS + 120_000;
  const synced = (id: string, ready = true) => ({
    [SYNC_CONTAINER_STATUSES_KEY]: JSON.stringify([
      { name: 'app', ready, restartCount: 1, containerID: `containerd://${id}` },
    ]),
  });
  const cases: {
    name: string;
    c: ContainerRecreateRequest;
    statuses: KubeContainerStatus[];
    want: ContainerRecreateState[];
  }[] = [
    {
      name: 'not on the node',
      c: crr(),
      statuses: [],
      want: [{ name: 'app', phase: 'Pending', message: 'not found container on Node' }],
    },
    {
      name: 'the same container running',
      c: crr(),
      statuses: [status('app', 'app-1', 'running')],
      want: [{ name: 'app', phase: 'Pending' }],
    },
    {
      name: 'exited: recreating, killed kept',
      c: crr({
        states: [{ name: 'app', phase: 'Recreating', isKilled: true }],
        phase: 'Recreating',
      }),
      statuses: [status('app', 'app-1', 'exited')],
      want: [{ name: 'app', phase: 'Recreating', isKilled: true }],
    },
    {
      name: 'a new container not yet synced',
      c: crr(),
      statuses: [status('app', 'app-2', 'running', { restartCount: 1, startedAtMs: now - 5_000 })],
      want: [{ name: 'app', phase: 'Recreating' }],
    },
    {
      name: 'a new container the manager saw ready',
      c: crr({ annotations: synced('app-2') }),
      statuses: [status('app', 'app-2', 'running', { restartCount: 1, startedAtMs: now - 5_000 })],
      want: [{ name: 'app', phase: 'Succeeded' }],
    },
    {
      name: 'ready but not for minStartedSeconds',
      c: crr({ annotations: synced('app-2'), strategy: { minStartedSeconds: 10 } }),
      statuses: [status('app', 'app-2', 'running', { restartCount: 1, startedAtMs: now - 5_000 })],
      want: [{ name: 'app', phase: 'Recreating' }],
    },
    {
      name: 'synced but not ready',
      c: crr({ annotations: synced('app-2', false) }),
      statuses: [status('app', 'app-2', 'running', { restartCount: 1, startedAtMs: now - 5_000 })],
      want: [{ name: 'app', phase: 'Recreating' }],
    },
    {
      name: 'the newest of a name counts',
      c: crr(),
      statuses: [
        status('app', 'app-2', 'running', { createdAtMs: now - 1, startedAtMs: now - 1 }),
        status('app', 'app-1', 'exited'),
      ],
      want: [{ name: 'app', phase: 'Recreating' }],
    },
    {
      name: 'forceRecreate kills a recreated one not killed yet',
      c: crr({ strategy: { forceRecreate: true } }),
      statuses: [status('app', 'app-2', 'running', { restartCount: 1 })],
      want: [{ name: 'app', phase: 'Pending' }],
    },
    {
      name: 'a created container was never started',
      c: crr(),
      statuses: [status('app', 'app-1', 'created', { startedAtMs: GO_ZERO_TIME_MS })],
      want: [{ name: 'app', phase: 'Pending' }],
    },
    {
      name: 'Succeeded and Failed stay',
      c: crr({
        containers: ['a', 'b'],
        phase: 'Recreating',
        states: [
          { name: 'a', phase: 'Succeeded', isKilled: true },
          { name: 'b', phase: 'Failed', message: 'kill container error: x' },
        ],
      }),
      statuses: [],
      want: [
        { name: 'a', phase: 'Succeeded', isKilled: true },
        { name: 'b', phase: 'Failed', message: 'kill container error: x' },
      ],
    },
  ];
  for (const c of cases)
    it(c.name, () => assert.deepEqual(currentStates(c.c, c.statuses, now), c.want));
});

describe('planManage', () => {
  const running = [status('a', 'a-1', 'running'), status('b', 'b-1', 'running')];
  const two = (states: ContainerRecreateState[], strategy: Strategy = {}) =>
    crr({ containers: ['a', 'b'], phase: 'Recreating', states, strategy });
  const pending: ContainerRecreateState[] = [
    { name: 'a', phase: 'Pending' },
    { name: 'b', phase: 'Pending' },
  ];
  const killA = {
    kind: 'kill',
    name: 'a',
    containerId: 'a-1',
    message: 'Stopping container a by ContainerRecreateRequest crr',
  } as const;
  const cases: {
    name: string;
    c: ContainerRecreateRequest;
    current: ContainerRecreateState[];
    statuses?: KubeContainerStatus[];
    killed?: [string, string | undefined][];
    want: ReturnType<typeof planManage>;
  }[] = [
    {
      name: 'new states are written first',
      c: crr({ containers: ['a', 'b'], phase: 'Recreating' }),
      current: pending,
      want: { kind: 'patch', states: pending },
    },
    {
      name: 'kills the first Pending one',
      c: two(pending),
      current: pending,
      statuses: running,
      want: killA,
    },
    {
      name: 'after a kill: Recreating, killed; the next waits its turn',
      c: two(pending),
      current: pending,
      statuses: running,
      killed: [['a', undefined]],
      want: {
        kind: 'patch',
        states: [
          { name: 'a', phase: 'Recreating', isKilled: true },
          { name: 'b', phase: 'Pending' },
        ],
      },
    },
    {
      name: 'unordered: the next is killed while the first recreates',
      c: two([
        { name: 'a', phase: 'Recreating', isKilled: true },
        { name: 'b', phase: 'Pending' },
      ]),
      current: [
        { name: 'a', phase: 'Recreating', isKilled: true },
        { name: 'b', phase: 'Pending' },
      ],
      statuses: running,
      want: {
        kind: 'kill',
        name: 'b',
        containerId: 'b-1',
        message: 'Stopping container b by ContainerRecreateRequest crr',
      },
    },
    {
      name: 'ordered: waits for the first',
      c: two(
        [
          { name: 'a', phase: 'Recreating', isKilled: true },
          { name: 'b', phase: 'Pending' },
        ],
        { orderedRecreate: true },
      ),
      current: [
        { name: 'a', phase: 'Recreating', isKilled: true },
        { name: 'b', phase: 'Pending' },
      ],
      statuses: running,
      want: { kind: 'wait' },
    },
    {
      name: 'a kill error fails the container (Fail stops there)',
      c: two(pending),
      current: pending,
      statuses: running,
      killed: [['a', 'rpc error: code = NotFound desc = gone']],
      want: {
        kind: 'patch',
        states: [
          {
            name: 'a',
            phase: 'Failed',
            message: 'kill container error: rpc error: code = NotFound desc = gone',
          },
          { name: 'b', phase: 'Pending' },
        ],
      },
    },
    {
      name: 'Ignore goes on to the next container',
      c: two(pending, { failurePolicy: 'Ignore' }),
      current: pending,
      statuses: running,
      killed: [['a', 'boom']],
      want: {
        kind: 'kill',
        name: 'b',
        containerId: 'b-1',
        message: 'Stopping container b by ContainerRecreateRequest crr',
      },
    },
    {
      name: 'a Failed container completes the CRR under Fail',
      c: two([
        { name: 'a', phase: 'Failed', message: 'x' },
        { name: 'b', phase: 'Pending' },
      ]),
      current: [
        { name: 'a', phase: 'Failed', message: 'x' },
        { name: 'b', phase: 'Pending' },
      ],
      statuses: running,
      want: { kind: 'complete', message: '' },
    },
    {
      name: 'all Succeeded: complete',
      c: two([
        { name: 'a', phase: 'Succeeded', isKilled: true },
        { name: 'b', phase: 'Succeeded', isKilled: true },
      ]),
      current: [
        { name: 'a', phase: 'Succeeded', isKilled: true },
        { name: 'b', phase: 'Succeeded', isKilled: true },
      ],
      want: { kind: 'complete', message: '' },
    },
    {
      name: 'an exited container not killed by us becomes killed',
      c: two([
        { name: 'a', phase: 'Recreating' },
        { name: 'b', phase: 'Succeeded' },
      ]),
      current: [
        { name: 'a', phase: 'Recreating' },
        { name: 'b', phase: 'Succeeded' },
      ],
      want: {
        kind: 'patch',
        states: [
          { name: 'a', phase: 'Recreating', isKilled: true },
          { name: 'b', phase: 'Succeeded' },
        ],
      },
    },
    {
      name: 'a container not on the node waits',
      c: two(pending),
      current: pending,
      statuses: [],
      want: { kind: 'wait' },
    },
    {
      name: 'minStartedSeconds looks again',
      c: two(
        [
          { name: 'a', phase: 'Recreating', isKilled: true },
          { name: 'b', phase: 'Recreating', isKilled: true },
        ],
        { minStartedSeconds: 3 },
      ),
      current: [
        { name: 'a', phase: 'Recreating', isKilled: true },
        { name: 'b', phase: 'Recreating', isKilled: true },
      ],
      want: { kind: 'wait', requeueAfterMs: 3_000 },
    },
  ];
  for (const c of cases) {
    it(c.name, () =>
      assert.deepEqual(
        planManage(c.c, c.current, c.statuses ?? [], new Map(c.killed ?? [])),
        c.want,
      ),
    );
  }
});

describe('grace period', () => {
  it('the strategy, else 30; the stop gets what the hook left, at least 2', () => {
    assert.equal(gracePeriodSeconds(crr()), 30);
    assert.equal(gracePeriodSeconds(crr({ strategy: { terminationGracePeriodSeconds: 5 } })), 5);
    const cases: [number, number, number][] = [
      [30, 0, 30],
      [30, 4, 26],
      [5, 4, 2],
      [0, 0, 2],
    ];
    for (const [grace, hook, want] of cases) assert.equal(stopTimeoutSeconds(grace, hook), want);
  });
  it('a preStop hook runs only with a grace period', () => {
    const withHook = (seconds?: number) => {
      const c = crr(
        seconds === undefined ? {} : { strategy: { terminationGracePeriodSeconds: seconds } },
      );
      c.spec.containers[0] = { ...c.spec.containers[0]!, preStop: { exec: { command: ['true'] } } };
      return c;
    };
    assert.equal(runsPreStop(withHook(), 'app'), true);
    assert.equal(runsPreStop(withHook(0), 'app'), false);
    assert.equal(runsPreStop(crr(), 'app'), false);
  });
});
