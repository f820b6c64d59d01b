import type {
  DecodedLabelSelector,
  DecodedSidecarSet,
  DecodedSidecarSetSpec,
} from '../../../shared/api/decoded.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KruiseFnError } from '../../../shared/errors.js';
import { matchingSidecarSets } from './inject-pod.js';
import { isCandidate, podMatchesSidecarSet } from '../../../shared/sidecarset/match.js';
import { indexSidecarSets } from '../../../shared/sidecarset/candidate-index.js';

const set = (name: string, spec: DecodedSidecarSetSpec): DecodedSidecarSet => ({
  metadata: { name },
  spec,
});
const pinned = (ns: string): DecodedLabelSelector => ({
  matchLabels: { 'kubernetes.io/metadata.name': ns },
});

// Every shape of selector the index buckets differently, in no particular order.
const sidecarSets: DecodedSidecarSet[] = [
  set('s-labels', { selector: { matchLabels: { app: 'web', tier: 'front' } } }),
  set('a-in-many', {
    selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] },
  }),
  set('b-in-and-exists', {
    selector: {
      matchExpressions: [
        { key: 'track', operator: 'Exists' },
        { key: 'app', operator: 'In', values: ['api'] },
      ],
    },
  }),
  set('c-exists', { selector: { matchExpressions: [{ key: 'track', operator: 'Exists' }] } }),
  set('d-notin', {
    selector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] },
  }),
  set('e-doesnotexist', {
    selector: { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] },
  }),
  set('f-empty', { selector: {} }),
  set('g-nil', {}),
  set('h-in-empty', { selector: { matchExpressions: [{ key: 'app', operator: 'In' }] } }),
  set('i-namespaced', { namespace: 'team-a', selector: { matchLabels: { app: 'web' } } }),
  set('j-pinned', {
    namespaceSelector: pinned('team-b'),
    selector: { matchLabels: { app: 'web' } },
  }),
  set('k-pinned-in', {
    namespaceSelector: {
      matchExpressions: [
        { key: 'kubernetes.io/metadata.name', operator: 'In', values: ['team-a', 'team-b'] },
      ],
    },
    selector: { matchExpressions: [{ key: 'track', operator: 'Exists' }] },
  }),
  set('l-ns-labels', {
    namespaceSelector: { matchLabels: { env: 'prod' } },
    selector: { matchLabels: { app: 'web' } },
  }),
  set('m-paused', {
    selector: { matchLabels: { app: 'web' } },
    injectionStrategy: { paused: true },
  }),
  set('n-empty-value', { selector: { matchLabels: { flag: '' } } }),
];

const namespaceLabels = {
  'team-a': { 'kubernetes.io/metadata.name': 'team-a', env: 'prod' },
  'team-b': { 'kubernetes.io/metadata.name': 'team-b' },
  default: { 'kubernetes.io/metadata.name': 'default' },
};
const pods: { namespace: string; labels: Record<string, string> | undefined }[] = [
  { namespace: 'team-a', labels: { app: 'web', tier: 'front' } },
  { namespace: 'team-b', labels: { app: 'web', track: 'stable' } },
  { namespace: 'team-a', labels: { app: 'api', track: '' } },
  { namespace: 'default', labels: { other: 'x' } },
  { namespace: 'gone', labels: { app: 'web', flag: '' } },
  { namespace: '', labels: undefined },
];

/** What a scan of every SidecarSet in name order selects (the pre-index algorithm). */
function scanAll(namespace: string, labels: Record<string, string> | undefined): string[] {
  const pod = { metadata: { namespace: namespace || 'default', labels } };
  return [...sidecarSets]
    .sort((a, b) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1))
    .filter(
      (s) =>
        isCandidate(s, pod.metadata.namespace) &&
        !s.spec?.injectionStrategy?.paused &&
        podMatchesSidecarSet(pod, s, namespaceLabels),
    )
    .map((s) => s.metadata?.name ?? '');
}

describe('indexSidecarSets', () => {
  for (const { namespace, labels } of pods) {
    it(`selects what a full scan selects: pod ${JSON.stringify(labels)} in "${namespace}"`, () => {
      const pod = { metadata: { namespace: namespace || 'default', labels } };
      const selected = matchingSidecarSets(pod, sidecarSets, { namespaceLabels, now: new Date(0) });
      assert.deepStrictEqual(
        selected.map((s) => s.metadata?.name),
        scanAll(namespace, labels),
      );
    });
  }

  it('hands out one index per snapshot array, with the SidecarSets sorted by name', () => {
    const index = indexSidecarSets(sidecarSets);
    assert.equal(indexSidecarSets(sidecarSets), index);
    assert.notEqual(indexSidecarSets([...sidecarSets]), index);
    assert.deepStrictEqual(
      index.sorted.map((s) => s.metadata?.name),
      sidecarSets.map((s) => s.metadata?.name ?? '').sort(),
    );
    assert.equal(index.pinsRevisions, false);
    const pinning = set('p', { injectionStrategy: { revision: { customVersion: 'v1' } } });
    assert.equal(indexSidecarSets([...sidecarSets, pinning]).pinsRevisions, true);
  });

  it('looks only at candidates: a pod without labels sees the label-free selectors', () => {
    const candidates = indexSidecarSets(sidecarSets).candidates('default', undefined);
    assert.deepStrictEqual(
      candidates.map((m) => m.sidecarSet.metadata?.name),
      ['d-notin', 'e-doesnotexist'],
    );
  });

  it('keeps a bad selector operator a candidate whatever the labels, failing in name order', () => {
    const bad = set('c-bad', {
      selector: { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['x'] }] },
    });
    const withBad = [...sidecarSets, bad];
    const pod = { metadata: { namespace: 'default', labels: { other: 'x' } } };
    assert.throws(
      () => matchingSidecarSets(pod, withBad, { namespaceLabels, now: new Date(0) }),
      new KruiseFnError('"Equals" is not a valid pod selector operator'),
    );
    // An earlier SidecarSet whose revision cannot be restored fails first.
    const pinnedRevision = set('a-in-many', {
      ...sidecarSets[1]?.spec,
      injectionStrategy: { revision: { revisionName: 'gone' } },
    });
    const webPod = { metadata: { namespace: 'default', labels: { app: 'web' } } };
    assert.throws(
      () =>
        matchingSidecarSets(webPod, [pinnedRevision, bad], {
          namespaceLabels,
          revisions: { 'a-in-many': new Error('controllerrevisions.apps "gone" not found') },
          now: new Date(0),
        }),
      new KruiseFnError('controllerrevisions.apps "gone" not found'),
    );
  });
});
