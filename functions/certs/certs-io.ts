/**
 * The I/O the certs sync needs, bound to one installation (namespace and
 * Secret name). kube-io.ts implements it with the Kubernetes client; tests
 * may use an in-memory one.
 */
import { KruiseFnError } from '../../shared/errors.js';
import type { BundleWrite, ObservedBundles } from './observed.js';
import type { ObservedSecret } from './plan-secret.js';

/** A write lost an optimistic-concurrency race (409): re-read and re-plan. */
export class ConflictError extends KruiseFnError {
  override readonly code: number = 409;
}

export interface CertsIO {
  readSecret(): Promise<ObservedSecret | undefined>;
  /** Creates the Secret; ConflictError when it already exists. Returns the new resourceVersion. */
  createSecret(data: Record<string, string>): Promise<string>;
  /** Writes these data keys if the Secret is still at resourceVersion; ConflictError if not. */
  updateSecret(resourceVersion: string, data: Record<string, string>): Promise<string>;
  readBundles(): Promise<ObservedBundles>;
  /** Replaces the object, its metadata.resourceVersion as precondition; ConflictError on 409. */
  write(change: BundleWrite): Promise<void>;
}
