import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ObjectRef } from './object-ref.js';

/**
 * Child loggers for one admission request or one reconcile, carrying controller-runtime's
 * field names. Each returns a new child: the root is never changed.
 */

export interface GroupVersionResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
}

export interface AdmissionContext {
  /** The object under review (`{name, namespace}`; the name is empty for `generateName`). */
  readonly object: ObjectRef;
  readonly resource: GroupVersionResource;
  /** `request.userInfo.username`. */
  readonly user: string;
  /** `request.uid`. */
  readonly requestID: string;
}

/** controller-runtime's admission fields: `object`, `resource`, `user`, `requestID`. */
export const admissionLogger = (root: Logger, ctx: AdmissionContext): Logger =>
  root.child({
    object: ctx.object,
    resource: ctx.resource,
    user: ctx.user,
    requestID: ctx.requestID,
  });

export interface ReconcileContext {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** The controller's name; default the kind in lower case (`sidecarset`). */
  readonly controller?: string;
}

/**
 * controller-runtime's reconcile fields: `controller`, `controllerKind`,
 * `<Kind>: {name, namespace}` and a fresh `reconcileID` (injectable for tests).
 */
export const reconcileLogger = (
  root: Logger,
  ctx: ReconcileContext,
  reconcileID: string = randomUUID(),
): Logger =>
  root.child({
    controller: ctx.controller ?? ctx.kind.toLowerCase(),
    controllerKind: ctx.kind,
    [ctx.kind]: ctx.namespace ? { name: ctx.name, namespace: ctx.namespace } : { name: ctx.name },
    reconcileID,
  });
