/**
 * An object as an admission webhook sees it after Go decoded it
 * (functions/admission/review/object-decoder.ts): JSON `null` decodes, into a nil
 * pointer, slice or map or leaving a value field at its zero value, so an
 * optional field may hold `null` as well as be absent; enums are plain
 * strings, as Go has none and a mutating webhook sees the object before the
 * API server checks it against the CRD. Fields the schema requires stay
 * required here, as the decisions read them; where a decision builds an
 * object Go would hold as a zero struct it says so (`zeroStruct`).
 *
 * The API server prunes nulls before it stores a custom resource, so a
 * stored object (what a controller reads) is the plain schema type, which is
 * assignable to this: code typed on `GoDecoded<SidecarSet>` takes either.
 */
export type GoDecoded<T> = T extends string
  ? string
  : T extends readonly (infer E)[]
    ? GoDecoded<E>[]
    : T extends object
      ? { [K in keyof T]: undefined extends T[K] ? GoDecoded<T[K]> | null : GoDecoded<T[K]> }
      : T;

/**
 * Go's zero value of a struct, as JSON writes nothing of it: `{}`, even where
 * the schema requires fields (each is at its zero value, which `omitempty`
 * leaves out). Defaulting starts from it where OpenKruise's struct would.
 */
export const zeroStruct = <T extends object>(): T => ({}) as T;
