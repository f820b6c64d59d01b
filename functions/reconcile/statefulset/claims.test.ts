/**
 * The claims of an Advanced StatefulSet's pods, as
 * `kruise@v1.7.4:pkg/controller/statefulset/stateful_set_utils.go` makes
 * them: getPersistentVolumeClaims l. 326-340 (`<template>-<set>-<ordinal>`,
 * the set's namespace, labels replaced by the selector's matchLabels),
 * getPersistentVolumeClaimRetentionPolicy l. 151-160 (Retain/Retain when
 * unset), updateClaimOwnerRefForSetAndPod l. 206-262 with hasOwnerRef /
 * setOwnerRef / removeOwnerRef l. 264-324 (owner references by UID; an
 * unknown policy is Retain/Retain); `stateful_pod_control.go`
 * PodClaimIsStale l. 261-283 with hasStaleOwnerRef l. 275-282 (a ref of the
 * pod's name with another UID; never under whenScaled Retain).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../../shared/api/core/core-v1.js';
import type { OwnerReference } from '../../../shared/api/core/meta.js';
import {
  claimWithPolicyRefs,
  hasStaleClaim,
  podClaims,
  retentionPolicy,
  type PersistentVolumeClaim,
} from './claims.js';
import { statefulSet } from './test-fixtures.js';

const SET_REF: OwnerReference = {
  apiVersion: 'apps.kruise.io/v1beta1',
  kind: 'StatefulSet',
  name: 'web',
  uid: 'set-uid',
};
const POD_REF: OwnerReference = { apiVersion: 'v1', kind: 'Pod', name: 'web-1', uid: 'pod-uid' };
const OTHER: OwnerReference = { apiVersion: 'v1', kind: 'ConfigMap', name: 'x', uid: 'x-uid' };

const withPolicy = (whenDeleted: string, whenScaled: string) =>
  statefulSet({
    volumeClaimTemplates: [{ metadata: { name: 'data', labels: { dropped: 'yes' } }, spec: {} }],
    persistentVolumeClaimRetentionPolicy: { whenDeleted, whenScaled } as never,
  });

const pod: Pod = { metadata: { name: 'web-1', namespace: 'ns', uid: 'pod-uid' } };
const claim = (refs: OwnerReference[]): PersistentVolumeClaim => ({
  metadata: { name: 'data-web-1', namespace: 'ns', ownerReferences: refs },
});

describe('podClaims (getPersistentVolumeClaims)', () => {
  it('names each template’s claim <template>-<set>-<ordinal>, labelled with matchLabels only', () => {
    const s = withPolicy('Retain', 'Retain');
    assert.deepStrictEqual(podClaims(s, 4), [
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'data-web-4', namespace: 'ns', labels: { app: 'web' } },
        spec: {},
      },
    ]);
  });
  it('is Retain/Retain without a policy', () =>
    assert.deepStrictEqual(retentionPolicy(statefulSet()), {
      whenDeleted: 'Retain',
      whenScaled: 'Retain',
    }));
});

describe('claimWithPolicyRefs (updateClaimOwnerRefForSetAndPod)', () => {
  const cases: {
    policy: [string, string];
    scaledDown: boolean;
    refs: OwnerReference[];
    want: OwnerReference[] | undefined;
  }[] = [
    { policy: ['Retain', 'Retain'], scaledDown: false, refs: [OTHER], want: undefined },
    {
      policy: ['Retain', 'Retain'],
      scaledDown: true,
      refs: [SET_REF, OTHER, POD_REF],
      want: [OTHER],
    },
    { policy: ['Delete', 'Retain'], scaledDown: false, refs: [OTHER], want: [OTHER, SET_REF] },
    { policy: ['Delete', 'Retain'], scaledDown: true, refs: [SET_REF, POD_REF], want: [SET_REF] },
    { policy: ['Delete', 'Retain'], scaledDown: true, refs: [SET_REF], want: undefined },
    { policy: ['Retain', 'Delete'], scaledDown: false, refs: [SET_REF, POD_REF], want: [] },
    { policy: ['Retain', 'Delete'], scaledDown: true, refs: [], want: [POD_REF] },
    { policy: ['Delete', 'Delete'], scaledDown: false, refs: [POD_REF], want: [SET_REF] },
    { policy: ['Delete', 'Delete'], scaledDown: true, refs: [SET_REF], want: [POD_REF] },
    { policy: ['Delete', 'Delete'], scaledDown: true, refs: [POD_REF], want: undefined },
    // An unknown policy is treated as Retain/Retain.
    { policy: ['Sometimes', 'Delete'], scaledDown: true, refs: [SET_REF, POD_REF], want: [] },
  ];
  for (const c of cases) {
    const refs = (rs: OwnerReference[] | undefined) =>
      rs === undefined ? 'unchanged' : `[${rs.map((r) => r.kind).join(',')}]`;
    it(`whenDeleted ${c.policy[0]}, whenScaled ${c.policy[1]}, ${c.scaledDown ? 'scaled down' : 'in range'}: [${c.refs.map((r) => r.kind).join(',')}] → ${refs(c.want)}`, () => {
      const s = withPolicy(...c.policy);
      const got = claimWithPolicyRefs(claim(c.refs), s, pod, c.scaledDown);
      assert.deepStrictEqual(got?.metadata?.ownerReferences, c.want);
    });
  }
});

describe('hasStaleClaim (PodClaimIsStale)', () => {
  const claims = (refs: OwnerReference[]) => new Map([['data-web-1', claim(refs)]]);
  const earlier = { ...POD_REF, uid: 'earlier-uid' };
  const cases = [
    {
      name: 'never under whenScaled Retain',
      policy: 'Retain',
      claims: claims([earlier]),
      want: false,
    },
    {
      name: 'a claim owned by an earlier pod of that name',
      policy: 'Delete',
      claims: claims([earlier]),
      want: true,
    },
    { name: 'a claim owned by this pod', policy: 'Delete', claims: claims([POD_REF]), want: false },
    {
      name: 'a claim owned by the set only',
      policy: 'Delete',
      claims: claims([SET_REF]),
      want: false,
    },
    { name: 'no claim yet', policy: 'Delete', claims: new Map(), want: false },
  ];
  for (const c of cases)
    it(`${c.name}: ${c.want}`, () =>
      assert.equal(hasStaleClaim(withPolicy('Retain', c.policy), pod, 1, c.claims), c.want));
  it('a pod without a UID finds any claim of its name stale', () =>
    assert.equal(
      hasStaleClaim(
        withPolicy('Retain', 'Delete'),
        { metadata: { name: 'web-1' } },
        1,
        claims([POD_REF]),
      ),
      true,
    ));
});
