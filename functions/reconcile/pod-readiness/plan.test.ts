import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../../shared/api/core/core-v1.js';
import { pods } from '../../../shared/kube/core-resources.js';
import { needsReadyCondition, planPodReadiness } from './plan.js';

const NOW = new Date('2026-12-02T04:00:00.123Z');
const gate = { conditionType: 'KruisePodReady' };

function pod(o: { gates?: string[]; conditions?: [string, string][]; deleting?: boolean }): Pod {
  return {
    metadata: {
      name: 'web-0',
      namespace: 'ns',
      ...(o.deleting === true && { deletionTimestamp: '2026-12-02T03:59:00Z' }),
    },
    spec: {
      containers: [{ name: 'main', image: 'nginx' }],
      readinessGates: (o.gates ?? []).map((conditionType) => ({ conditionType })),
    },
    status: { conditions: (o.conditions ?? []).map(([type, status]) => ({ type, status })) },
  };
}

// kruise@v1.7.4:pkg/controller/podreadiness/pod_readiness_controller.go l. 68–75 (predicate), 104–126.
describe('planPodReadiness', () => {
  const cases: { name: string; pod: Pod; needs: boolean }[] = [
    { name: 'gate, no condition: set True', pod: pod({ gates: ['KruisePodReady'] }), needs: true },
    {
      name: 'gate among others, other conditions only: set True',
      pod: pod({
        gates: ['InPlaceUpdateReady', 'KruisePodReady'],
        conditions: [['Ready', 'False']],
      }),
      needs: true,
    },
    {
      name: 'condition already there (even False, a hook marked it): left alone',
      pod: pod({ gates: ['KruisePodReady'], conditions: [['KruisePodReady', 'False']] }),
      needs: false,
    },
    { name: 'no gate: left alone', pod: pod({ gates: ['InPlaceUpdateReady'] }), needs: false },
    {
      name: 'being deleted: left alone',
      pod: pod({ gates: ['KruisePodReady'], deleting: true }),
      needs: false,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.equal(needsReadyCondition(c.pod), c.needs);
      assert.equal(planPodReadiness(c.pod, NOW).actions.length, c.needs ? 1 : 0);
    });
  }

  it('patches pods/status with the condition, strategic merge (conditions merge by type)', () => {
    assert.deepStrictEqual(planPodReadiness(pod({ gates: [gate.conditionType] }), NOW), {
      actions: [
        {
          verb: 'patch',
          resource: pods,
          key: { namespace: 'ns', name: 'web-0' },
          patch: {
            type: 'strategic',
            body: {
              status: {
                conditions: [
                  {
                    type: 'KruisePodReady',
                    status: 'True',
                    lastTransitionTime: '2026-12-02T04:00:00Z',
                  },
                ],
              },
            },
          },
          options: { subresource: 'status' },
        },
      ],
    });
  });
});
