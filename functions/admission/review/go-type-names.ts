/**
 * Go names of the structs our schemas describe, for decode messages that read
 * like OpenKruise's (`Go struct field SidecarSetSpec.spec.containers`). Core
 * and meta schemas are generated from the Kubernetes OpenAPI, so their export
 * names are the Go names (package `v1`); Kruise names come from
 * kruise@v1.7.4:apis/apps/{v1alpha1,v1beta1,pub}.
 */
import type { TSchema } from '@sinclair/typebox';
import * as coreV1 from '../../../shared/api/core/core-v1.js';
import * as meta from '../../../shared/api/core/meta.js';
import * as crr from '../../../shared/api/containerrecreaterequest.js';
import * as imagePullJob from '../../../shared/api/imagepulljob.js';
import * as nodeImage from '../../../shared/api/nodeimage.js';
import * as sidecarSet from '../../../shared/api/sidecarset.js';
import * as statefulSet from '../../../shared/api/statefulset.js';
import * as statefulSetV1alpha1 from '../../../shared/api/statefulset-v1alpha1.js';
import { UpdatePriorityStrategy } from '../../../shared/api/update-priority.js';
import type { GoNames, GoStructName } from './go-type.js';

const kruise = (name: string): GoStructName => ({ pkg: 'kruise', name });
const pub = (name: string): GoStructName => ({ pkg: 'pub', name });

const isObjectSchema = (v: unknown): v is TSchema & { properties: object } =>
  typeof v === 'object' && v !== null && typeof (v as TSchema)['properties'] === 'object';

const byProperties = new Map<object, GoStructName>();
for (const [name, value] of [...Object.entries(coreV1), ...Object.entries(meta)]) {
  if (!isObjectSchema(value)) continue;
  // Embedded template metadata is a plain metav1.ObjectMeta in Go.
  byProperties.set(value.properties, {
    pkg: 'v1',
    name: name === 'EmbeddedObjectMeta' ? 'ObjectMeta' : name,
  });
}

const kruiseStructs: [TSchema & { properties: object }, GoStructName][] = [
  [sidecarSet.SidecarSet, kruise('SidecarSet')],
  [sidecarSet.SidecarSetSpec, kruise('SidecarSetSpec')],
  [sidecarSet.SidecarSetStatus, kruise('SidecarSetStatus')],
  [sidecarSet.SidecarContainer, kruise('SidecarContainer')],
  [sidecarSet.TransferEnvVar, kruise('TransferEnvVar')],
  [sidecarSet.SidecarSetUpdateStrategy, kruise('SidecarSetUpdateStrategy')],
  [statefulSet.StatefulSet, kruise('StatefulSet')],
  [statefulSet.StatefulSetSpec, kruise('StatefulSetSpec')],
  [statefulSet.StatefulSetStatus, kruise('StatefulSetStatus')],
  [statefulSet.LifecycleHook, pub('LifecycleHook')],
  [statefulSetV1alpha1.StatefulSetV1alpha1, kruise('StatefulSet')],
  [statefulSetV1alpha1.StatefulSetSpecV1alpha1, kruise('StatefulSetSpec')],
  [statefulSetV1alpha1.StatefulSetStatusV1alpha1, kruise('StatefulSetStatus')],
  [statefulSetV1alpha1.StatefulSetUpdateStrategy, kruise('StatefulSetUpdateStrategy')],
  [
    statefulSetV1alpha1.RollingUpdateStatefulSetStrategy,
    kruise('RollingUpdateStatefulSetStrategy'),
  ],
  [statefulSetV1alpha1.StatefulSetCondition, { pkg: 'v1', name: 'StatefulSetCondition' }],
  [imagePullJob.ImagePullJob, kruise('ImagePullJob')],
  [imagePullJob.ImagePullJobSpec, kruise('ImagePullJobSpec')],
  [imagePullJob.ImagePullJobStatus, kruise('ImagePullJobStatus')],
  [imagePullJob.SandboxConfig, kruise('SandboxConfig')],
  [nodeImage.NodeImage, kruise('NodeImage')],
  [nodeImage.NodeImageSpec, kruise('NodeImageSpec')],
  [nodeImage.NodeImageStatus, kruise('NodeImageStatus')],
  [nodeImage.ImageSpec, kruise('ImageSpec')],
  [nodeImage.ImageTagSpec, kruise('ImageTagSpec')],
  [nodeImage.ImageTagStatus, kruise('ImageTagStatus')],
  [crr.ContainerRecreateRequest, kruise('ContainerRecreateRequest')],
  [crr.ContainerRecreateRequestSpec, kruise('ContainerRecreateRequestSpec')],
  [crr.ContainerRecreateRequestStatus, kruise('ContainerRecreateRequestStatus')],
  [crr.CrrContainer, kruise('ContainerRecreateRequestContainer')],
  [UpdatePriorityStrategy, pub('UpdatePriorityStrategy')],
];
for (const [schema, name] of kruiseStructs) byProperties.set(schema.properties, name);

/** Structs our schemas declare inline, by `<parent Go struct>.<json field>`. */
const byField = new Map<string, GoStructName>([
  ['SidecarContainer.upgradeStrategy', kruise('SidecarContainerUpgradeStrategy')],
  ['SidecarContainer.shareVolumePolicy', kruise('ShareVolumePolicy')],
  ['TransferEnvVar.sourceContainerNameFrom', kruise('SourceContainerNameSource')],
  ['UpdatePriorityStrategy.orderPriority', pub('UpdatePriorityOrderTerm')],
  ['UpdatePriorityStrategy.weightPriority', pub('UpdatePriorityWeightTerm')],
  ['SidecarSetUpdateStrategy.scatterStrategy', kruise('UpdateScatterTerm')],
  ['SidecarSetSpec.injectionStrategy', kruise('SidecarSetInjectionStrategy')],
  ['SidecarSetInjectionStrategy.revision', kruise('SidecarSetInjectRevision')],
  ['SidecarSetSpec.patchPodMetadata', kruise('SidecarSetPatchPodMetadata')],
  ['RollingUpdateStatefulSetStrategy.unorderedUpdate', kruise('UnorderedUpdateStrategy')],
  ['RollingUpdateStatefulSetStrategy.inPlaceUpdateStrategy', pub('InPlaceUpdateStrategy')],
  ['StatefulSetSpec.lifecycle', pub('Lifecycle')],
  ['StatefulSetSpec.scaleStrategy', kruise('StatefulSetScaleStrategy')],
  [
    'StatefulSetSpec.persistentVolumeClaimRetentionPolicy',
    kruise('StatefulSetPersistentVolumeClaimRetentionPolicy'),
  ],
  ['StatefulSetSpec.ordinals', kruise('StatefulSetOrdinals')],
  // ImagePullJobTemplate is embedded inline, so its fields belong to ImagePullJobSpec.
  ['ImagePullJobSpec.selector', kruise('ImagePullJobNodeSelector')],
  ['ImagePullJobSpec.podSelector', kruise('ImagePullJobPodSelector')],
  ['ImagePullJobSpec.pullPolicy', kruise('PullPolicy')],
  ['ImagePullJobSpec.completionPolicy', kruise('CompletionPolicy')],
  ['ImageSpec.pullSecrets', kruise('ReferenceObject')],
  ['ImageTagSpec.pullPolicy', kruise('ImageTagPullPolicy')],
  ['NodeImageStatus.imageStatuses', kruise('ImageStatus')],
  ['NodeImageStatus.firstSyncStatus', kruise('SyncStatus')],
  ['ContainerRecreateRequestContainer.preStop', kruise('ProbeHandler')],
  [
    'ContainerRecreateRequestContainer.statusContext',
    kruise('ContainerRecreateRequestContainerContext'),
  ],
  ['ContainerRecreateRequestSpec.strategy', kruise('ContainerRecreateRequestStrategy')],
  [
    'ContainerRecreateRequestStatus.containerRecreateStates',
    kruise('ContainerRecreateRequestContainerRecreateState'),
  ],
]);

export const goNames: GoNames = { byProperties, byField };
