/**
 * The I/O the certs sync needs, bound to one installation (namespace and
 * Secret name). kube-io.ts implements it with the shared Kubernetes client;
 * unit tests use the in-memory one. Failures are shared/kube's classified
 * errors, so the reconcile shell re-observes on ConflictError,
 * AlreadyExistsError and NotFoundError.
 */
import type { BundleWrite, ObservedBundles } from './observed.js';
import type { ObservedSecret } from './plan-secret.js';

export interface CertsIO {
  readSecret(): Promise<ObservedSecret | undefined>;
  /** Creates the Secret; AlreadyExistsError when it exists. Returns the new resourceVersion. */
  createSecret(data: Record<string, string>): Promise<string>;
  /** Writes these data keys if the Secret is still at resourceVersion; ConflictError if not. */
  updateSecret(resourceVersion: string, data: Record<string, string>): Promise<string>;
  readBundles(): Promise<ObservedBundles>;
  /** Replaces the object, its metadata.resourceVersion as precondition; ConflictError on 409. */
  write(change: BundleWrite): Promise<void>;
}
