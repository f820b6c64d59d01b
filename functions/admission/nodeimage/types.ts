/** The NodeImage fields admission reads (apps.kruise.io/v1alpha1), as plain JSON. */
import type { ObjectMetaLike } from '../../../shared/validation/object-meta.js';

export interface ImageTagSpec {
  tag?: string;
  createdAt?: string | null;
  version?: number;
  pullPolicy?: {
    timeoutSeconds?: number | null;
    backoffLimit?: number | null;
    ttlSecondsAfterFinished?: number | null;
    activeDeadlineSeconds?: number | null;
  } | null;
  imagePullPolicy?: string;
  ownerReferences?: unknown[];
}

export interface NodeImage {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMetaLike;
  spec?: {
    images?: Record<
      string,
      { pullSecrets?: unknown[]; tags?: ImageTagSpec[]; sandboxConfig?: unknown }
    >;
  };
  status?: {
    imageStatuses?: Record<string, { tags?: { tag?: string }[] }>;
    [field: string]: unknown;
  };
}
