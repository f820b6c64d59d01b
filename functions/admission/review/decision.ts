/**
 * The contract between the admission HTTP shell and the pure admission
 * decisions. The shell decodes an AdmissionReview into an AdmissionInput,
 * fetches whatever data a decision needs (SidecarSets, namespaces, …), calls
 * the pure decision, and encodes the Decision: for a mutation it diffs the
 * raw incoming object against `object` into a JSONPatch, so fields we do not
 * model survive.
 */
export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export interface GroupVersionResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
}

export interface AdmissionInput<T> {
  readonly uid: string;
  readonly operation: Operation;
  readonly kind: GroupVersionKind;
  readonly resource: GroupVersionResource;
  readonly subResource?: string;
  /** request.namespace ('' for cluster-scoped objects). */
  readonly namespace: string;
  /** request.name ('' when the object only has generateName). */
  readonly name: string;
  /** The new object (CREATE/UPDATE); for DELETE, the shell puts oldObject here too. */
  readonly object: T;
  readonly oldObject?: T;
  readonly dryRun?: boolean;
}

export type Decision =
  | {
      readonly allowed: true;
      /** The mutated object; absent or deep-equal to the input => no patch. */
      readonly object?: unknown;
      readonly reason?: string;
      readonly warnings?: readonly string[];
    }
  | {
      readonly allowed: false;
      /** status.code of the AdmissionResponse (OpenKruise: SidecarSet 500, StatefulSet 422, gates 403, …). */
      readonly code: number;
      /** status.message, exactly OpenKruise's text. */
      readonly message: string;
      readonly reason?: string;
    };

export const allow = (object?: unknown, reason?: string): Decision =>
  object === undefined && reason === undefined
    ? { allowed: true }
    : {
        allowed: true,
        ...(object !== undefined && { object }),
        ...(reason !== undefined && { reason }),
      };

export const deny = (code: number, message: string): Decision => ({
  allowed: false,
  code,
  message,
});
