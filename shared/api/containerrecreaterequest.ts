/**
 * ContainerRecreateRequest, apps.kruise.io/v1alpha1, namespaced, short name
 * crr (SPEC.md §4; kruise@v1.7.4:apis/apps/v1alpha1/containerrecreaterequest_types.go).
 * `strategy.failurePolicy` stays a plain string: OpenKruise's webhook answers
 * `unknown failurePolicy <p>` for it.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ContainerPort, ExecAction, HTTPGetAction, TCPSocketAction } from './core/core-v1.js';
import { parseResource } from './parse.js';
import {
  AGE_COLUMN,
  KRUISE_GROUP,
  apiVersionOf,
  objectSchema,
  type ResourceDefinition,
} from './resource.js';
import { Int32, Int64, StringEnum, Time } from './schema-kit.js';

export const CrrPhase = StringEnum(['Pending', 'Recreating', 'Succeeded', 'Failed', 'Completed']);
export type CrrPhase = Static<typeof CrrPhase>;

export const CrrContainer = Type.Object({
  name: Type.String(),
  /** Run before stopping the container (filled from the pod by the webhook). */
  preStop: Type.Optional(
    Type.Object({
      exec: Type.Optional(ExecAction),
      httpGet: Type.Optional(HTTPGetAction),
      tcpSocket: Type.Optional(TCPSocketAction),
    }),
  ),
  ports: Type.Optional(Type.Array(ContainerPort)),
  statusContext: Type.Optional(Type.Object({ containerID: Type.String(), restartCount: Int32() })),
});
export type CrrContainer = Static<typeof CrrContainer>;

export const ContainerRecreateRequestSpec = Type.Object({
  podName: Type.String(),
  containers: Type.Array(CrrContainer),
  strategy: Type.Optional(
    Type.Object({
      failurePolicy: Type.Optional(Type.String()),
      orderedRecreate: Type.Optional(Type.Boolean()),
      forceRecreate: Type.Optional(Type.Boolean()),
      terminationGracePeriodSeconds: Type.Optional(Int64()),
      unreadyGracePeriodSeconds: Type.Optional(Int64()),
      minStartedSeconds: Type.Optional(Int32()),
    }),
  ),
  activeDeadlineSeconds: Type.Optional(Int64()),
  ttlSecondsAfterFinished: Type.Optional(Int32()),
});
export type ContainerRecreateRequestSpec = Static<typeof ContainerRecreateRequestSpec>;

export const ContainerRecreateRequestStatus = Type.Object({
  phase: CrrPhase,
  completionTime: Type.Optional(Time()),
  message: Type.Optional(Type.String()),
  containerRecreateStates: Type.Optional(
    Type.Array(
      Type.Object({
        name: Type.String(),
        phase: CrrPhase,
        message: Type.Optional(Type.String()),
        isKilled: Type.Optional(Type.Boolean()),
      }),
    ),
  ),
});
export type ContainerRecreateRequestStatus = Static<typeof ContainerRecreateRequestStatus>;

export const ContainerRecreateRequest = objectSchema(
  ContainerRecreateRequestSpec,
  ContainerRecreateRequestStatus,
);
export type ContainerRecreateRequest = Static<typeof ContainerRecreateRequest>;

export const containerRecreateRequestResource: ResourceDefinition = {
  group: KRUISE_GROUP,
  kind: 'ContainerRecreateRequest',
  listKind: 'ContainerRecreateRequestList',
  plural: 'containerrecreaterequests',
  singular: 'containerrecreaterequest',
  shortNames: ['crr'],
  scope: 'Namespaced',
  versions: [
    {
      name: 'v1alpha1',
      schema: ContainerRecreateRequest,
      served: true,
      storage: true,
      printerColumns: [
        { name: 'PHASE', type: 'string', jsonPath: '.status.phase' },
        { name: 'POD', type: 'string', jsonPath: '.spec.podName' },
        {
          name: 'NODE',
          type: 'string',
          jsonPath: '.metadata.labels.crr\\.apps\\.kruise\\.io/node-name',
        },
        AGE_COLUMN,
      ],
    },
  ],
};

/** @throws InvalidError listing every field of `u` that is not a valid ContainerRecreateRequest. */
export const parseContainerRecreateRequest = (u: unknown): ContainerRecreateRequest =>
  parseResource(ContainerRecreateRequest, u, {
    apiVersion: apiVersionOf(containerRecreateRequestResource, 'v1alpha1'),
    kind: 'ContainerRecreateRequest',
  });

/** apis/apps/v1alpha1 ContainerRecreateRequest label and annotation keys. */
export const CRR_POD_UID_KEY = 'crr.apps.kruise.io/pod-uid';
export const CRR_NODE_NAME_KEY = 'crr.apps.kruise.io/node-name';
export const CRR_ACTIVE_KEY = 'crr.apps.kruise.io/active';
export const CRR_UNREADY_ACQUIRED_KEY = 'crr.apps.kruise.io/unready-acquired';

/** The pod condition the job sidecar terminator sets on a pod it made terminal. */
export const SIDECAR_TERMINATED = 'SidecarTerminated';
