import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiErrorOf } from '../../../shared/kube/api-error.js';
import { clientOver } from '../../../shared/kube/client.js';
import type { KubeRequest } from '../../../shared/kube/transport.js';
import { createLogger } from '../../../shared/log/index.js';
import { captureLines } from '../../../shared/log/test-support.js';
import { applyStatefulSetAction, type StatefulSetAction } from './actions.js';
import { planStatefulSet } from './plan.js';
import { NOW, observed, statefulSet } from './test-fixtures.js';

/** An apiserver at the HTTP boundary: pods named in `refuse` are forbidden, everything else echoed. */
function fakeApi(refuse: readonly string[]) {
  const requests: { method: string; path: string; body: Record<string, unknown> }[] = [];
  let inFlight = 0;
  const creates: number[] = [];
  const transport = async (r: KubeRequest) => {
    const body = JSON.parse(r.body ?? '{}') as Record<string, unknown>;
    requests.push({ method: r.method, path: r.path, body });
    const name = (body['metadata'] as { name?: string } | undefined)?.name ?? '';
    if (r.method === 'POST' && r.path.endsWith('/pods')) {
      inFlight++;
      creates.push(inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight--;
      if (refuse.includes(name))
        throw apiErrorOf(
          403,
          JSON.stringify({
            kind: 'Status',
            reason: 'Forbidden',
            message: `pods "${name}" is forbidden: quota`,
          }),
        );
    }
    return body;
  };
  return { client: clientOver(transport), requests, creates };
}

const log = () =>
  createLogger({ destination: captureLines().destination, level: 0, format: 'text', env: {} });

async function applyAll(
  client: ReturnType<typeof clientOver>,
  actions: readonly StatefulSetAction[],
) {
  for (const a of actions) await applyStatefulSetAction(client, a, log(), () => NOW);
}

describe('Advanced StatefulSet actions: slow-start creates', () => {
  it('creates 7 Parallel pods in batches of 1, 2 and 4 at once', async () => {
    const api = fakeApi([]);
    const { actions } = planStatefulSet(
      observed(statefulSet({ replicas: 7, podManagementPolicy: 'Parallel' }), []),
    );
    await applyAll(api.client, actions);
    const created = api.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/pods'));
    assert.equal(created.length, 7);
    assert.ok(Math.max(...api.creates) <= 4, `in flight: ${api.creates.join(',')}`);
    assert.equal(Math.max(...api.creates), 4);
  });
  it('stops after the batch with a refused create and writes FailedCreatePod once', async () => {
    const api = fakeApi(['web-2']);
    const { actions } = planStatefulSet(
      observed(statefulSet({ replicas: 7, podManagementPolicy: 'Parallel' }), []),
    );
    await assert.rejects(applyAll(api.client, actions), /forbidden/);
    const created = api.requests
      .filter((r) => r.method === 'POST' && r.path.endsWith('/pods'))
      .map((r) => (r.body['metadata'] as { name: string }).name);
    assert.deepStrictEqual(created, ['web-0', 'web-1', 'web-2']);
    const statuses = api.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/status'));
    assert.equal(statuses.length, 1);
    assert.deepStrictEqual((statuses[0]?.body['status'] as { conditions: unknown }).conditions, [
      {
        type: 'FailedCreatePod',
        status: 'True',
        lastTransitionTime: '2024-09-05T08:00:00Z',
        message: 'StatefulPodControl failed to create Pod error: pods "web-2" is forbidden: quota',
      },
    ]);
    const events = api.requests
      .filter((r) => r.path.endsWith('/events'))
      .map((r) => `${String(r.body['reason'])}: ${String(r.body['message'])}`);
    assert.ok(
      events.includes(
        'FailedCreate: create Pod web-2 in StatefulSet web failed error: pods "web-2" is forbidden: quota',
      ),
      events.join('\n'),
    );
  });
});
