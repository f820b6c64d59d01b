/**
 * reconcileBatch's reads: a batch naming many objects of a kind its
 * mappings and keys read by name lists that kind once (list-reads.ts); a
 * smaller one reads each object. The NodeImage controller over Nodes that
 * are not Ready (nothing to write), on readOnlyClient's recorded reads.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node } from '../../shared/api/core/core-v1.js';
import { parseFeatureGates } from '../../shared/feature-gates.js';
import { nodes } from '../../shared/kube/core-resources.js';
import { createLogger } from '../../shared/log/index.js';
import { captureLines } from '../../shared/log/test-support.js';
import type { ObjectRef, ReconcileController } from './controller.js';
import { LIST_READ_THRESHOLD } from './list-reads.js';
import { nodeImageController } from './nodeimage/controller.js';
import { readOnlyClient } from './read-only-client.js';
import { reconcileBatch } from './reconcile-batch.js';

const log = createLogger({ destination: captureLines().destination, level: 0, env: {} });

async function readsFor(count: number) {
  const names = Array.from({ length: count }, (_, i) => `n${i}`);
  const client = readOnlyClient(
    names.map((name) => ({ resource: nodes, object: { metadata: { name } } satisfies Node })),
  );
  const controller = nodeImageController({
    gates: parseFeatureGates(''),
    kruiseNamespace: 'kruise-system',
    now: () => new Date('2026-01-01T00:00:00Z'),
  });
  assert.ok(controller);
  const refs: ObjectRef[] = names.map((name) => ({
    group: '',
    resource: 'nodes',
    name,
    verb: 'update',
  }));
  const summary = await reconcileBatch(
    { kind: 'refs', refs, skipped: [] },
    {
      client,
      controllers: [controller as ReconcileController],
      kruiseNamespace: 'kruise-system',
      log,
    },
  );
  assert.equal(summary.keys, count);
  assert.deepStrictEqual(summary.outcomes, { done: count });
  return client.reads;
}

describe('reconcileBatch reads', () => {
  it('lists Nodes and NodeImages once for a batch of many Nodes', async () => {
    assert.deepStrictEqual(await readsFor(LIST_READ_THRESHOLD), [
      'GET /api/v1/nodes',
      'GET /apis/apps.kruise.io/v1alpha1/nodeimages',
    ]);
  });
  it('reads each object of a smaller batch: the Node to map, then Node and NodeImage', async () => {
    const reads = await readsFor(LIST_READ_THRESHOLD - 1);
    assert.equal(reads.length, 3 * (LIST_READ_THRESHOLD - 1));
    assert.ok(reads.every((r) => /^GET \/api\/v1\/nodes\/n\d+$|nodeimages\/n\d+$/.test(r)));
  });
});
