/**
 * inPlaceUpdateStrategy.gracePeriodSeconds as
 * `kruise@v1.7.4:pkg/util/inplaceupdate/inplace_update.go` runs it:
 * updatePodInPlace l. 331-348 (the short state, the grace annotation as
 * json.Marshal(UpdateSpec) l. 81-93, images untouched), Update l. 307-311
 * (come back after the grace period), finishGracePeriod l. 187-234 (drop
 * on a revision change, wait rounded up to seconds l. 396-401, then patch
 * the spec with the first updateTimestamp kept), Refresh l. 115-122 (grace
 * first: no InPlaceUpdateReady True while it runs).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../../shared/api/core/core-v1.js';
import type { StatefulSetAction } from './actions.js';
import { finishGrace, graceAnnotation } from './inplace-grace.js';
import { planStatefulSet } from './plan.js';
import {
  NOW,
  observed,
  podSteps,
  revisionOf,
  runningPod,
  statefulSet,
  updated,
} from './test-fixtures.js';

const GRACE = 'apps.kruise.io/inplace-update-grace';
const STATE = 'apps.kruise.io/inplace-update-state';

const base = statefulSet({
  replicas: 1,
  updateStrategy: {
    type: 'RollingUpdate',
    rollingUpdate: {
      partition: 0,
      maxUnavailable: 1,
      podUpdatePolicy: 'InPlaceIfPossible',
      inPlaceUpdateStrategy: { gracePeriodSeconds: 10 },
    },
  },
});
const u = updated(base, 'nginx:2');
const rev = revisionOf(u.set).metadata?.name ?? '';
const plan = (pods: Pod[], now = NOW) =>
  planStatefulSet(observed(u.set, pods, { revisions: u.revisions, now }));

const podPatches = (actions: readonly StatefulSetAction[]) =>
  actions.flatMap((a) =>
    'verb' in a && a.verb === 'patch' && a.resource.kind === 'Pod' && a.patch.type !== 'json'
      ? [{ status: a.options?.subresource === 'status', body: a.patch.body }]
      : [],
  );

/** web-0 as the grace update left it at 08:00:00 (revision label and annotations written). */
function inGrace(extra: Record<string, string> = {}): Pod {
  const pod = runningPod(base, 0);
  return {
    ...pod,
    metadata: {
      ...pod.metadata,
      labels: { ...pod.metadata?.labels, 'controller-revision-hash': rev },
      annotations: {
        ...pod.metadata?.annotations,
        [STATE]: `{"revision":"${rev}","updateTimestamp":"2024-09-05T08:00:00Z","lastContainerStatuses":null}`,
        [GRACE]: `{"revision":"${rev}","containerImages":{"main":"nginx:2"},"graceSeconds":10}`,
        ...extra,
      },
    },
  };
}

const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

describe('graceAnnotation (json.Marshal of UpdateSpec)', () => {
  const spec = { revision: 'web-abc', images: { main: 'nginx:2' }, labels: {}, annotations: {} };
  const cases = [
    {
      name: 'images only: revision, containerImages, graceSeconds',
      spec,
      want: '{"revision":"web-abc","containerImages":{"main":"nginx:2"},"graceSeconds":10}',
    },
    {
      name: 'metadata changes as the base64 of the two-way merge patch',
      spec: { ...spec, images: {}, labels: { tier: 'b', old: null } },
      // base64 of {"metadata":{"labels":{"old":null,"tier":"b"}}}
      want: `{"revision":"web-abc","metaDataPatch":"${Buffer.from('{"metadata":{"labels":{"old":null,"tier":"b"}}}').toString('base64')}","graceSeconds":10}`,
    },
    {
      name: 'annotations the new template no longer has are null as a whole',
      spec: { ...spec, annotations: { a: null }, emptied: { annotations: true } },
      want: `{"revision":"web-abc","containerImages":{"main":"nginx:2"},"metaDataPatch":"${Buffer.from('{"metadata":{"annotations":null}}').toString('base64')}","graceSeconds":10}`,
    },
  ];
  for (const c of cases) it(c.name, () => assert.equal(graceAnnotation(c.spec, 10), c.want));
});

describe('Advanced StatefulSet in-place update with gracePeriodSeconds', () => {
  it('sets InPlaceUpdateReady False, records the grace, leaves the images, comes back in 10 s', () => {
    const p = plan([runningPod(base, 0)]);
    assert.deepStrictEqual(podSteps(p.actions), ['condition web-0', 'patch web-0']);
    assert.deepStrictEqual(podPatches(p.actions)[1], {
      status: false,
      body: {
        metadata: {
          labels: { 'controller-revision-hash': rev, 'lifecycle.apps.kruise.io/state': 'Updating' },
          annotations: {
            'lifecycle.apps.kruise.io/timestamp': '2024-09-05T08:00:00Z',
            [STATE]: `{"revision":"${rev}","updateTimestamp":"2024-09-05T08:00:00Z","lastContainerStatuses":null}`,
            'inplace-update-state': null,
            [GRACE]: `{"revision":"${rev}","containerImages":{"main":"nginx:2"},"graceSeconds":10}`,
          },
        },
      },
    });
    assert.equal(p.requeueAfterMs, 10_000);
  });

  const waits = [
    { name: 'waits the rest of the grace period', seconds: 4, wantMs: 6000 },
    { name: 'rounds the rest up to whole seconds', seconds: 4.5, wantMs: 6000 },
  ];
  for (const w of waits)
    it(w.name, () => {
      const p = plan([inGrace()], at(w.seconds));
      assert.deepStrictEqual(podSteps(p.actions), []);
      assert.equal(p.requeueAfterMs, w.wantMs);
    });

  it('patches the images once the grace period has passed, keeping the first updateTimestamp', () => {
    const p = plan([inGrace()], at(10));
    // Refresh runs for the replica and again in the rolling update: one write.
    assert.deepStrictEqual(podSteps(p.actions), ['inplace web-0']);
    assert.deepStrictEqual(podPatches(p.actions)[0], {
      status: false,
      body: {
        metadata: {
          annotations: {
            [STATE]: `{"revision":"${rev}","updateTimestamp":"2024-09-05T08:00:00Z","lastContainerStatuses":{"main":{"imageID":"sha-1"}},"containerBatchesRecord":[{"timestamp":"2024-09-05T08:00:10Z","containers":["main"]}]}`,
            [GRACE]: null,
            'inplace-update-grace': null,
          },
        },
        spec: { containers: [{ name: 'main', image: 'nginx:2' }] },
      },
    });
  });

  it('drops the grace of a pod whose revision moved on', () => {
    const pod = inGrace();
    const moved = {
      ...pod,
      metadata: {
        ...pod.metadata,
        labels: { ...pod.metadata?.labels, 'controller-revision-hash': 'web-other' },
      },
    };
    assert.deepStrictEqual(finishGrace(moved, at(1)), { kind: 'drop' });
  });

  it('refuses a grace annotation without a state annotation, as OpenKruise errors', () => {
    const pod = inGrace();
    const bare = {
      ...pod,
      metadata: {
        ...pod.metadata,
        annotations: { [GRACE]: pod.metadata?.annotations?.[GRACE] ?? '' },
      },
    };
    assert.throws(
      () => finishGrace(bare, at(20)),
      new Error(`pod has ${GRACE} but ${STATE} not found`),
    );
  });

  it('is no grace period without the annotation', () =>
    assert.equal(finishGrace(runningPod(base, 0), NOW), undefined));
});
