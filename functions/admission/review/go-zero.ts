/**
 * Go decodes a `null` item of a list, or value of a map, as the element
 * type's zero value (`containers: [null]` is one container with no fields).
 * The decisions read our objects through TypeScript types that have no
 * `null` elements, so they get the zero value Go's handlers would see.
 */
import type { GoType } from './go-type.js';

/** The zero value of `type` as Go marshals it. */
export function goZero(type: GoType): unknown {
  switch (type.kind) {
    case 'struct':
      return {};
    case 'scalar':
      return type.go === 'string' ? '' : type.go === 'bool' ? false : 0;
    case 'intOrString':
      return 0;
    case 'quantity':
      return '0';
    default:
      // nil slices and maps, zero metav1.Time, raw values.
      return null;
  }
}

/** `value` with every null list item and map value replaced by its zero value; same object if none. */
export function withGoZeros(type: GoType, value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (type.kind === 'struct') {
    if (Array.isArray(value)) return value;
    let out: Record<string, unknown> | undefined;
    for (const [key, child] of Object.entries(value)) {
      const field = type.fields.get(key);
      if (field === undefined) continue;
      const zeroed = withGoZeros(field, child);
      if (zeroed !== child) (out ??= { ...value })[key] = zeroed;
    }
    return out ?? value;
  }
  if (type.kind !== 'slice' && type.kind !== 'map') return value;
  const elem = type.elem;
  const zeroed = (child: unknown) => (child === null ? goZero(elem) : withGoZeros(elem, child));
  if (Array.isArray(value)) {
    const items = value.map(zeroed);
    return items.some((item, i) => item !== value[i]) ? items : value;
  }
  let out: Record<string, unknown> | undefined;
  for (const [key, child] of Object.entries(value)) {
    const z = zeroed(child);
    if (z !== child) (out ??= { ...value })[key] = z;
  }
  return out ?? value;
}
