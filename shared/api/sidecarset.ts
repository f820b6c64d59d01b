/**
 * SidecarSet, apps.kruise.io/v1alpha1, cluster-scoped (SPEC.md §2.1;
 * kruise@v1.7.4:apis/apps/v1alpha1/sidecarset_types.go).
 *
 * Enums only where OpenKruise's webhook does not already check the value with
 * its own message (podInjectPolicy, shareVolumePolicy and revision.policy are
 * checked there, so the schema leaves them plain strings and the webhook's
 * message wins).
 */
import { Type, type Static } from '@sinclair/typebox';
import { Container, LocalObjectReference, ObjectFieldSelector, Volume } from './core/core-v1.js';
import { LabelSelector } from './core/meta.js';
import { parseResource } from './parse.js';
import {
  AGE_COLUMN,
  KRUISE_GROUP,
  apiVersionOf,
  objectSchema,
  type ResourceDefinition,
} from './resource.js';
import { Int32, Int64, IntOrString, StringEnum, StringMap } from './schema-kit.js';
import { UpdatePriorityStrategy } from './update-priority.js';

export const TransferEnvVar = Type.Object({
  sourceContainerName: Type.Optional(Type.String()),
  sourceContainerNameFrom: Type.Optional(
    Type.Object({ fieldRef: Type.Optional(ObjectFieldSelector) }),
  ),
  envName: Type.Optional(Type.String()),
  envNames: Type.Optional(Type.Array(Type.String())),
});
export type TransferEnvVar = Static<typeof TransferEnvVar>;

/**
 * A core Container plus the SidecarSet fields. Open for unknown fields as in
 * OpenKruise's CRD (its sidecar containers are schemaless there).
 */
export const SidecarContainer = Type.Object(
  {
    ...Container.properties,
    podInjectPolicy: Type.Optional(Type.String()),
    upgradeStrategy: Type.Optional(
      Type.Object({
        upgradeType: Type.Optional(StringEnum(['ColdUpgrade', 'HotUpgrade'])),
        hotUpgradeEmptyImage: Type.Optional(Type.String()),
      }),
    ),
    shareVolumePolicy: Type.Optional(Type.Object({ type: Type.Optional(Type.String()) })),
    transferEnv: Type.Optional(Type.Array(TransferEnvVar)),
  },
  { 'x-kubernetes-preserve-unknown-fields': true },
);
export type SidecarContainer = Static<typeof SidecarContainer>;

export const SidecarSetUpdateStrategy = Type.Object({
  type: Type.Optional(StringEnum(['NotUpdate', 'RollingUpdate'])),
  paused: Type.Optional(Type.Boolean()),
  selector: Type.Optional(LabelSelector),
  partition: Type.Optional(IntOrString),
  maxUnavailable: Type.Optional(IntOrString),
  priorityStrategy: Type.Optional(UpdatePriorityStrategy),
  scatterStrategy: Type.Optional(
    Type.Array(Type.Object({ key: Type.String(), value: Type.String() })),
  ),
});
export type SidecarSetUpdateStrategy = Static<typeof SidecarSetUpdateStrategy>;

export const SidecarSetSpec = Type.Object({
  selector: Type.Optional(LabelSelector),
  namespace: Type.Optional(Type.String()),
  namespaceSelector: Type.Optional(LabelSelector),
  initContainers: Type.Optional(Type.Array(SidecarContainer)),
  containers: Type.Optional(Type.Array(SidecarContainer)),
  volumes: Type.Optional(Type.Array(Volume)),
  updateStrategy: Type.Optional(SidecarSetUpdateStrategy),
  injectionStrategy: Type.Optional(
    Type.Object({
      paused: Type.Optional(Type.Boolean()),
      revision: Type.Optional(
        Type.Object({
          customVersion: Type.Optional(Type.String()),
          revisionName: Type.Optional(Type.String()),
          policy: Type.Optional(Type.String()),
        }),
      ),
    }),
  ),
  imagePullSecrets: Type.Optional(Type.Array(LocalObjectReference)),
  revisionHistoryLimit: Type.Optional(Int32()),
  patchPodMetadata: Type.Optional(
    Type.Array(
      Type.Object({
        annotations: Type.Optional(StringMap),
        patchPolicy: Type.Optional(StringEnum(['Retain', 'Overwrite', 'MergePatchJson'])),
      }),
    ),
  ),
});
export type SidecarSetSpec = Static<typeof SidecarSetSpec>;

export const SidecarSetStatus = Type.Object({
  observedGeneration: Type.Optional(Int64()),
  matchedPods: Int32(),
  updatedPods: Int32(),
  readyPods: Int32(),
  updatedReadyPods: Type.Optional(Int32()),
  latestRevision: Type.Optional(Type.String()),
  collisionCount: Type.Optional(Int32()),
});
export type SidecarSetStatus = Static<typeof SidecarSetStatus>;

export const SidecarSet = objectSchema(SidecarSetSpec, SidecarSetStatus);
export type SidecarSet = Static<typeof SidecarSet>;

export const sidecarSetResource: ResourceDefinition = {
  group: KRUISE_GROUP,
  kind: 'SidecarSet',
  listKind: 'SidecarSetList',
  plural: 'sidecarsets',
  singular: 'sidecarset',
  shortNames: [],
  scope: 'Cluster',
  versions: [
    {
      name: 'v1alpha1',
      schema: SidecarSet,
      served: true,
      storage: true,
      printerColumns: [
        { name: 'MATCHED', type: 'integer', jsonPath: '.status.matchedPods' },
        { name: 'UPDATED', type: 'integer', jsonPath: '.status.updatedPods' },
        { name: 'READY', type: 'integer', jsonPath: '.status.readyPods' },
        AGE_COLUMN,
      ],
    },
  ],
};

/** @throws InvalidError listing every field of `u` that is not a valid SidecarSet. */
export const parseSidecarSet = (u: unknown): SidecarSet =>
  parseResource(SidecarSet, u, {
    apiVersion: apiVersionOf(sidecarSetResource, 'v1alpha1'),
    kind: 'SidecarSet',
  });
