/**
 * Object references, as klog's `KObj`/`KRef`: `{name, namespace}` with the namespace left out
 * when empty. JSON lines carry the object; text lines render it `ns/name` (or `name`).
 */

export interface ObjectRef {
  readonly name: string;
  readonly namespace?: string;
}

interface NameAndNamespace {
  readonly name?: string;
  readonly namespace?: string;
}

/** Anything with Kubernetes metadata, or a bare `{name, namespace}`. */
export type Referable = { readonly metadata?: NameAndNamespace } | NameAndNamespace;

/** The reference of a Kubernetes object (or of a `{name, namespace}` pair), as `klog.KObj`. */
export function kobj(obj: Referable | null | undefined): ObjectRef {
  if (obj === null || obj === undefined) return { name: '' };
  const source: NameAndNamespace =
    'metadata' in obj
      ? ((obj as { readonly metadata?: NameAndNamespace }).metadata ?? {})
      : (obj as NameAndNamespace);
  return toRef(source.namespace, source.name);
}

/**
 * `kref(obj)` is {@link kobj}; `kref(namespace, name)` is `klog.KRef(namespace, name)`.
 */
export function kref(namespace: string | undefined, name: string): ObjectRef;
export function kref(obj: Referable | null | undefined): ObjectRef;
export function kref(target: Referable | string | null | undefined, name?: string): ObjectRef {
  if (typeof target === 'string' || name !== undefined) {
    return toRef(typeof target === 'string' ? target : undefined, name);
  }
  return kobj(target);
}

const toRef = (namespace: string | undefined, name: string | undefined): ObjectRef =>
  namespace ? { name: name ?? '', namespace } : { name: name ?? '' };

/**
 * Whether a logged value has the shape of an object reference (a plain object holding a
 * string `name` and at most a string `namespace`). Text lines render such values `ns/name`.
 */
export function isObjectRef(value: unknown): value is ObjectRef {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const record = value as Record<string, unknown>;
  return (
    typeof record.name === 'string' &&
    keys.every((k) => k === 'name' || (k === 'namespace' && typeof record.namespace === 'string'))
  );
}

/** klog's `ObjectRef.String()`: `ns/name`, or `name` for cluster-scoped objects. */
export const refString = (ref: ObjectRef): string =>
  ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
