/**
 * NodeImage, apps.kruise.io/v1alpha1, cluster-scoped, one per Node (same
 * name), no short names (SPEC.md §6.3;
 * kruise@v1.7.4:apis/apps/v1alpha1/nodeimage_types.go).
 */
import { Type, type Static } from '@sinclair/typebox';
import { ObjectReference } from './core/core-v1.js';
import { ImagePullPolicy, SandboxConfig } from './imagepulljob.js';
import { parseResource } from './parse.js';
import {
  AGE_COLUMN,
  KRUISE_GROUP,
  apiVersionOf,
  objectSchema,
  type ResourceDefinition,
} from './resource.js';
import { Int32, Int64, StringEnum, Time } from './schema-kit.js';

export const ImageTagSpec = Type.Object({
  tag: Type.String(),
  createdAt: Type.Optional(Time()),
  pullPolicy: Type.Optional(
    Type.Object({
      timeoutSeconds: Type.Optional(Int32()),
      backoffLimit: Type.Optional(Int32()),
      ttlSecondsAfterFinished: Type.Optional(Int32()),
      activeDeadlineSeconds: Type.Optional(Int64()),
    }),
  ),
  /** The ImagePullJobs that asked for this tag. */
  ownerReferences: Type.Optional(Type.Array(ObjectReference)),
  /** Bumped to ask the node to pull again. */
  version: Type.Optional(Int64()),
  imagePullPolicy: Type.Optional(ImagePullPolicy),
});
export type ImageTagSpec = Static<typeof ImageTagSpec>;

export const ImageSpec = Type.Object({
  pullSecrets: Type.Optional(
    Type.Array(
      Type.Object({ namespace: Type.Optional(Type.String()), name: Type.Optional(Type.String()) }),
    ),
  ),
  tags: Type.Array(ImageTagSpec),
  sandboxConfig: Type.Optional(SandboxConfig),
});
export type ImageSpec = Static<typeof ImageSpec>;

export const ImagePullPhase = StringEnum(['Waiting', 'Pulling', 'Succeeded', 'Failed']);
export type ImagePullPhase = Static<typeof ImagePullPhase>;

export const ImageTagStatus = Type.Object({
  tag: Type.String(),
  phase: ImagePullPhase,
  progress: Type.Optional(Int32()),
  version: Type.Optional(Int64()),
  startTime: Type.Optional(Time()),
  completionTime: Type.Optional(Time()),
  message: Type.Optional(Type.String()),
  imageID: Type.Optional(Type.String()),
});
export type ImageTagStatus = Static<typeof ImageTagStatus>;

export const NodeImageSpec = Type.Object({
  /** Keyed by image name without tag (`nginx`, `quay.io/org/app`). */
  images: Type.Optional(Type.Record(Type.String(), ImageSpec)),
});
export type NodeImageSpec = Static<typeof NodeImageSpec>;

export const NodeImageStatus = Type.Object({
  desired: Int32(),
  succeeded: Type.Optional(Int32()),
  failed: Type.Optional(Int32()),
  pulling: Type.Optional(Int32()),
  imageStatuses: Type.Optional(
    Type.Record(Type.String(), Type.Object({ tags: Type.Array(ImageTagStatus) })),
  ),
  /** In the type but written by no 1.7 code. */
  firstSyncStatus: Type.Optional(
    Type.Object({
      syncAt: Type.Optional(Time()),
      status: Type.Optional(Type.String()),
      message: Type.Optional(Type.String()),
    }),
  ),
});
export type NodeImageStatus = Static<typeof NodeImageStatus>;

export const NodeImage = objectSchema(NodeImageSpec, NodeImageStatus);
export type NodeImage = Static<typeof NodeImage>;

export const nodeImageResource: ResourceDefinition = {
  group: KRUISE_GROUP,
  kind: 'NodeImage',
  listKind: 'NodeImageList',
  plural: 'nodeimages',
  singular: 'nodeimage',
  shortNames: [],
  scope: 'Cluster',
  versions: [
    {
      name: 'v1alpha1',
      schema: NodeImage,
      served: true,
      storage: true,
      printerColumns: [
        { name: 'DESIRED', type: 'integer', jsonPath: '.status.desired' },
        { name: 'PULLING', type: 'integer', jsonPath: '.status.pulling' },
        { name: 'SUCCEED', type: 'integer', jsonPath: '.status.succeeded' },
        { name: 'FAILED', type: 'integer', jsonPath: '.status.failed' },
        AGE_COLUMN,
      ],
    },
  ],
};

/** @throws InvalidError listing every field of `u` that is not a valid NodeImage. */
export const parseNodeImage = (u: unknown): NodeImage =>
  parseResource(NodeImage, u, {
    apiVersion: apiVersionOf(nodeImageResource, 'v1alpha1'),
    kind: 'NodeImage',
  });
