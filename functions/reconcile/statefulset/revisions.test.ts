import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goVectors } from '../../../infra/go-oracle/oracle.js';
import type { ControllerRevision } from '../../../shared/api/core/apps-v1.js';
import type { StatefulSet } from '../../../shared/api/statefulset.js';
import { controllerRevisionHash } from '../../../shared/history/revision-hash.js';
import {
  statefulSetRevisionData,
  statefulSetRevisions,
  templateOf,
  truncateHistory,
} from './revisions.js';

const set = (image: string, status: StatefulSet['status'] = undefined): StatefulSet => ({
  apiVersion: 'apps.kruise.io/v1beta1',
  kind: 'StatefulSet',
  metadata: { name: 'web', namespace: 'ns', uid: 'set-uid', annotations: { a: '1' } },
  spec: {
    replicas: 1,
    revisionHistoryLimit: 1,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'main', image }] },
    },
  },
  ...(status !== undefined && { status }),
});

describe('Advanced StatefulSet ControllerRevisions', () => {
  // Go decoded each template into core/v1 PodTemplateSpec, built the data as getPatch does and
  // hashed it (infra/go-oracle/vectors_statefulset_revision.go).
  const vectors = goVectors('statefulset-revision');
  it('has Go vectors', () => assert.ok(vectors.length >= 4));
  for (const v of vectors) {
    const { template } = v.in as { template: unknown };
    const want = v.want as { data: string; hashes: [string, string, string] };
    it(`records ${JSON.stringify(template).slice(0, 60)}… as Go does`, () => {
      const data = statefulSetRevisionData(template);
      assert.equal(data, want.data);
      assert.deepStrictEqual(
        [0, 1, 10].map((probe) => controllerRevisionHash(data, probe)),
        want.hashes,
      );
    });
  }

  it('creates the first revision: name, hash label, template labels, annotations, owner', () => {
    const state = statefulSetRevisions(set('nginx:1'), [], {});
    const data = statefulSetRevisionData(set('nginx:1').spec.template);
    const hash = controllerRevisionHash(data, 0);
    assert.deepStrictEqual(state.writes.length, 1);
    assert.deepStrictEqual(state.update.metadata, {
      name: `web-${hash}`,
      namespace: 'ns',
      labels: { app: 'web', 'controller.kubernetes.io/hash': hash },
      annotations: { a: '1' },
      ownerReferences: [
        {
          apiVersion: 'apps.kruise.io/v1beta1',
          kind: 'StatefulSet',
          name: 'web',
          uid: 'set-uid',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    });
    assert.equal(state.update.revision, 1);
    assert.equal(state.current, state.update);
    assert.deepStrictEqual(templateOf(state.update).spec?.containers[0]?.image, 'nginx:1');
  });

  it('reuses the newest equal revision, keeps the current one the status names', () => {
    const r1 = statefulSetRevisions(set('nginx:1'), [], {}).update;
    const r2 = statefulSetRevisions(set('nginx:2'), [r1], {}).update;
    assert.equal(r2.revision, 2);
    const state = statefulSetRevisions(
      set('nginx:2', { currentRevision: r1.metadata?.name ?? '' } as StatefulSet['status']),
      [r1, r2],
      {},
    );
    assert.deepStrictEqual(state.writes, []);
    assert.equal(state.update, r2);
    assert.equal(state.current, r1);
  });

  it('rolls back by raising the revision of an equal older one', () => {
    const r1 = statefulSetRevisions(set('nginx:1'), [], {}).update;
    const r2 = statefulSetRevisions(set('nginx:2'), [r1], {}).update;
    const state = statefulSetRevisions(set('nginx:1'), [r1, r2], {});
    assert.equal(state.update.metadata?.name, r1.metadata?.name);
    assert.equal(state.update.revision, 3);
    assert.deepStrictEqual(
      state.writes.map((w) => w.verb),
      ['update'],
    );
  });

  it('bumps the collision count past a name taken by other data', () => {
    const other: ControllerRevision = {
      ...statefulSetRevisions(set('other'), [], {}).update,
      metadata: { name: statefulSetRevisions(set('nginx:1'), [], {}).update.metadata?.name ?? '' },
    };
    const state = statefulSetRevisions(set('nginx:1'), [], {
      [other.metadata?.name ?? '']: other,
    });
    assert.equal(state.collisionCount, 1);
    const data = statefulSetRevisionData(set('nginx:1').spec.template);
    assert.equal(state.update.metadata?.name, `web-${controllerRevisionHash(data, 1)}`);
    assert.equal(
      state.update.metadata?.labels?.['controller.kubernetes.io/hash'],
      controllerRevisionHash(data, 0),
    );
  });

  it('truncates history beyond the limit, never a live revision', () => {
    const revs = ['a', 'b', 'c', 'd'].map((n, i) => ({
      metadata: { name: n, namespace: 'ns' },
      revision: i + 1,
    })) as ControllerRevision[];
    const pods = [{ metadata: { labels: { 'controller-revision-hash': 'a' } } }];
    const writes = truncateHistory(set('x'), pods, revs, 'd', 'd');
    assert.deepStrictEqual(
      writes.map((w) => (w.verb === 'delete' ? w.key.name : '')),
      ['b'],
    );
  });
});
