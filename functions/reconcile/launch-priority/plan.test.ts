import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigMap, Pod } from '../../../shared/api/core/core-v1.js';
import { configMaps, pods } from '../../../shared/kube/core-resources.js';
import { pendingPriorities, planLaunchPriority } from './plan.js';

// SPEC §3's table: main (priority 0) and sidecar (priority 1), as the pod webhook wrote them.
const barred = (name: string, priority: number) => ({
  name,
  image: `${name}:1`,
  env: [
    {
      name: 'KRUISE_CONTAINER_BARRIER',
      valueFrom: { configMapKeyRef: { name: 'web-0-barrier', key: `p_${priority}` } },
    },
  ],
});
const status = (name: string, ready: boolean) => ({
  name,
  ready,
  restartCount: 0,
  image: `${name}:1`,
  imageID: '',
});

function pod(
  opts: { ready?: string[]; annotations?: Record<string, string>; containersReady?: boolean } = {},
): Pod {
  const ready = new Set(opts.ready ?? []);
  return {
    metadata: {
      name: 'web-0',
      namespace: 'default',
      uid: 'uid-web-0',
      ...(opts.annotations !== undefined && { annotations: opts.annotations }),
    },
    spec: { containers: [barred('main', 0), barred('sidecar', 1)] },
    status: {
      containerStatuses: [
        status('main', ready.has('main')),
        status('sidecar', ready.has('sidecar')),
      ],
      ...(opts.containersReady === true && {
        conditions: [{ type: 'ContainersReady', status: 'True' }],
      }),
    },
  };
}
const barrier = (data?: Record<string, string>): ConfigMap => ({
  metadata: { name: 'web-0-barrier', namespace: 'default' },
  ...(data !== undefined && { data }),
});
const podKey = { namespace: 'default', name: 'web-0' };
const barrierKey = { namespace: 'default', name: 'web-0-barrier' };
const release = (key: string) => ({
  verb: 'patch',
  resource: configMaps,
  key: barrierKey,
  patch: { type: 'strategic', body: { data: { [key]: 'true' } } },
});
const completed = {
  verb: 'patch',
  resource: pods,
  key: podKey,
  patch: {
    type: 'strategic',
    body: {
      metadata: { annotations: { 'apps.kruise.io/container-launch-priority-completed': 'true' } },
    },
  },
};

describe('planLaunchPriority', () => {
  const cases: { name: string; pod: Pod; barrier?: ConfigMap; want: unknown }[] = [
    {
      name: 'step 1: creates the empty barrier owned by the pod, then looks again at once',
      pod: pod(),
      want: {
        actions: [
          {
            verb: 'create',
            resource: configMaps,
            object: {
              metadata: {
                name: 'web-0-barrier',
                namespace: 'default',
                ownerReferences: [
                  { apiVersion: 'v1', kind: 'Pod', name: 'web-0', uid: 'uid-web-0' },
                ],
              },
            },
          },
        ],
        requeueAfterMs: 0,
      },
    },
    {
      name: 'step 2: releases the highest pending priority',
      pod: pod(),
      barrier: barrier({}),
      want: { actions: [release('p_1')] },
    },
    {
      name: 'waits while the released container is not Ready',
      pod: pod(),
      barrier: barrier({ p_1: 'true' }),
      want: { actions: [] },
    },
    {
      name: 'step 3: the sidecar is Ready: releases p_0 and marks the pod completed',
      pod: pod({ ready: ['sidecar'] }),
      barrier: barrier({ p_1: 'true' }),
      want: { actions: [release('p_0'), completed] },
    },
    {
      name: 'marks completed when the lowest pending key is already there',
      pod: pod({ ready: ['sidecar'] }),
      barrier: barrier({ p_0: 'true' }),
      want: { actions: [] },
    },
    {
      name: 'leaves a completed pod alone',
      pod: pod({ annotations: { 'apps.kruise.io/container-launch-priority-completed': 'true' } }),
      barrier: barrier({}),
      want: { actions: [] },
    },
    {
      name: 'leaves a pod whose containers are all Ready alone',
      pod: pod({ containersReady: true }),
      want: { actions: [] },
    },
    {
      name: 'leaves a pod without barrier env alone',
      pod: {
        metadata: { name: 'plain', namespace: 'default' },
        spec: { containers: [{ name: 'app' }] },
      },
      want: { actions: [] },
    },
  ];
  for (const c of cases) {
    it(c.name, () =>
      assert.deepStrictEqual(planLaunchPriority({ pod: c.pod, barrier: c.barrier }), c.want),
    );
  }

  it('reads priorities as OpenKruise does: the first barrier env, Atoi errors as 0', () => {
    const odd: Pod = {
      spec: {
        containers: [
          barred('a', -2),
          {
            ...barred('b', 0),
            env: [
              {
                name: 'KRUISE_CONTAINER_BARRIER',
                valueFrom: { configMapKeyRef: { name: 'x', key: 'p_abc' } },
              },
            ],
          },
          barred('c', 7),
          { name: 'd' },
        ],
      },
    };
    assert.deepStrictEqual(pendingPriorities(odd), [-2n, 0n, 7n]);
  });
});
