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
import { QUANTITY_PATTERN } from './go-decode.js';
import type { GoType } from './go-type.js';

const INT32 = { minimum: -(2 ** 31), maximum: 2 ** 31 - 1 };
const INT64 = { minimum: -(2 ** 63), maximum: 2 ** 63 - 1 };

/** The type-only schema of `type`; shared subtrees stay shared. */
export function typeOnlySchema(type: GoType): TSchema {
  const memo = new Map<GoType, TSchema>();
  const nullable = new Map<GoType, TSchema>();

  const of = (t: GoType): TSchema => {
    const known = memo.get(t);
    if (known !== undefined) return known;
    const schema = bare(t);
    memo.set(t, schema);
    return schema;
  };
  const field = (t: GoType): TSchema => {
    const known = nullable.get(t);
    if (known !== undefined) return known;
    const schema = Type.Optional(Type.Union([of(t), Type.Null()]));
    nullable.set(t, schema);
    return schema;
  };

  const bare = (t: GoType): TSchema => {
    switch (t.kind) {
      case 'struct': {
        const properties: Record<string, TSchema> = {};
        for (const [key, type] of t.fields) properties[key] = field(type);
        return Type.Object(properties);
      }
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
        // Go trims the text before matching; leading/trailing blanks are rare enough to
        // leave to the slow path, which trims as Go does.
        return Type.Union([Type.Number(), Type.String({ pattern: QUANTITY_PATTERN })]);
      case 'time':
        return Type.String();
      case 'any':
        return Type.Unknown();
    }
  };

  return of(type);
}
