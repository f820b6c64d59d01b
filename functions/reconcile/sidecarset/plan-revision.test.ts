/**
 * ControllerRevision registration through the whole plan (SPEC §2.5): first
 * registration (the whole object), reuse, rollback, collisions, the
 * custom-version label and the history limit with its error.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ControllerRevision } from '../../../shared/api/core/apps-v1.js';
import type { SidecarSet } from '../../../shared/api/sidecarset.js';
import { controllerRevisions } from '../../../shared/kube/core-resources.js';
import { planSidecarSet } from './plan.js';
import { revisionData } from './revision-data.js';
import { controllerRevisionHash } from '../../../shared/history/revision-hash.js';
import { render } from './test-actions.js';
import {
  KRUISE_NS,
  injectedAnnotations,
  logAgent,
  observed,
  pod,
  registered,
  sidecarSet,
  withHashes,
} from './test-fixtures.js';

const CUSTOM = 'apps.kruise.io/sidecarset-custom-version';
const V1 = sidecarSet({ containers: [logAgent('ex/log:1')] });
const V2 = sidecarSet();
const labelled = (s: SidecarSet, labels: Record<string, string>): SidecarSet =>
  withHashes({ ...s, metadata: { ...s.metadata, labels } });
const nameOf = (s: SidecarSet, collisionCount = 0): string =>
  `log-set-${controllerRevisionHash(revisionData(s.spec), collisionCount)}`;

/** The revision writes of a plan (its other actions left out). */
const revisionWrites = (plan: ReturnType<typeof planSidecarSet>) =>
  plan.actions.map(render).filter((line) => line.includes('ControllerRevision'));

const latestOf = (plan: ReturnType<typeof planSidecarSet>): unknown => {
  const write = plan.actions.find((a) => 'verb' in a && a.verb === 'updateStatus');
  return write !== undefined && 'status' in write
    ? (write.status as { latestRevision?: string; collisionCount?: number })
    : undefined;
};

describe('ControllerRevision registration', () => {
  it('creates the first revision as OpenKruise writes it', () => {
    const s = labelled(V2, { team: 'obs', [CUSTOM]: 'v2' });
    const plan = planSidecarSet(observed(s, [], { revisions: [] }));
    const data = revisionData(s.spec);
    const hash = controllerRevisionHash(data, 0);
    assert.deepStrictEqual(plan.actions[0], {
      verb: 'create',
      resource: controllerRevisions,
      object: {
        apiVersion: 'apps/v1',
        kind: 'ControllerRevision',
        metadata: {
          name: `log-set-${hash}`,
          namespace: KRUISE_NS,
          labels: {
            team: 'obs',
            [CUSTOM]: 'v2',
            'controller.kubernetes.io/hash': hash,
            'kruise.io/sidecarset-name': 'log-set',
          },
          annotations: s.metadata?.annotations,
          ownerReferences: [
            {
              apiVersion: 'apps.kruise.io/v1alpha1',
              kind: 'SidecarSet',
              name: 'log-set',
              uid: 'set-uid',
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        data: {
          spec: {
            $patch: 'replace',
            containers: [
              {
                image: 'ex/log:2',
                name: 'log-agent',
                resources: {},
                shareVolumePolicy: {},
                upgradeStrategy: {},
              },
            ],
            imagePullSecrets: null,
            initContainers: null,
            patchPodMetadata: null,
            volumes: null,
          },
        },
        revision: 1,
      },
    });
    assert.deepStrictEqual(latestOf(plan), {
      observedGeneration: 2,
      matchedPods: 0,
      updatedPods: 0,
      readyPods: 0,
      latestRevision: `log-set-${hash}`,
      collisionCount: 0,
    });
  });

  const older = (s: SidecarSet, revision: number, name?: string): ControllerRevision => {
    const r = registered(s, revision);
    return name === undefined ? r : { ...r, metadata: { ...r.metadata, name } };
  };

  const rows: {
    name: string;
    set: SidecarSet;
    revisions: ControllerRevision[];
    occupants?: Record<string, ControllerRevision | null>;
    pods?: ReturnType<typeof pod>[];
    want: string[];
    latest: string;
    collisionCount?: number;
    problems?: string[];
  }[] = [
    {
      name: 'reuses the newest revision when it is the current spec',
      set: V2,
      revisions: [older(V1, 1), older(V2, 2)],
      want: [],
      latest: nameOf(V2),
    },
    {
      name: 'rolls back: an older equal revision gets the next revision number',
      set: V1,
      revisions: [older(V1, 1), older(V2, 2)],
      want: [`update ControllerRevision kruise-system/${nameOf(V1)} revision=3`],
      latest: nameOf(V1),
    },
    {
      name: 'creates the next revision for a new spec',
      set: V2,
      revisions: [older(V1, 1)],
      want: [`create ControllerRevision kruise-system/${nameOf(V2)} revision=2`],
      latest: nameOf(V2),
    },
    {
      name: 'a name taken by other data bumps the collision count',
      set: V2,
      revisions: [older(V1, 1)],
      occupants: { [nameOf(V2)]: older(V1, 7, nameOf(V2)), [nameOf(V2, 1)]: null },
      want: [`create ControllerRevision kruise-system/${nameOf(V2, 1)} revision=2`],
      latest: nameOf(V2, 1),
      collisionCount: 1,
    },
    {
      name: 'a name holding the same data is taken as the revision, even if not ours',
      set: V2,
      revisions: [older(V1, 1)],
      occupants: {
        [nameOf(V2)]: {
          ...older(V2, 4),
          metadata: { ...older(V2, 4).metadata, ownerReferences: [] },
        },
      },
      want: [],
      latest: nameOf(V2),
    },
    {
      name: 'does not count revisions another SidecarSet of the same name controls',
      set: V2,
      revisions: [
        {
          ...older(V1, 5),
          metadata: {
            ...older(V1, 5).metadata,
            ownerReferences: [
              {
                apiVersion: 'a',
                kind: 'SidecarSet',
                name: 'log-set',
                uid: 'old-uid',
                controller: true,
              },
            ],
          },
        },
      ],
      occupants: { [nameOf(V2)]: null },
      want: [`create ControllerRevision kruise-system/${nameOf(V2)} revision=1`],
      latest: nameOf(V2),
    },
    {
      name: 'patches the custom-version label onto a reused revision',
      set: labelled(V2, { [CUSTOM]: 'v2' }),
      revisions: [older(V2, 1)],
      want: [
        `patch ControllerRevision kruise-system/${nameOf(V2)} {"metadata":{"labels":{"${CUSTOM}":"v2"}}}`,
      ],
      latest: nameOf(V2),
    },
    {
      name: 'keeps max(1, revisionHistoryLimit), deleting the oldest unused first',
      set: sidecarSet({ revisionHistoryLimit: 2 }),
      revisions: [
        older(V1, 1, 'log-set-a'),
        older(V1, 2, 'log-set-b'),
        older(V1, 3, 'log-set-c'),
        older(V2, 4),
      ],
      pods: [pod(0, { annotations: { 'kruise.io/sidecarset-hash': hashNaming('log-set-a') } })],
      want: [
        'delete ControllerRevision kruise-system/log-set-b',
        'delete ControllerRevision kruise-system/log-set-c',
      ],
      latest: nameOf(V2),
    },
    {
      name: 'logs the limit error when revisions in use exceed it (OpenKruise only logs it)',
      set: sidecarSet({
        revisionHistoryLimit: 0,
        injectionStrategy: { revision: { revisionName: 'log-set-b' } },
      }),
      revisions: [older(V1, 1, 'log-set-a'), older(V1, 2, 'log-set-b'), older(V2, 3)],
      pods: [pod(0, { annotations: { 'kruise.io/sidecarset-hash': hashNaming('log-set-a') } })],
      want: [],
      latest: nameOf(V2),
      problems: [
        'failed to limit the number of stored revisions, limited: 1, actual: 3, name: log-set',
      ],
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const plan = planSidecarSet(
        observed(row.set, row.pods ?? [], {
          revisions: row.revisions,
          occupants: row.occupants ?? {},
        }),
      );
      assert.deepStrictEqual(revisionWrites(plan), row.want);
      const status = latestOf(plan) as { latestRevision?: string; collisionCount?: number };
      assert.equal(status?.latestRevision ?? row.set.status?.latestRevision, row.latest);
      assert.equal(status?.collisionCount, row.collisionCount ?? 0);
      assert.deepStrictEqual(plan.problems, row.problems);
    });
  }
});

/** A pod hash annotation whose entry names `revision` (it keeps that revision in use). */
function hashNaming(revision: string): string {
  const a = injectedAnnotations(V1)['kruise.io/sidecarset-hash'] ?? '';
  return a.replace('"controllerRevision":"log-set-old"', `"controllerRevision":"${revision}"`);
}
