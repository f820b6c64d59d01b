import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../../shared/api/core/core-v1.js';
import type { SidecarSet } from '../../../shared/api/sidecarset.js';
import type { StatefulSet } from '../../../shared/api/statefulset.js';
import { sidecarSetPodOrder, sortingOwnerOf, statefulSetPodOrder } from './pod-order.js';

const pod = (name: string, labels: Record<string, string> = {}, phase = 'Running'): Pod => ({
  metadata: { name, namespace: 'ns', labels },
  spec: { nodeName: `node-${name}`, containers: [{ name: 'main', image: 'app:1' }] },
  status: { phase },
});
const names = (pods: readonly Pod[]) => pods.map((p) => p.metadata?.name);

const statefulSet = (priorityStrategy?: object): StatefulSet =>
  ({
    apiVersion: 'apps.kruise.io/v1beta1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'ns' },
    spec: {
      selector: {},
      template: {},
      ...(priorityStrategy !== undefined && {
        updateStrategy: { rollingUpdate: { unorderedUpdate: { priorityStrategy } } },
      }),
    },
  }) as StatefulSet;

describe("the pod order of an ImagePullJob's controller (SortPods)", () => {
  const owners: [string, string, string | undefined][] = [
    ['apps.kruise.io/v1beta1', 'StatefulSet', 'StatefulSet'],
    ['apps.kruise.io/v1alpha1', 'StatefulSet', 'StatefulSet'],
    ['apps.kruise.io/v1alpha1', 'SidecarSet', 'SidecarSet'],
    ['apps.kruise.io/v1alpha1', 'CloneSet', undefined],
    ['apps/v1', 'StatefulSet', undefined],
    ['v1', 'ReplicationController', undefined],
  ];
  for (const [apiVersion, kind, want] of owners) {
    it(`${apiVersion} ${kind}: ${want ?? 'as listed'}`, () =>
      assert.equal(sortingOwnerOf({ apiVersion, kind }), want));
  }

  it('Advanced StatefulSet: descending ordinal', () => {
    const listed = ['web-2', 'web-10', 'web-0', 'web-1'].map((n) => pod(n));
    assert.deepEqual(names(statefulSetPodOrder(statefulSet(), listed)), [
      'web-10',
      'web-2',
      'web-1',
      'web-0',
    ]);
  });

  it('Advanced StatefulSet: then its unorderedUpdate priority (no key first, larger value first, ties by larger ordinal)', () => {
    const listed = [
      pod('web-0', { prio: 'p1' }),
      pod('web-1', { prio: 'p5' }),
      pod('web-2'),
      pod('web-3', { prio: 'p5' }),
    ];
    const set = statefulSet({ orderPriority: [{ orderedKey: 'prio' }] });
    assert.deepEqual(names(statefulSetPodOrder(set, listed)), ['web-2', 'web-3', 'web-1', 'web-0']);
  });

  it('SidecarSet: its update order, least healthy first, then its priority', () => {
    const listed = [pod('a'), pod('b', {}, 'Pending'), pod('c', { tier: 'gold' })];
    const plain = { metadata: { name: 's' }, spec: {} } as SidecarSet;
    assert.deepEqual(names(sidecarSetPodOrder(plain, listed)), ['b', 'a', 'c']);
    const weighted = {
      metadata: { name: 's' },
      spec: {
        updateStrategy: {
          priorityStrategy: {
            weightPriority: [{ weight: 10, matchSelector: { matchLabels: { tier: 'gold' } } }],
          },
        },
      },
    } as SidecarSet;
    assert.deepEqual(names(sidecarSetPodOrder(weighted, listed)), ['c', 'b', 'a']);
  });
});
