/**
 * In-place update helpers as `kruise@v1.7.4:pkg/util/inplaceupdate`
 * decides: defaultCalculateInPlaceUpdateSpec (`inplace_update_defaults.go`
 * l. 229-348: only `replace` of `/spec/containers/<i>/image` and metadata
 * changes, images keyed by the old template's container names),
 * DefaultCheckInPlaceUpdateCompleted l. 353-369 and
 * defaultCheckContainersInPlaceUpdateCompleted l. 395-420 (the grace
 * annotation, next batches, imageID unchanged unless the image already
 * runs, `:latest` for an untagged image, statuses missing), updateCondition
 * (`inplace_update.go` l. 167-185: no write when status, reason and message
 * are equal; Ready False through the gates only for False) and the state
 * written by updatePodInPlace / defaultPatchUpdateSpecToPod.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Container, Pod } from '../../../shared/api/core/core-v1.js';
import type { StatefulSet } from '../../../shared/api/statefulset.js';
import { conditionPatch, inPlaceSpec, stateAnnotation, updateNotCompleted } from './inplace.js';
import { NOW, revisionOf, statefulSet } from './test-fixtures.js';

const withTemplate = (
  containers: Container[],
  metadata: StatefulSet['spec']['template']['metadata'] = { labels: { app: 'web' } },
  extraSpec: object = {},
) =>
  revisionOf(
    statefulSet({
      template: { metadata, spec: { containers, ...extraSpec } },
    }),
  );

const old = withTemplate([
  { name: 'main', image: 'nginx:1' },
  { name: 'side', image: 'busybox:1' },
]);

describe('inPlaceSpec (defaultCalculateInPlaceUpdateSpec)', () => {
  const cases = [
    {
      name: 'an image change is in place, keyed by container name',
      next: withTemplate([
        { name: 'main', image: 'nginx:1' },
        { name: 'side', image: 'busybox:2' },
      ]),
      want: { images: { side: 'busybox:2' }, labels: {}, annotations: {} },
    },
    {
      name: 'label and annotation changes come along (null removes)',
      next: withTemplate(
        [
          { name: 'main', image: 'nginx:2' },
          { name: 'side', image: 'busybox:1' },
        ],
        { labels: { app: 'web', tier: 'b' }, annotations: { note: 'x' } },
      ),
      want: {
        images: { main: 'nginx:2' },
        labels: { tier: 'b' },
        annotations: { note: 'x' },
      },
    },
    {
      name: 'another container field is not in place',
      next: withTemplate([
        { name: 'main', image: 'nginx:2', args: ['-v'] },
        { name: 'side', image: 'busybox:1' },
      ]),
      want: undefined,
    },
    {
      name: 'a container added is not in place',
      next: withTemplate([
        { name: 'main', image: 'nginx:1' },
        { name: 'side', image: 'busybox:1' },
        { name: 'more', image: 'x:1' },
      ]),
      want: undefined,
    },
    {
      name: 'a pod spec field outside the containers is not in place',
      next: withTemplate(
        [
          { name: 'main', image: 'nginx:2' },
          { name: 'side', image: 'busybox:1' },
        ],
        { labels: { app: 'web' } },
        { hostname: 'h' },
      ),
      want: undefined,
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      const got = inPlaceSpec(old, c.next);
      if (c.want === undefined) return assert.equal(got, undefined);
      const { emptied: _, ...rest } = got ?? { emptied: undefined };
      assert.deepStrictEqual(rest, { revision: c.next.metadata?.name, ...c.want });
    });
  it('is never in place without the old revision', () =>
    assert.equal(inPlaceSpec(undefined, old), undefined));
});

const STATE = 'apps.kruise.io/inplace-update-state';
const pod = (
  annotations: Record<string, string>,
  image: string,
  statuses: { name: string; image: string; imageID: string }[],
): Pod => ({
  metadata: { name: 'web-0', annotations },
  spec: { containers: [{ name: 'main', image }] },
  status: { containerStatuses: statuses as never },
});
const state = (last: Record<string, string>, extra = '') =>
  JSON.stringify({
    revision: 'r',
    lastContainerStatuses: Object.fromEntries(
      Object.entries(last).map(([k, v]) => [k, { imageID: v }]),
    ),
  }).replace(/}$/, `${extra}}`);

describe('updateNotCompleted (DefaultCheckInPlaceUpdateCompleted)', () => {
  const cases = [
    { name: 'no state: done', pod: pod({}, 'nginx:2', []), want: undefined },
    {
      name: 'grace annotation: still in the grace period',
      pod: pod({ 'apps.kruise.io/inplace-update-grace': '{}' }, 'nginx:2', []),
      want: 'still in grace period of in-place update',
    },
    {
      name: 'next batches left',
      pod: pod({ [STATE]: state({}, ',"nextContainerImages":{"b":"x"}') }, 'nginx:2', []),
      want: 'existing containers to in-place update in next batches',
    },
    {
      name: 'imageID unchanged while another image runs',
      pod: pod({ [STATE]: state({ main: 'sha-1' }) }, 'nginx:2', [
        { name: 'main', image: 'nginx:1', imageID: 'sha-1' },
      ]),
      want: 'container main imageID not changed',
    },
    {
      name: 'imageID unchanged but the new image already runs (same digest): done',
      pod: pod({ [STATE]: state({ main: 'sha-1' }) }, 'nginx:2', [
        { name: 'main', image: 'nginx:2', imageID: 'sha-1' },
      ]),
      want: undefined,
    },
    {
      name: 'an untagged image is compared as :latest',
      pod: pod({ [STATE]: state({ main: 'sha-1' }) }, 'nginx', [
        { name: 'main', image: 'nginx:latest', imageID: 'sha-1' },
      ]),
      want: undefined,
    },
    {
      name: 'a new imageID: done',
      pod: pod({ [STATE]: state({ main: 'sha-1' }) }, 'nginx:2', [
        { name: 'main', image: 'nginx:2', imageID: 'sha-2' },
      ]),
      want: undefined,
    },
    {
      name: 'a recorded container without a status',
      pod: pod({ [STATE]: state({ main: 'sha-1', gone: '' }) }, 'nginx:2', [
        { name: 'main', image: 'nginx:2', imageID: 'sha-2' },
      ]),
      want: 'not found statuses of containers map[gone:{}]',
    },
  ];
  for (const c of cases) it(c.name, () => assert.equal(updateNotCompleted(c.pod), c.want));
});

describe('conditionPatch (updateCondition)', () => {
  const gated = (conditions: NonNullable<Pod['status']>['conditions']): Pod => ({
    metadata: { name: 'web-0' },
    spec: { containers: [], readinessGates: [{ conditionType: 'InPlaceUpdateReady' }] },
    status: { conditions },
  });
  const T = '2024-09-05T08:00:00Z';
  it('False (StartInPlaceUpdate) turns Ready False through the gate', () =>
    assert.deepStrictEqual(
      conditionPatch(
        gated([
          { type: 'InPlaceUpdateReady', status: 'True' },
          { type: 'ContainersReady', status: 'True' },
          { type: 'Ready', status: 'True' },
        ]),
        'False',
        NOW,
      ),
      [
        {
          type: 'InPlaceUpdateReady',
          status: 'False',
          lastTransitionTime: T,
          reason: 'StartInPlaceUpdate',
        },
        {
          type: 'Ready',
          status: 'False',
          reason: 'ReadinessGatesNotReady',
          message: 'the status of pod readiness gate "InPlaceUpdateReady" is not "True", but False',
        },
      ],
    ));
  it('True is written alone, Ready left to the kubelet', () =>
    assert.deepStrictEqual(
      conditionPatch(
        gated([{ type: 'InPlaceUpdateReady', status: 'False', reason: 'StartInPlaceUpdate' }]),
        'True',
        NOW,
      ),
      [{ type: 'InPlaceUpdateReady', status: 'True', lastTransitionTime: T }],
    ));
  it('nothing when the condition already says so', () =>
    assert.equal(
      conditionPatch(gated([{ type: 'InPlaceUpdateReady', status: 'True' }]), 'True', NOW),
      undefined,
    ));
});

describe('stateAnnotation (InPlaceUpdateState as json.Marshal writes it)', () => {
  const spec = { revision: 'web-2', images: { main: 'nginx:2' }, labels: {}, annotations: {} };
  const p = pod({}, 'nginx:1', [{ name: 'main', image: 'nginx:1', imageID: 'sha-1' }]);
  it('records the changed containers’ imageIDs and one batch', () =>
    assert.equal(
      stateAnnotation(p, spec, NOW),
      '{"revision":"web-2","updateTimestamp":"2024-09-05T08:00:00Z","lastContainerStatuses":{"main":{"imageID":"sha-1"}},"containerBatchesRecord":[{"timestamp":"2024-09-05T08:00:00Z","containers":["main"]}]}',
    ));
  it('keeps a grace period’s start as updateTimestamp', () =>
    assert.match(
      stateAnnotation(p, spec, NOW, '2024-09-05T07:59:50Z'),
      /"updateTimestamp":"2024-09-05T07:59:50Z"/,
    ));
});
