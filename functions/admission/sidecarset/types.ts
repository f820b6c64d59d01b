/**
 * The SidecarSet fields admission reads (apps.kruise.io/v1alpha1, OpenKruise
 * field names), as plain JSON. Unknown fields pass through untouched.
 */
import type { V1Container, V1Volume } from '@kubernetes/client-node';
import type { LabelSelector } from '../../../shared/validation/label-selector.js';
import type { ObjectMetaLike } from '../../../shared/validation/object-meta.js';
import type { IntOrString } from '../../../shared/validation/int-or-string.js';

export interface TransferEnvVar {
  sourceContainerName?: string;
  sourceContainerNameFrom?: { fieldRef?: { apiVersion?: string; fieldPath?: string } };
  envName?: string;
  envNames?: string[];
}

export type SidecarContainer = V1Container & {
  podInjectPolicy?: string;
  upgradeStrategy?: { upgradeType?: string; hotUpgradeEmptyImage?: string };
  shareVolumePolicy?: { type?: string };
  transferEnv?: TransferEnvVar[];
};

export interface UpdatePriorityStrategy {
  weightPriority?: { weight?: number; matchSelector?: LabelSelector }[];
  orderPriority?: { orderedKey?: string }[];
}

export interface PatchPodMetadata {
  annotations?: Record<string, string>;
  patchPolicy?: string;
}

export interface SidecarSetInjectRevision {
  customVersion?: string | null;
  revisionName?: string | null;
  policy?: string;
}

export interface SidecarSetSpec {
  selector?: LabelSelector | null;
  namespace?: string;
  namespaceSelector?: LabelSelector | null;
  initContainers?: SidecarContainer[];
  containers?: SidecarContainer[];
  volumes?: V1Volume[];
  updateStrategy?: {
    type?: string;
    paused?: boolean;
    selector?: LabelSelector | null;
    partition?: IntOrString | null;
    maxUnavailable?: IntOrString | null;
    priorityStrategy?: UpdatePriorityStrategy | null;
    scatterStrategy?: { key?: string; value?: string }[] | null;
  };
  injectionStrategy?: { paused?: boolean; revision?: SidecarSetInjectRevision | null };
  imagePullSecrets?: { name?: string }[];
  revisionHistoryLimit?: number | null;
  patchPodMetadata?: PatchPodMetadata[];
}

export interface SidecarSet {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMetaLike;
  spec?: SidecarSetSpec;
  status?: unknown;
}
