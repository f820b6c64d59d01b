/**
 * The PersistentVolumeClaims of an Advanced StatefulSet's pods
 * (`kruise@v1.7.4:pkg/controller/statefulset/stateful_pod_control.go` and
 * `stateful_set_utils.go`: getPersistentVolumeClaims,
 * claimOwnerMatchesSetAndPod, updateClaimOwnerRefForSetAndPod,
 * PodClaimIsStale): `<template>-<set>-<ordinal>`, labelled with the set's
 * `matchLabels`, and owner references as `persistentVolumeClaimRetentionPolicy`
 * says (gate StatefulSetAutoDeletePVC):
 * - whenDeleted Delete: the set owns the claim (deleting the set deletes it);
 * - whenScaled Delete: the pod of a scaled-down ordinal owns it (deleting
 *   the pod deletes it); Retain/Retain: no owner reference of either.
 * A claim created here carries the references its pod's policy wants at
 * once (OpenKruise creates it bare and adds them after creating the pod).
 */
import type {
  PersistentVolumeClaim as ClaimTemplate,
  Pod,
} from '../../../shared/api/core/core-v1.js';
import type { ObjectMeta, OwnerReference } from '../../../shared/api/core/meta.js';
import type { StatefulSet } from '../../../shared/api/statefulset.js';
import { claimName, STATEFULSET_API_VERSION } from './pod-identity.js';

/** A claim as the API returns it (a template's metadata is a subset of ObjectMeta). */
export type PersistentVolumeClaim = Omit<ClaimTemplate, 'metadata'> & { metadata?: ObjectMeta };

export interface RetentionPolicy {
  readonly whenDeleted: string;
  readonly whenScaled: string;
}

export function retentionPolicy(set: StatefulSet): RetentionPolicy {
  const p = set.spec.persistentVolumeClaimRetentionPolicy;
  return { whenDeleted: p?.whenDeleted ?? 'Retain', whenScaled: p?.whenScaled ?? 'Retain' };
}

/** getPersistentVolumeClaims: the claims `pod` (ordinal) should have. */
export function podClaims(set: StatefulSet, ordinal: number): PersistentVolumeClaim[] {
  return (set.spec.volumeClaimTemplates ?? []).map((t) => ({
    ...structuredClone(t),
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      ...structuredClone(t.metadata),
      name: claimName(set, t.metadata?.name ?? '', ordinal),
      namespace: set.metadata?.namespace ?? '',
      labels: { ...set.spec.selector.matchLabels },
    },
  }));
}

const hasRef = (claim: PersistentVolumeClaim, uid: string | undefined): boolean =>
  (claim.metadata?.ownerReferences ?? []).some((r) => r.uid === (uid ?? ''));

const ref = (apiVersion: string, kind: string, o: { metadata?: { name?: string; uid?: string } }) =>
  ({
    apiVersion,
    kind,
    name: o.metadata?.name ?? '',
    uid: o.metadata?.uid ?? '',
  }) satisfies OwnerReference;

/** What the policy wants: [set owns it, pod owns it]. `scaledDown`: the pod's ordinal is outside the set. */
function wanted(policy: RetentionPolicy, scaledDown: boolean): [boolean, boolean] {
  const del = (v: string) => v === 'Delete';
  // An unknown policy is treated as Retain/Retain.
  const known = ['Retain', 'Delete'];
  if (!known.includes(policy.whenDeleted) || !known.includes(policy.whenScaled))
    return [false, false];
  const scaledDelete = del(policy.whenScaled) && scaledDown;
  const setOwns = del(policy.whenDeleted) && !(del(policy.whenScaled) && scaledDown);
  return [setOwns, scaledDelete];
}

/**
 * updateClaimOwnerRefForSetAndPod: the claim with the owner references the
 * policy wants, or undefined when it already has them (claimOwnerMatchesSetAndPod).
 */
export function claimWithPolicyRefs(
  claim: PersistentVolumeClaim,
  set: StatefulSet,
  pod: Pod,
  scaledDown: boolean,
): PersistentVolumeClaim | undefined {
  const [setOwns, podOwns] = wanted(retentionPolicy(set), scaledDown);
  const setUid = set.metadata?.uid;
  const podUid = pod.metadata?.uid;
  if (hasRef(claim, setUid) === setOwns && hasRef(claim, podUid) === podOwns) return undefined;
  let refs = [...(claim.metadata?.ownerReferences ?? [])];
  const edit = (owns: boolean, uid: string | undefined, make: () => OwnerReference) => {
    if (owns && !refs.some((r) => r.uid === (uid ?? ''))) refs.push(make());
    if (!owns) refs = refs.filter((r) => r.uid !== (uid ?? ''));
  };
  edit(setOwns, setUid, () => ref(STATEFULSET_API_VERSION, 'StatefulSet', set));
  edit(podOwns, podUid, () => ref('v1', 'Pod', pod));
  return { ...claim, metadata: { ...claim.metadata, ownerReferences: refs } };
}

/** PodClaimIsStale: with whenScaled Delete, a claim still owned by an earlier pod of that name blocks the create. */
export function hasStaleClaim(
  set: StatefulSet,
  pod: Pod,
  ordinal: number,
  claims: ReadonlyMap<string, PersistentVolumeClaim>,
): boolean {
  if (retentionPolicy(set).whenScaled === 'Retain') return false;
  return podClaims(set, ordinal).some((c) => {
    const found = claims.get(c.metadata?.name ?? '');
    return (found?.metadata?.ownerReferences ?? []).some(
      (r) => r.name === pod.metadata?.name && r.uid !== (pod.metadata?.uid ?? ''),
    );
  });
}
