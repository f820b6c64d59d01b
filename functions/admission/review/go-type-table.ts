/**
 * A GoType taken from Go itself rather than derived from our schemas: the
 * oracle's `go-type` subcommand walks the Go type with reflect (JSON field
 * names, defined type names, types with their own UnmarshalJSON) and
 * infra/go-oracle/write-tables.ts writes it as a table (pod-go-types.ts).
 */
import type { GoScalar, GoType } from './go-type.js';

export interface GoTypeTable {
  readonly root: string;
  /** One line per struct: `<name> <json field>:<type> …`, fields in declaration order. */
  readonly structs: readonly string[];
  /** One line per defined non-struct type: `<name>=<underlying type>`. */
  readonly named: readonly string[];
  /** One line per type with its own UnmarshalJSON: `<name>=<intOrString|quantity|time|any>`. */
  readonly unmarshalers: readonly string[];
}

const SCALARS = new Set<string>(['string', 'bool', 'int', 'int32', 'int64', 'float64']);
const UNMARSHALERS = new Set<string>(['intOrString', 'quantity', 'time', 'any']);

const pairs = (lines: readonly string[]): Map<string, string> =>
  new Map(
    lines.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

/**
 * The GoType of a table's root. A type expression is a name, `[]<type>` or
 * `map[<key>]<type>`; pointers are left out, they decode as what they point to.
 */
export function goTypeFromTable(table: GoTypeTable): GoType {
  const structs = new Map(
    table.structs.map((line) => {
      const [name = '', ...fields] = line.split(' ');
      return [name, fields.map((f) => [f.slice(0, f.indexOf(':')), f.slice(f.indexOf(':') + 1)])];
    }),
  );
  const named = pairs(table.named);
  const unmarshalers = pairs(table.unmarshalers);
  const built = new Map<string, GoType>();

  const of = (expr: string): GoType => {
    if (expr.startsWith('[]')) return { kind: 'slice', elem: of(expr.slice(2)) };
    if (expr.startsWith('map[')) {
      const end = expr.indexOf(']');
      const key = expr.slice(4, end);
      return { kind: 'map', elem: of(expr.slice(end + 1)), ...(key !== 'string' && { key }) };
    }
    const behaviour = unmarshalers.get(expr);
    if (behaviour !== undefined) {
      if (!UNMARSHALERS.has(behaviour)) throw new Error(`${expr}: unknown behaviour ${behaviour}`);
      return { kind: behaviour as 'intOrString' | 'quantity' | 'time' | 'any' };
    }
    const underlying = named.get(expr);
    if (underlying !== undefined) return { ...of(underlying), name: expr } as GoType;
    if (SCALARS.has(expr)) return { kind: 'scalar', go: expr as GoScalar };
    const fields = structs.get(expr);
    if (fields === undefined) throw new Error(`${expr}: not in the type table`);
    const known = built.get(expr);
    if (known !== undefined) return known;
    const members = new Map<string, GoType>();
    const type: GoType = { kind: 'struct', name: expr, fields: members };
    built.set(expr, type);
    for (const [field = '', fieldType = ''] of fields) members.set(field, of(fieldType));
    return type;
  };

  return of(table.root);
}
