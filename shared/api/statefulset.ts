/**
 * Advanced StatefulSet, apps.kruise.io/v1beta1 (served, storage), namespaced,
 * short names sts/asts, status and scale subresources (SPEC.md §5;
 * kruise@v1.7.4:apis/apps/v1beta1/statefulset_types.go).
 *
 * `ordinals.start` has minimum 0: OpenKruise does not validate it and a
 * negative start yields unparseable pod names (SPEC.md §5.2).
 */
import { Type, type Static } from '@sinclair/typebox';
import { parseResource } from './parse.js';
import {
  AGE_COLUMN,
  KRUISE_GROUP,
  apiVersionOf,
  objectSchema,
  type PrinterColumn,
  type ResourceDefinition,
  type ScaleSubresource,
} from './resource.js';
import { Int32, IntOrString, StringMap } from './schema-kit.js';
import {
  StatefulSetV1alpha1,
  statefulSetSpecFields,
  statefulSetStatusFields,
} from './statefulset-v1alpha1.js';

export const LifecycleHook = Type.Object({
  labelsHandler: Type.Optional(StringMap),
  finalizersHandler: Type.Optional(Type.Array(Type.String())),
  markPodNotReady: Type.Optional(Type.Boolean()),
});
export type LifecycleHook = Static<typeof LifecycleHook>;

export const StatefulSetSpec = Type.Object({
  ...statefulSetSpecFields,
  /** Ordinals skipped when naming pods (integers only in 1.7). */
  reserveOrdinals: Type.Optional(Type.Array(Type.Integer())),
  lifecycle: Type.Optional(
    Type.Object({
      preDelete: Type.Optional(LifecycleHook),
      inPlaceUpdate: Type.Optional(LifecycleHook),
      preNormal: Type.Optional(LifecycleHook),
    }),
  ),
  scaleStrategy: Type.Optional(Type.Object({ maxUnavailable: Type.Optional(IntOrString) })),
  persistentVolumeClaimRetentionPolicy: Type.Optional(
    Type.Object({
      whenDeleted: Type.Optional(Type.String()),
      whenScaled: Type.Optional(Type.String()),
    }),
  ),
  ordinals: Type.Optional(Type.Object({ start: Type.Optional(Int32({ minimum: 0 })) })),
});
export type StatefulSetSpec = Static<typeof StatefulSetSpec>;

export const StatefulSetStatus = Type.Object({
  ...statefulSetStatusFields,
  updatedReadyReplicas: Type.Optional(Int32()),
  updatedAvailableReplicas: Type.Optional(Int32()),
});
export type StatefulSetStatus = Static<typeof StatefulSetStatus>;

export const StatefulSet = objectSchema(StatefulSetSpec, StatefulSetStatus);
export type StatefulSet = Static<typeof StatefulSet>;

const columns: PrinterColumn[] = [
  { name: 'DESIRED', type: 'integer', jsonPath: '.spec.replicas' },
  { name: 'CURRENT', type: 'integer', jsonPath: '.status.replicas' },
  { name: 'UPDATED', type: 'integer', jsonPath: '.status.updatedReplicas' },
  { name: 'READY', type: 'integer', jsonPath: '.status.readyReplicas' },
  AGE_COLUMN,
  {
    name: 'CONTAINERS',
    type: 'string',
    jsonPath: '.spec.template.spec.containers[*].name',
    priority: 1,
  },
  {
    name: 'IMAGES',
    type: 'string',
    jsonPath: '.spec.template.spec.containers[*].image',
    priority: 1,
  },
];

const scale: ScaleSubresource = {
  specReplicasPath: '.spec.replicas',
  statusReplicasPath: '.status.replicas',
  labelSelectorPath: '.status.labelSelector',
};

export const statefulSetResource: ResourceDefinition = {
  group: KRUISE_GROUP,
  kind: 'StatefulSet',
  listKind: 'StatefulSetList',
  plural: 'statefulsets',
  singular: 'statefulset',
  shortNames: ['sts', 'asts'],
  scope: 'Namespaced',
  versions: [
    {
      name: 'v1alpha1',
      schema: StatefulSetV1alpha1,
      served: true,
      storage: false,
      printerColumns: columns,
      scale,
    },
    {
      name: 'v1beta1',
      schema: StatefulSet,
      served: true,
      storage: true,
      printerColumns: columns,
      scale,
    },
  ],
};

/** @throws InvalidError listing every field of `u` that is not a valid v1beta1 StatefulSet. */
export const parseStatefulSet = (u: unknown): StatefulSet =>
  parseResource(StatefulSet, u, {
    apiVersion: apiVersionOf(statefulSetResource, 'v1beta1'),
    kind: 'StatefulSet',
  });

/** @throws InvalidError listing every field of `u` that is not a valid v1alpha1 StatefulSet. */
export const parseStatefulSetV1alpha1 = (u: unknown): StatefulSetV1alpha1 =>
  parseResource(StatefulSetV1alpha1, u, {
    apiVersion: apiVersionOf(statefulSetResource, 'v1alpha1'),
    kind: 'StatefulSet',
  });
