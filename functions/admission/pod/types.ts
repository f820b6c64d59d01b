/**
 * Structural types of what the pod webhook reads, with OpenKruise's field
 * names (apps.kruise.io/v1alpha1 SidecarSet). Local until `shared/api/`
 * provides the schema-derived SidecarSet type.
 */
import type {
  V1Container,
  V1LabelSelector,
  V1LocalObjectReference,
  V1ObjectFieldSelector,
  V1Volume,
} from '@kubernetes/client-node';

export interface TransferEnvVar {
  sourceContainerName?: string;
  sourceContainerNameFrom?: { fieldRef?: V1ObjectFieldSelector };
  envName?: string;
  envNames?: string[];
}

export interface SidecarContainer extends V1Container {
  podInjectPolicy?: string;
  upgradeStrategy?: { upgradeType?: string; hotUpgradeEmptyImage?: string };
  shareVolumePolicy?: { type?: string };
  transferEnv?: TransferEnvVar[];
}

export interface SidecarSetInjectRevision {
  customVersion?: string;
  revisionName?: string;
  policy?: string;
}

export interface SidecarSetSpec {
  selector?: V1LabelSelector;
  namespace?: string;
  namespaceSelector?: V1LabelSelector;
  initContainers?: SidecarContainer[];
  containers?: SidecarContainer[];
  volumes?: V1Volume[];
  injectionStrategy?: { paused?: boolean; revision?: SidecarSetInjectRevision };
  imagePullSecrets?: V1LocalObjectReference[];
  patchPodMetadata?: { annotations?: Record<string, string>; patchPolicy?: string }[];
  [field: string]: unknown;
}

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  resourceVersion?: string;
  [field: string]: unknown;
}

export interface SidecarSet {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: SidecarSetSpec;
  status?: { latestRevision?: string; [field: string]: unknown };
}

/** apps/v1 ControllerRevision, as far as SidecarSet revisions use it. */
export interface ControllerRevision {
  metadata?: ObjectMeta & { creationTimestamp?: string };
  data?: unknown;
  revision?: number;
}
