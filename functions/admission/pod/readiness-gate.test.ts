import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DecodedPod } from '../../../shared/api/decoded.js';
import type { Operation } from '../review/decision.js';
import { KRUISE_POD_READY } from '../../../shared/api/pod-readiness.js';
import {
  groupOf,
  injectsReadinessGate,
  isOwnedByKruise,
  withKruisePodReadyGate,
} from './readiness-gate.js';

type OwnerReference = NonNullable<NonNullable<DecodedPod['metadata']>['ownerReferences']>[number];
const owner = (apiVersion: string, kind: string, controller?: boolean): OwnerReference => ({
  apiVersion,
  kind,
  name: 'web',
  uid: 'uid-web',
  ...(controller !== undefined && { controller }),
});
const podOwnedBy = (...ownerReferences: OwnerReference[]): DecodedPod => ({
  metadata: { name: 'web-0', ownerReferences },
  spec: { containers: [{ name: 'app', image: 'app:1' }] },
});

// apimachinery v0.28.9 pkg/runtime/schema/group_version.go l. 211-227 (ParseGroupVersion).
describe('groupOf (schema.ParseGroupVersion)', () => {
  const cases: [string, string][] = [
    ['apps.kruise.io/v1alpha1', 'apps.kruise.io'],
    ['apps.kruise.io/v1beta1', 'apps.kruise.io'],
    ['v1', ''], // l. 219: a bare version is the core group
    ['', ''], // l. 214: empty
    ['/', ''], // l. 214
    ['apps.kruise.io/', 'apps.kruise.io'], // l. 221-222: one slash, empty version
    ['/v1', ''],
    ['apps.kruise.io/v1/x', ''], // l. 224: an error, so the zero GroupVersion
  ];
  for (const [apiVersion, want] of cases) {
    it(`reads ${JSON.stringify(apiVersion)} as group ${JSON.stringify(want)}`, () =>
      assert.equal(groupOf(apiVersion), want));
  }
});

// kruise@v1.7.4 pkg/util/pods.go l. 263-270 (IsPodOwnedByKruise), apimachinery
// pkg/apis/meta/v1/controller_ref.go l. 43-51 (GetControllerOfNoCopy: the first controller: true).
describe('isOwnedByKruise (util.IsPodOwnedByKruise)', () => {
  const cases: { name: string; pod: DecodedPod; want: boolean }[] = [
    {
      name: 'a CloneSet controller',
      pod: podOwnedBy(owner('apps.kruise.io/v1alpha1', 'CloneSet', true)),
      want: true,
    },
    {
      name: 'an Advanced StatefulSet controller (v1beta1)',
      pod: podOwnedBy(owner('apps.kruise.io/v1beta1', 'StatefulSet', true)),
      want: true,
    },
    {
      name: 'any kind of the group (the kind is not read)',
      pod: podOwnedBy(owner('apps.kruise.io/v1alpha1', 'Anything', true)),
      want: true,
    },
    {
      name: 'not a Kruise owner that is no controller',
      pod: podOwnedBy(owner('apps.kruise.io/v1alpha1', 'CloneSet')),
      want: false,
    },
    {
      name: 'not controller: false',
      pod: podOwnedBy(owner('apps.kruise.io/v1alpha1', 'CloneSet', false)),
      want: false,
    },
    {
      name: 'not a ReplicaSet controller',
      pod: podOwnedBy(owner('apps/v1', 'ReplicaSet', true)),
      want: false,
    },
    {
      name: 'only the first controller counts',
      pod: podOwnedBy(
        owner('apps/v1', 'ReplicaSet', true),
        owner('apps.kruise.io/v1alpha1', 'CloneSet', true),
      ),
      want: false,
    },
    {
      name: 'a Kruise controller after a non-controller owner',
      pod: podOwnedBy(owner('v1', 'Node'), owner('apps.kruise.io/v1alpha1', 'CloneSet', true)),
      want: true,
    },
    {
      name: 'not a group that only starts like Kruise',
      pod: podOwnedBy(owner('apps.kruise.io.example.com/v1', 'CloneSet', true)),
      want: false,
    },
    { name: 'not a pod without owners', pod: { metadata: { name: 'p' } }, want: false },
  ];
  for (const c of cases) it(c.name, () => assert.equal(isOwnedByKruise(c.pod), c.want));
});

// kruise@v1.7.4 pkg/webhook/pod/mutating/pod_readiness.go l. 30-35.
describe('injectsReadinessGate (injectPodReadinessGate skips)', () => {
  const kruise = podOwnedBy(owner('apps.kruise.io/v1alpha1', 'CloneSet', true));
  const plain = podOwnedBy(owner('apps/v1', 'ReplicaSet', true));
  const cases: { op: Operation; pod: DecodedPod; forAll: boolean; want: boolean }[] = [
    { op: 'CREATE', pod: kruise, forAll: false, want: true }, // l. 33: owned by Kruise
    { op: 'CREATE', pod: plain, forAll: false, want: false }, // l. 33-34: skipped
    { op: 'CREATE', pod: plain, forAll: true, want: true }, // l. 33: gate KruisePodReadinessGate
    { op: 'UPDATE', pod: kruise, forAll: true, want: false }, // l. 30-31: CREATE only
    { op: 'DELETE', pod: kruise, forAll: false, want: false },
  ];
  for (const c of cases) {
    it(`${c.op} of a ${c.pod === kruise ? 'Kruise' : 'ReplicaSet'} pod, gate ${c.forAll}: ${c.want}`, () =>
      assert.equal(injectsReadinessGate(c.op, c.pod, c.forAll), c.want));
  }
});

// kruise@v1.7.4 pkg/util/pods.go l. 272-279 (InjectReadinessGateToPod).
describe('withKruisePodReadyGate (util.InjectReadinessGateToPod)', () => {
  const withGates = (...types: string[]): DecodedPod => ({
    metadata: { name: 'p' },
    spec: {
      containers: [{ name: 'app' }],
      ...(types.length > 0 && {
        readinessGates: types.map((conditionType) => ({ conditionType })),
      }),
    },
  });
  it('adds the gate to a pod with none', () =>
    assert.deepStrictEqual(withKruisePodReadyGate(withGates()), withGates(KRUISE_POD_READY)));
  it('appends it after the gates already there (l. 278)', () =>
    assert.deepStrictEqual(
      withKruisePodReadyGate(withGates('example.com/ready')),
      withGates('example.com/ready', KRUISE_POD_READY),
    ));
  it('leaves a pod that has it unchanged, the same object (l. 273-276)', () => {
    const pod = withGates('example.com/ready', KRUISE_POD_READY);
    assert.equal(withKruisePodReadyGate(pod), pod);
  });
  it('adds it to a pod sent without spec, as to Go zero PodSpec', () =>
    assert.deepStrictEqual(withKruisePodReadyGate({ metadata: { name: 'p' } }), {
      metadata: { name: 'p' },
      spec: { readinessGates: [{ conditionType: KRUISE_POD_READY }] },
    }));
  it('names the condition as appspub.KruisePodReadyConditionType', () =>
    assert.equal(KRUISE_POD_READY, 'KruisePodReady'));
});
