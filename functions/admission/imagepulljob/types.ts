/** The ImagePullJob fields admission reads (apps.kruise.io/v1alpha1), as plain JSON. */
import type { IntOrString } from '../../../shared/validation/int-or-string.js';
import type { LabelSelector } from '../../../shared/validation/label-selector.js';
import type { ObjectMetaLike } from '../../../shared/validation/object-meta.js';

export interface ImagePullJobSpec {
  image?: string;
  pullSecrets?: string[];
  selector?: (LabelSelector & { names?: string[] | null }) | null;
  podSelector?: LabelSelector | null;
  parallelism?: IntOrString | null;
  pullPolicy?: { timeoutSeconds?: number | null; backoffLimit?: number | null } | null;
  completionPolicy?: {
    type?: string;
    activeDeadlineSeconds?: number | null;
    ttlSecondsAfterFinished?: number | null;
  };
  sandboxConfig?: { labels?: Record<string, string>; annotations?: Record<string, string> } | null;
  imagePullPolicy?: string;
}

export interface ImagePullJob {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMetaLike;
  spec?: ImagePullJobSpec;
  status?: unknown;
}
