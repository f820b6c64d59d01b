/**
 * The error Go's JSON decoder (sigs.k8s.io/json, as controller-runtime's
 * admission.Decoder uses it) reports for a value it cannot decode into a Go
 * type, with the same text: `json: cannot unmarshal string into Go struct
 * field SidecarSetSpec.spec.containers of type []v1alpha1.SidecarContainer`.
 *
 * Go walks the document in order, skips a value of the wrong type and keeps
 * the first such error; unknown fields are ignored and `null` decodes into
 * anything. A type with its own UnmarshalJSON (IntOrString, Quantity, Time)
 * aborts the decode at once, so its error wins even over an earlier one.
 */
import { goTimeParseError } from '../../../shared/go/time.js';
import { quantityDecodeError } from '../../../shared/sidecarset/quantity.js';
import { goTypeName, type GoType } from './go-type.js';

/**
 * Bounds of the integer types, upper bound excluded: 2 ** 63 - 1 is not a
 * float64, and the float 2 ** 63 (what JSON.parse makes of 9223372036854775807)
 * overflows an int64 in Go.
 */
const INT_RANGES = {
  int32: [-(2 ** 31), 2 ** 31],
  int64: [-(2 ** 63), 2 ** 63],
  int: [-(2 ** 63), 2 ** 63],
} as const;

interface Context {
  /** Name of the struct holding the field being decoded (reflect's Name(), no package). */
  readonly struct: string;
  /** JSON names of the fields from the root, indices left out, as Go's FieldStack. */
  readonly fields: readonly string[];
}

/** Go's UnmarshalTypeError.Value for a JSON value of the wrong kind. */
function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return 'number';
  return typeof value === 'string' ? 'string' : 'object';
}

function unmarshalError(found: string, type: string, ctx: Context | undefined): string {
  return ctx === undefined
    ? `json: cannot unmarshal ${found} into Go value of type ${type}`
    : `json: cannot unmarshal ${found} into Go struct field ${ctx.struct}.${ctx.fields.join('.')} of type ${type}`;
}

/** The `number …` Value for an integer target, or undefined when `n` fits. */
function badInteger(n: number, go: keyof typeof INT_RANGES): string | undefined {
  const [min, max] = INT_RANGES[go];
  return Number.isInteger(n) && n >= min && n < max ? undefined : `number ${JSON.stringify(n)}`;
}

class HardError {
  constructor(readonly message: string) {}
}

const bareName = (qualified: string): string => qualified.slice(qualified.lastIndexOf('.') + 1);

/** The first soft error under `value`, or undefined; throws HardError for an aborting one. */
function decode(type: GoType, value: unknown, ctx: Context | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  switch (type.kind) {
    case 'any':
      return undefined;
    case 'struct': {
      if (jsonKind(value) !== 'object') return unmarshalError(jsonKind(value), type.name, ctx);
      let first: string | undefined;
      for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
        const field = type.fields.get(key);
        if (field === undefined) continue;
        const inner = { struct: bareName(type.name), fields: [...(ctx?.fields ?? []), key] };
        // Keep walking after the first error: a later aborting one replaces it.
        const err = decode(field, child, inner);
        first ??= err;
      }
      return first;
    }
    case 'slice':
    case 'map': {
      const want = type.kind === 'slice' ? 'array' : 'object';
      if (jsonKind(value) !== want) return unmarshalError(jsonKind(value), goTypeName(type), ctx);
      let first: string | undefined;
      for (const item of Object.values(value as object)) {
        const err = decode(type.elem, item, ctx);
        first ??= err;
      }
      return first;
    }
    case 'scalar': {
      const found = jsonKind(value);
      const go = type.go;
      const name = goTypeName(type);
      if (go === 'string' || go === 'bool' || go === 'float64') {
        const want = go === 'string' ? 'string' : go === 'bool' ? 'bool' : 'number';
        return found === want ? undefined : unmarshalError(found, name, ctx);
      }
      if (typeof value !== 'number') return unmarshalError(found, name, ctx);
      const bad = badInteger(value, go);
      return bad === undefined ? undefined : unmarshalError(bad, name, ctx);
    }
    case 'intOrString': {
      if (typeof value === 'string') return undefined;
      const bad = typeof value === 'number' ? badInteger(value, 'int32') : jsonKind(value);
      if (bad !== undefined) throw new HardError(unmarshalError(bad, 'int32', ctx));
      return undefined;
    }
    case 'quantity': {
      const error = quantityDecodeError(value);
      if (error !== undefined) throw new HardError(error);
      return undefined;
    }
    case 'time': {
      if (typeof value !== 'string')
        throw new HardError(unmarshalError(jsonKind(value), 'string', ctx));
      const error = goTimeParseError(value);
      if (error !== undefined) throw new HardError(error);
      return undefined;
    }
  }
}

/** Go's decode error for `value` as `type`, or undefined when it decodes. */
export function goDecodeError(type: GoType, value: unknown): string | undefined {
  try {
    return decode(type, value, undefined);
  } catch (err) {
    if (err instanceof HardError) return err.message;
    throw err;
  }
}
