/**
 * An object as an admission webhook sees it after Go decoded it
 * (shared/admission/object-decoder.ts): JSON `null` decodes, into a nil
 * pointer, slice or map or leaving a value field at its zero value, so any
 * optional field may hold `null` as well as be absent. The API server prunes
 * such nulls before it stores a custom resource, so stored objects (what a
 * controller reads) are the plain schema type, which is assignable to this:
 * code typed on `GoDecoded<SidecarSet>` takes either.
 */
export type GoDecoded<T> = T extends readonly (infer E)[]
  ? GoDecoded<E>[]
  : T extends object
    ? { [K in keyof T]: undefined extends T[K] ? GoDecoded<T[K]> | null : GoDecoded<T[K]> }
    : T;
