/**
 * The Advanced StatefulSet fields admission reads (apps.kruise.io v1beta1;
 * v1alpha1 is the same minus reserveOrdinals, ordinals, lifecycle,
 * scaleStrategy and persistentVolumeClaimRetentionPolicy), as plain JSON.
 */
import type { V1PersistentVolumeClaim, V1PodSpec } from '@kubernetes/client-node';
import type { IntOrString } from '../../../shared/validation/int-or-string.js';
import type { LabelSelector } from '../../../shared/validation/label-selector.js';
import type { ObjectMetaLike } from '../../../shared/validation/object-meta.js';
import type { PriorityStrategy } from '../../../shared/validation/update-strategy.js';

export interface RollingUpdateStrategy {
  partition?: number | null;
  maxUnavailable?: IntOrString | null;
  podUpdatePolicy?: string;
  paused?: boolean;
  unorderedUpdate?: { priorityStrategy?: PriorityStrategy | null } | null;
  inPlaceUpdateStrategy?: { gracePeriodSeconds?: number } | null;
  minReadySeconds?: number | null;
}

export interface PodTemplate {
  metadata?: ObjectMetaLike;
  spec?: V1PodSpec;
}

export interface StatefulSetSpec {
  replicas?: number | null;
  selector?: LabelSelector | null;
  template?: PodTemplate;
  volumeClaimTemplates?: V1PersistentVolumeClaim[];
  serviceName?: string;
  podManagementPolicy?: string;
  updateStrategy?: { type?: string; rollingUpdate?: RollingUpdateStrategy | null };
  revisionHistoryLimit?: number | null;
  reserveOrdinals?: number[] | null;
  lifecycle?: Record<string, unknown> | null;
  scaleStrategy?: { maxUnavailable?: IntOrString | null } | null;
  persistentVolumeClaimRetentionPolicy?: { whenDeleted?: string; whenScaled?: string } | null;
  ordinals?: { start?: number } | null;
}

export interface StatefulSet {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMetaLike;
  spec?: StatefulSetSpec;
  status?: Record<string, unknown>;
}

/** v1beta1-only spec fields: a v1alpha1 object converted to v1beta1 never has them. */
export const v1beta1OnlySpecFields = [
  'reserveOrdinals',
  'ordinals',
  'lifecycle',
  'scaleStrategy',
  'persistentVolumeClaimRetentionPolicy',
] as const;

/** `ConvertTo(v1beta1)` of a v1alpha1 object, as far as admission can tell. */
export function asV1beta1(obj: StatefulSet, version: string): StatefulSet {
  if (version !== 'v1alpha1' || obj.spec === undefined) return obj;
  const spec = { ...obj.spec };
  for (const f of v1beta1OnlySpecFields) delete spec[f];
  return { ...obj, spec };
}
