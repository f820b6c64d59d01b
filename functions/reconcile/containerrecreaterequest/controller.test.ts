import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContainerRecreateRequest } from '../../../shared/api/containerrecreaterequest.js';
import { parseFeatureGates } from '../../../shared/feature-gates.js';
import { containerRecreateRequests } from '../../../shared/kube/kruise-resources.js';
import { mapContextOver, readOnlyClient } from '../read-only-client.js';
import { containerRecreateRequestController } from './controller.js';

const deps = (gates: string) => ({
  gates: parseFeatureGates(gates),
  kruiseNamespace: 'kruise-system',
  now: () => new Date('2025-04-10T06:22:26Z'),
});
const on = containerRecreateRequestController(deps(''));
if (on === undefined) throw new Error('KruiseDaemon is on by default');

const crr = (
  name: string,
  namespace: string,
  podName: string,
  o: { done?: boolean; deleting?: boolean } = {},
) => ({
  resource: containerRecreateRequests,
  object: {
    metadata: {
      name,
      namespace,
      ...(o.deleting === true && { deletionTimestamp: '2025-04-10T06:00:00Z', finalizers: ['x'] }),
    },
    spec: { podName, containers: [{ name: 'app' }] },
    ...(o.done === true && {
      status: { phase: 'Completed', completionTime: '2025-04-10T06:00:00Z' },
    }),
  } satisfies ContainerRecreateRequest,
});

describe('containerRecreateRequestController', () => {
  it('runs with the KruiseDaemon gate', () => {
    assert.equal(containerRecreateRequestController(deps('KruiseDaemon=false')), undefined);
    assert.deepStrictEqual(
      [on.name, on.kind],
      ['containerrecreaterequest-controller', 'ContainerRecreateRequest'],
    );
  });

  const client = readOnlyClient([
    crr('a', 'jobs', 'job-1'),
    crr('b', 'jobs', 'job-1', { done: true }),
    crr('c', 'jobs', 'job-1', { deleting: true }),
    crr('d', 'jobs', 'job-2'),
    crr('e', 'other', 'job-1'),
  ]);
  const ctx = mapContextOver(client);
  const [self, podWatch] = on.watches;

  it('maps a CRR event to the CRR', async () => {
    assert.deepStrictEqual(
      [self?.group, self?.resource],
      ['apps.kruise.io', 'containerrecreaterequests'],
    );
    const ref = {
      group: 'apps.kruise.io',
      resource: 'containerrecreaterequests',
      namespace: 'jobs',
      name: 'a',
    };
    assert.deepStrictEqual(await self?.keys(ref, ctx), [{ name: 'a', namespace: 'jobs' }]);
  });

  it('maps a pod event to the unfinished CRRs naming that pod in its namespace', async () => {
    assert.deepStrictEqual([podWatch?.group, podWatch?.resource], ['', 'pods']);
    const ref = {
      group: '',
      resource: 'pods',
      namespace: 'jobs',
      name: 'job-1',
      verb: 'delete' as const,
    };
    assert.deepStrictEqual(await podWatch?.keys(ref, ctx), [{ name: 'a', namespace: 'jobs' }]);
  });

  it('resyncs every CRR', async () => {
    assert.deepStrictEqual(
      (await on.resync(client)).map((k) => `${k.namespace}/${k.name}`),
      ['jobs/a', 'jobs/b', 'jobs/c', 'jobs/d', 'other/e'],
    );
  });
});
