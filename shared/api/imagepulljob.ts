/**
 * ImagePullJob, apps.kruise.io/v1alpha1, namespaced, no short names
 * (SPEC.md §6.1; kruise@v1.7.4:apis/apps/v1alpha1/imagepulljob_types.go).
 * `completionPolicy.type` stays a plain string: OpenKruise's webhook answers
 * `unknown type of completionPolicy: <type>` for it.
 */
import { Type, type Static } from '@sinclair/typebox';
import { LabelSelectorRequirement } from './core/meta.js';
import { parseResource } from './parse.js';
import {
  AGE_COLUMN,
  KRUISE_GROUP,
  apiVersionOf,
  objectSchema,
  type ResourceDefinition,
} from './resource.js';
import { Int32, Int64, IntOrString, StringEnum, StringMap, Time } from './schema-kit.js';

const atomic = { 'x-kubernetes-map-type': 'atomic' } as const;

/** Image pull settings a job and a NodeImage tag share. */
export const SandboxConfig = Type.Object({
  labels: Type.Optional(StringMap),
  annotations: Type.Optional(StringMap),
});
export type SandboxConfig = Static<typeof SandboxConfig>;

export const ImagePullPolicy = StringEnum(['Always', 'IfNotPresent']);
export type ImagePullPolicy = Static<typeof ImagePullPolicy>;

export const ImagePullJobSpec = Type.Object({
  image: Type.String(),
  pullSecrets: Type.Optional(Type.Array(Type.String())),
  /** Over NodeImage (= Node) labels; nil = all nodes. */
  selector: Type.Optional(
    Type.Object(
      {
        names: Type.Optional(Type.Array(Type.String())),
        matchLabels: Type.Optional(StringMap),
        matchExpressions: Type.Optional(Type.Array(LabelSelectorRequirement)),
      },
      atomic,
    ),
  ),
  /** Over pods in the job's namespace. */
  podSelector: Type.Optional(
    Type.Object(
      {
        matchLabels: Type.Optional(StringMap),
        matchExpressions: Type.Optional(Type.Array(LabelSelectorRequirement)),
      },
      atomic,
    ),
  ),
  parallelism: Type.Optional(IntOrString),
  pullPolicy: Type.Optional(
    Type.Object({
      timeoutSeconds: Type.Optional(Int32()),
      backoffLimit: Type.Optional(Int32()),
    }),
  ),
  completionPolicy: Type.Object({
    type: Type.Optional(Type.String()),
    activeDeadlineSeconds: Type.Optional(Int64()),
    ttlSecondsAfterFinished: Type.Optional(Int32()),
  }),
  sandboxConfig: Type.Optional(SandboxConfig),
  imagePullPolicy: Type.Optional(ImagePullPolicy),
});
export type ImagePullJobSpec = Static<typeof ImagePullJobSpec>;

export const ImagePullJobStatus = Type.Object({
  startTime: Type.Optional(Time()),
  completionTime: Type.Optional(Time()),
  desired: Int32(),
  active: Type.Optional(Int32()),
  succeeded: Type.Optional(Int32()),
  failed: Type.Optional(Int32()),
  message: Type.Optional(Type.String()),
  failedNodes: Type.Optional(Type.Array(Type.String())),
});
export type ImagePullJobStatus = Static<typeof ImagePullJobStatus>;

export const ImagePullJob = objectSchema(ImagePullJobSpec, ImagePullJobStatus);
export type ImagePullJob = Static<typeof ImagePullJob>;

export const imagePullJobResource: ResourceDefinition = {
  group: KRUISE_GROUP,
  kind: 'ImagePullJob',
  listKind: 'ImagePullJobList',
  plural: 'imagepulljobs',
  singular: 'imagepulljob',
  shortNames: [],
  scope: 'Namespaced',
  versions: [
    {
      name: 'v1alpha1',
      schema: ImagePullJob,
      served: true,
      storage: true,
      printerColumns: [
        { name: 'TOTAL', type: 'integer', jsonPath: '.status.desired' },
        { name: 'ACTIVE', type: 'integer', jsonPath: '.status.active' },
        { name: 'SUCCEED', type: 'integer', jsonPath: '.status.succeeded' },
        { name: 'FAILED', type: 'integer', jsonPath: '.status.failed' },
        AGE_COLUMN,
        { name: 'MESSAGE', type: 'string', jsonPath: '.status.message' },
      ],
    },
  ],
};

/** @throws InvalidError listing every field of `u` that is not a valid ImagePullJob. */
export const parseImagePullJob = (u: unknown): ImagePullJob =>
  parseResource(ImagePullJob, u, {
    apiVersion: apiVersionOf(imagePullJobResource, 'v1alpha1'),
    kind: 'ImagePullJob',
  });
