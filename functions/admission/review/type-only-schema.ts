/**
 * A TypeBox schema accepting exactly what Go decodes into a GoType: types
 * only, no required/enum/minimum/pattern constraints (the apiserver already
 * validated the object, and OpenKruise's own checks answer with their own
 * messages), `null` for any field, unknown fields kept. Compiled once, it is
 * the cheap yes/no in front of every decision; go-decode.ts names a failure.
 *
 * A `null` item of a list or value of a map is refused here although Go
 * decodes it (as the zero value): such an object takes the slow path, which
 * hands the decision Go's zero value instead (go-zero.ts).
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { PLAIN_QUANTITY_PATTERN } from '../../../shared/sidecarset/quantity.js';
import type { GoType } from './go-type.js';

const PLAIN_TIME_PATTERN =
  '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$';

const INT32 = { minimum: -(2 ** 31), maximum: 2 ** 31 - 1 };
// 2 ** 63 - 1 is not a float64: the bound is the float 2 ** 63, excluded.
const INT64 = { minimum: -(2 ** 63), exclusiveMaximum: 2 ** 63 };

export interface TypeOnlySchema {
  readonly schema: TSchema;
  /**
   * One schema per Go struct, referenced by `$id`: the compiler then writes
   * one check function per struct instead of inlining PodSpec everywhere it
   * appears (a tenth of the code, and of the compile time).
   */
  readonly references: readonly TSchema[];
}

let nextId = 0;

/** The type-only schema of `type`. */
export function typeOnlySchema(type: GoType): TypeOnlySchema {
  const references: TSchema[] = [];
  const refs = new Map<GoType, TSchema>();

  const of = (t: GoType): TSchema => {
    if (t.kind !== 'struct') return bare(t);
    const known = refs.get(t);
    if (known !== undefined) return known;
    const $id = `go-type-${nextId++}`;
    const ref = Type.Ref($id);
    refs.set(t, ref);
    const properties: Record<string, TSchema> = {};
    for (const [key, fieldType] of t.fields) properties[key] = field(fieldType);
    references.push(Type.Object(properties, { $id }));
    return ref;
  };
  const field = (t: GoType): TSchema => Type.Optional(Type.Union([of(t), Type.Null()]));

  const bare = (t: GoType): TSchema => {
    switch (t.kind) {
      case 'struct':
        return of(t);
      case 'slice':
        return Type.Array(of(t.elem));
      case 'map':
        return Type.Record(Type.String(), of(t.elem));
      case 'scalar':
        switch (t.go) {
          case 'string':
            return Type.String();
          case 'bool':
            return Type.Boolean();
          case 'float64':
            return Type.Number();
          case 'int32':
            return Type.Integer(INT32);
          default:
            return Type.Integer(INT64);
        }
      case 'intOrString':
        return Type.Union([Type.String(), Type.Integer(INT32)]);
      case 'quantity':
        // Only texts ParseQuantity surely accepts; anything else (blanks, `.e-10`, `1.2.3`)
        // takes the slow path, which parses as Go does.
        return Type.Union([Type.Number(), Type.String({ pattern: PLAIN_QUANTITY_PATTERN })]);
      case 'time':
        // Only times time.Parse surely accepts; days 29-31 and the rest take the slow path.
        return Type.String({ pattern: PLAIN_TIME_PATTERN });
      case 'any':
        return Type.Unknown();
    }
  };

  return { schema: of(type), references };
}
