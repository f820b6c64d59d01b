/**
 * The NodeImage plan against kruise@v1.7.4:pkg/controller/nodeimage/
 * nodeimage_controller.go (line numbers per case).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node } from '../../../shared/api/core/core-v1.js';
import type { ImageTagSpec, NodeImage } from '../../../shared/api/nodeimage.js';
import { nodeImages } from '../../../shared/kube/kruise-resources.js';
import { planNodeImage, type ObservedNodeImage } from './plan.js';

const NOW = new Date('2024-09-05T08:00:00Z');
const ago = (s: number) => new Date(NOW.getTime() - s * 1000).toISOString().replace('.000', '');
const owner = {
  apiVersion: 'apps.kruise.io/v1alpha1',
  kind: 'ImagePullJob',
  namespace: 'ns',
  name: 'pull',
  uid: 'u1',
};

const node = (readySince?: number, labels: Record<string, string> = { zone: 'a' }): Node => ({
  metadata: { name: 'n1', labels },
  status: {
    conditions:
      readySince === undefined
        ? []
        : [{ type: 'Ready', status: 'True', lastTransitionTime: ago(readySince) }],
  },
});

const tag = (over: Partial<ImageTagSpec> = {}): ImageTagSpec => ({
  tag: '1.25',
  createdAt: ago(60),
  pullPolicy: { timeoutSeconds: 600, backoffLimit: 3, ttlSecondsAfterFinished: 600 },
  ownerReferences: [owner],
  ...over,
});

const ni = (tags: ImageTagSpec[], status?: NodeImage['status']): NodeImage => ({
  apiVersion: 'apps.kruise.io/v1alpha1',
  kind: 'NodeImage',
  metadata: { name: 'n1', labels: { zone: 'a' }, resourceVersion: '5' },
  spec: { images: { nginx: { tags } } },
  ...(status !== undefined && { status }),
});

const observed = (over: Partial<ObservedNodeImage>): ObservedNodeImage => ({
  name: 'n1',
  node: node(3600),
  nodeImage: undefined,
  jobUids: new Map([['ns/pull', 'u1']]),
  now: NOW,
  requeueJitterMs: 500,
  ...over,
});

const verbs = (p: ReturnType<typeof planNodeImage>) =>
  p.actions.map((a) => ('verb' in a ? a.verb : `event ${a.reason}`));

describe('NodeImage plan: creation and deletion (Reconcile 166-230)', () => {
  it('creates an empty NodeImage for a Node Ready 30 s or more (207-224)', () => {
    const p = planNodeImage(observed({}));
    assert.deepStrictEqual(p.actions, [
      {
        verb: 'create',
        resource: nodeImages,
        object: {
          apiVersion: 'apps.kruise.io/v1alpha1',
          kind: 'NodeImage',
          metadata: { name: 'n1' },
          spec: {},
        },
        failure: 'failed to create nodeimage n1, err',
        log: { v: 0, message: 'Successfully create nodeimage' },
      },
    ]);
  });
  it('waits out the rest of the 30 s after Ready (209-213, 489-500)', () => {
    assert.deepStrictEqual(planNodeImage(observed({ node: node(10) })), {
      actions: [],
      requeueAfterMs: 20_000,
    });
  });
  it('creates nothing for a Node not Ready', () => {
    assert.deepStrictEqual(planNodeImage(observed({ node: node() })), { actions: [] });
  });
  it('deletes the NodeImage of a gone Node, unless fake (192-204)', () => {
    assert.deepStrictEqual(verbs(planNodeImage(observed({ node: undefined, nodeImage: ni([]) }))), [
      'delete',
    ]);
    const fake = ni([tag()]);
    fake.metadata = { ...fake.metadata, labels: { 'apps.kruise.io/fake-nodeimage': 'true' } };
    assert.deepStrictEqual(
      verbs(planNodeImage(observed({ node: undefined, nodeImage: fake }))),
      [],
    );
  });
});

describe('NodeImage plan: the spec (doUpdateNodeImage 255-345)', () => {
  const specOf = (p: ReturnType<typeof planNodeImage>) => {
    const a = p.actions[0];
    return a && 'verb' in a && a.verb === 'update' ? (a.object as NodeImage) : undefined;
  };
  it('mirrors the Node labels', () => {
    const p = planNodeImage(observed({ node: node(3600, { zone: 'b' }), nodeImage: ni([tag()]) }));
    assert.deepStrictEqual(specOf(p)?.metadata?.labels, { zone: 'b' });
  });
  it('drops a tag with no createdAt, and the image it leaves empty (263-268, 331-337)', () => {
    const p = planNodeImage(observed({ nodeImage: ni([tag({ createdAt: undefined })]) }));
    assert.deepStrictEqual(specOf(p)?.spec, { images: {} });
  });
  it('drops owners whose job is gone or has another UID, and a tag left with none (270-303)', () => {
    const other = { ...owner, name: 'other', uid: 'u9' };
    const replaced = { ...owner, uid: 'old' };
    const p = planNodeImage(
      observed({
        nodeImage: ni([
          tag({ ownerReferences: [owner, other] }),
          tag({ tag: '2', ownerReferences: [replaced] }),
        ]),
      }),
    );
    assert.deepStrictEqual(specOf(p)?.spec.images?.['nginx']?.tags, [
      tag({ ownerReferences: [owner] }),
    ]);
  });
  it('drops a tag completed at its version longer than its TTL ago, else waits for it (305-327)', () => {
    const status = (completed: number) => ({
      desired: 1,
      succeeded: 1,
      imageStatuses: {
        nginx: {
          tags: [{ tag: '1.25', phase: 'Succeeded' as const, completionTime: ago(completed) }],
        },
      },
    });
    assert.deepStrictEqual(
      specOf(planNodeImage(observed({ nodeImage: ni([tag()], status(601)) })))?.spec,
      { images: {} },
    );
    assert.deepStrictEqual(planNodeImage(observed({ nodeImage: ni([tag()], status(100)) })), {
      actions: [],
      requeueAfterMs: 500_000,
    });
  });
});

describe('NodeImage plan: the status (updateNodeImageStatus 347-487)', () => {
  const statusOf = (p: ReturnType<typeof planNodeImage>) => {
    const a = p.actions[0];
    return a && 'verb' in a && a.verb === 'updateStatus' ? a.status : undefined;
  };
  it('waits 10 min for the node to answer a tag (372-376)', () => {
    assert.deepStrictEqual(planNodeImage(observed({ nodeImage: ni([tag({ version: 2 })]) })), {
      actions: [],
      requeueAfterMs: 540_000,
    });
  });
  it('fails a tag the node has not answered for 10 min, with events on the owner and the NodeImage (377-437)', () => {
    const p = planNodeImage(
      observed({ nodeImage: ni([tag({ createdAt: ago(601), version: 2 })]) }),
    );
    assert.deepStrictEqual(statusOf(p), {
      imageStatuses: {
        nginx: {
          tags: [
            {
              tag: '1.25',
              phase: 'Failed',
              completionTime: ago(0),
              version: 2,
              message: 'node has not responded for a long time',
            },
          ],
        },
      },
      desired: 1,
      succeeded: 0,
      failed: 1,
      pulling: 0,
    });
    assert.deepStrictEqual(verbs(p), [
      'updateStatus',
      'event PullImageFailed',
      'event PullImageFailed',
    ]);
    const e = p.actions[1];
    assert.ok(e && !('verb' in e));
    assert.equal(
      e.message,
      'Failed to pull image nginx:1.25 on node n1 for node has not responded for a long time',
    );
    assert.deepStrictEqual(e.involved, owner);
  });
  it('fails a tag still pulling past activeDeadlineSeconds + 10 min (399-411)', () => {
    const status = {
      desired: 1,
      pulling: 1,
      imageStatuses: {
        nginx: { tags: [{ tag: '1.25', phase: 'Pulling' as const, startTime: ago(700) }] },
      },
    };
    const pullPolicy = { ttlSecondsAfterFinished: 600, activeDeadlineSeconds: 60 };
    const p = planNodeImage(
      observed({ nodeImage: ni([tag({ createdAt: ago(661), pullPolicy })], status) }),
    );
    assert.deepStrictEqual(statusOf(p), {
      desired: 1,
      pulling: 0,
      succeeded: 0,
      failed: 1,
      imageStatuses: {
        nginx: {
          tags: [
            {
              tag: '1.25',
              phase: 'Failed',
              startTime: ago(700),
              completionTime: ago(0),
              message: 'pulling exceeds the activeDeadlineSeconds',
            },
          ],
        },
      },
    });
    const waiting = planNodeImage(
      observed({ nodeImage: ni([tag({ createdAt: ago(659), pullPolicy })], status) }),
    );
    assert.deepStrictEqual(waiting, { actions: [], requeueAfterMs: 1000 + 3000 + 500 - 1000 });
  });
  it('writes nothing while the node reports the tag', () => {
    const status = {
      desired: 1,
      succeeded: 1,
      imageStatuses: { nginx: { tags: [{ tag: '1.25', phase: 'Succeeded' as const }] } },
    };
    assert.deepStrictEqual(
      planNodeImage(observed({ nodeImage: ni([tag({ pullPolicy: {} })], status) })),
      { actions: [] },
    );
  });
});
