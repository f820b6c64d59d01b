import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiErrorOf } from '../../../shared/kube/api-error.js';
import { clientOver } from '../../../shared/kube/client.js';
import type { KubeRequest } from '../../../shared/kube/transport.js';
import { createLogger } from '../../../shared/log/index.js';
import { captureLines } from '../../../shared/log/test-support.js';
import { observeStatefulSet } from './observe.js';
import { NOW, statefulSet } from './test-fixtures.js';

const revision = (name: string, app: string) => ({
  apiVersion: 'apps/v1',
  kind: 'ControllerRevision',
  metadata: { name, namespace: 'ns', labels: { app } },
  revision: 1,
});

/** The apiserver at the HTTP boundary: the set, no pods, two revisions; anything else not found. */
function fakeApi(set: object) {
  const lists: string[] = [];
  const transport = (r: KubeRequest) => {
    const path = r.path.split('?')[0] ?? '';
    if (path.endsWith('/statefulsets/web')) return Promise.resolve(set);
    if (path.endsWith('/pods')) return Promise.resolve({ items: [], metadata: {} });
    if (path.endsWith('/controllerrevisions')) {
      lists.push(decodeURIComponent(r.path.split('?')[1] ?? ''));
      return Promise.resolve({
        items: [revision('web-a', 'web'), revision('web-b', 'other')],
        metadata: {},
      });
    }
    return Promise.reject(apiErrorOf(404, '{"kind":"Status","reason":"NotFound"}'));
  };
  return { client: clientOver(transport), lists };
}

const observe = (set: object) => {
  const api = fakeApi(set);
  const log = createLogger({ destination: captureLines().destination, level: 0, env: {} });
  const gates = { startOrdinal: true, podIndexLabel: true, autoDeletePVC: true };
  return observeStatefulSet(
    api.client,
    { namespace: 'ns', name: 'web' },
    { gates, now: () => NOW },
    log,
  ).then((o) => ({ o, lists: api.lists }));
};

describe('observeStatefulSet: revisions by selector', () => {
  it('lists revisions with the selector as the API’s labelSelector', async () => {
    const { lists } = await observe(statefulSet());
    assert.ok(
      lists.some((q) => q.includes('labelSelector=app=web')),
      lists.join('\n'),
    );
  });
  it('filters the list itself by a requirement the labelSelector cannot carry', async () => {
    const set = statefulSet({
      selector: {
        matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'not a value!'] }],
      },
    });
    const { o, lists } = await observe(set);
    assert.ok(
      lists.every((q) => !q.includes('labelSelector=app')),
      lists.join('\n'),
    );
    assert.deepStrictEqual(
      o.revisions.map((r) => r.metadata?.name),
      ['web-a'],
    );
  });
});
