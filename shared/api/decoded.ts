/**
 * The kinds and parts the admission decisions read, as Go decoded them
 * (go-decoded.ts: any optional field may also be `null`). Derived from the
 * schema types, never written out: a stored object (what a controller reads)
 * is assignable to its decoded view, so shared code typed on these takes both.
 */
import type {
  ContainerRecreateRequest,
  ContainerRecreateRequestSpec,
  CrrContainer,
} from './containerrecreaterequest.js';
import type { ControllerRevision } from './core/apps-v1.js';
import type {
  Container,
  EnvVar,
  HTTPGetAction,
  LocalObjectReference,
  ObjectFieldSelector,
  PersistentVolumeClaim,
  Pod,
  PodSpec,
  Probe,
  Volume,
  VolumeMount,
} from './core/core-v1.js';
import type { LabelSelector, ObjectMeta } from './core/meta.js';
import type { GoDecoded } from './go-decoded.js';
import type { ImagePullJob, ImagePullJobSpec } from './imagepulljob.js';
import type { ImageTagSpec, NodeImage } from './nodeimage.js';
import type { SidecarContainer, SidecarSet, SidecarSetSpec, TransferEnvVar } from './sidecarset.js';
import type { StatefulSet, StatefulSetSpec } from './statefulset.js';
import type { UpdatePriorityStrategy } from './update-priority.js';

export type { GoDecoded } from './go-decoded.js';

export type DecodedPod = GoDecoded<Pod>;
export type DecodedPodSpec = GoDecoded<PodSpec>;
export type DecodedContainer = GoDecoded<Container>;
export type DecodedVolume = GoDecoded<Volume>;
export type DecodedVolumeMount = GoDecoded<VolumeMount>;
export type DecodedEnvVar = GoDecoded<EnvVar>;
export type DecodedProbe = GoDecoded<Probe>;
export type DecodedHTTPGetAction = GoDecoded<HTTPGetAction>;
export type DecodedLocalObjectReference = GoDecoded<LocalObjectReference>;
export type DecodedObjectFieldSelector = GoDecoded<ObjectFieldSelector>;
export type DecodedPersistentVolumeClaim = GoDecoded<PersistentVolumeClaim>;
export type DecodedLabelSelector = GoDecoded<LabelSelector>;
export type DecodedObjectMeta = GoDecoded<ObjectMeta>;
export type DecodedControllerRevision = GoDecoded<ControllerRevision>;

export type DecodedSidecarSet = GoDecoded<SidecarSet>;
export type DecodedSidecarSetSpec = GoDecoded<SidecarSetSpec>;
export type DecodedSidecarContainer = GoDecoded<SidecarContainer>;
export type DecodedTransferEnvVar = GoDecoded<TransferEnvVar>;
export type DecodedSidecarSetInjectRevision = NonNullable<
  NonNullable<DecodedSidecarSetSpec['injectionStrategy']>['revision']
>;
export type DecodedStatefulSet = GoDecoded<StatefulSet>;
export type DecodedStatefulSetSpec = GoDecoded<StatefulSetSpec>;
export type DecodedRollingUpdateStrategy = NonNullable<
  NonNullable<DecodedStatefulSetSpec['updateStrategy']>['rollingUpdate']
>;
export type DecodedUpdatePriorityStrategy = GoDecoded<UpdatePriorityStrategy>;
export type DecodedImagePullJob = GoDecoded<ImagePullJob>;
export type DecodedImagePullJobSpec = GoDecoded<ImagePullJobSpec>;
export type DecodedNodeImage = GoDecoded<NodeImage>;
export type DecodedImageTagSpec = GoDecoded<ImageTagSpec>;
export type DecodedImageTagStatus = NonNullable<
  NonNullable<NonNullable<DecodedNodeImage['status']>['imageStatuses']>[string]['tags']
>[number];
export type DecodedContainerRecreateRequest = GoDecoded<ContainerRecreateRequest>;
export type DecodedContainerRecreateRequestSpec = GoDecoded<ContainerRecreateRequestSpec>;
export type DecodedCrrContainer = GoDecoded<CrrContainer>;
