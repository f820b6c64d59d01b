/**
 * Advanced StatefulSet, apps.kruise.io/v1alpha1 (served, not stored), and the
 * parts v1beta1 shares with it (SPEC.md §5;
 * kruise@v1.7.4:apis/apps/v1alpha1/statefulset_types.go). v1alpha1 lacks
 * reserveOrdinals, ordinals, lifecycle, scaleStrategy and PVC retention.
 *
 * podManagementPolicy, updateStrategy.type and podUpdatePolicy are plain
 * strings: OpenKruise's webhook checks them with its own messages (§5.2).
 */
import { Type, type Static } from '@sinclair/typebox';
import { PersistentVolumeClaim, PodTemplateSpec } from './core/core-v1.js';
import { LabelSelector } from './core/meta.js';
import { objectSchema } from './resource.js';
import { Int32, Int64, IntOrString, Time } from './schema-kit.js';
import { UpdatePriorityStrategy } from './update-priority.js';

export const RollingUpdateStatefulSetStrategy = Type.Object({
  partition: Type.Optional(Int32()),
  maxUnavailable: Type.Optional(IntOrString),
  podUpdatePolicy: Type.Optional(Type.String()),
  paused: Type.Optional(Type.Boolean()),
  unorderedUpdate: Type.Optional(
    Type.Object({ priorityStrategy: Type.Optional(UpdatePriorityStrategy) }),
  ),
  inPlaceUpdateStrategy: Type.Optional(Type.Object({ gracePeriodSeconds: Type.Optional(Int32()) })),
  minReadySeconds: Type.Optional(Int32()),
});
export type RollingUpdateStatefulSetStrategy = Static<typeof RollingUpdateStatefulSetStrategy>;

export const StatefulSetUpdateStrategy = Type.Object({
  type: Type.Optional(Type.String()),
  rollingUpdate: Type.Optional(RollingUpdateStatefulSetStrategy),
});
export type StatefulSetUpdateStrategy = Static<typeof StatefulSetUpdateStrategy>;

/** apps/v1 StatefulSetCondition. */
export const StatefulSetCondition = Type.Object({
  type: Type.String(),
  status: Type.String(),
  lastTransitionTime: Type.Optional(Time()),
  reason: Type.Optional(Type.String()),
  message: Type.Optional(Type.String()),
});
export type StatefulSetCondition = Static<typeof StatefulSetCondition>;

/** Spec fields both versions have. */
export const statefulSetSpecFields = {
  replicas: Type.Optional(Int32()),
  selector: LabelSelector,
  template: PodTemplateSpec,
  volumeClaimTemplates: Type.Optional(Type.Array(PersistentVolumeClaim)),
  serviceName: Type.Optional(Type.String()),
  podManagementPolicy: Type.Optional(Type.String()),
  updateStrategy: Type.Optional(StatefulSetUpdateStrategy),
  revisionHistoryLimit: Type.Optional(Int32()),
};

/** Status fields both versions have. */
export const statefulSetStatusFields = {
  observedGeneration: Type.Optional(Int64()),
  replicas: Int32(),
  readyReplicas: Int32(),
  availableReplicas: Int32(),
  currentReplicas: Int32(),
  updatedReplicas: Int32(),
  currentRevision: Type.Optional(Type.String()),
  updateRevision: Type.Optional(Type.String()),
  collisionCount: Type.Optional(Int32()),
  conditions: Type.Optional(Type.Array(StatefulSetCondition)),
  labelSelector: Type.Optional(Type.String()),
};

export const StatefulSetSpecV1alpha1 = Type.Object(statefulSetSpecFields);
export type StatefulSetSpecV1alpha1 = Static<typeof StatefulSetSpecV1alpha1>;

export const StatefulSetStatusV1alpha1 = Type.Object(statefulSetStatusFields);
export type StatefulSetStatusV1alpha1 = Static<typeof StatefulSetStatusV1alpha1>;

export const StatefulSetV1alpha1 = objectSchema(StatefulSetSpecV1alpha1, StatefulSetStatusV1alpha1);
export type StatefulSetV1alpha1 = Static<typeof StatefulSetV1alpha1>;
