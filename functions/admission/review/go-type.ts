/**
 * The Go type an OpenKruise handler decodes an admission object into, as far
 * as decoding cares: structs (named, with their JSON fields), slices, maps,
 * scalars, and the types with their own UnmarshalJSON (IntOrString,
 * Quantity, metav1.Time, raw fields). Derived once from our TypeBox schemas
 * (shared/api), which are generated from the same Go types.
 */
import { Kind, type TSchema } from '@sinclair/typebox';

export type GoScalar = 'string' | 'bool' | 'int' | 'int32' | 'int64' | 'float64';

export type GoType =
  | {
      readonly kind: 'struct';
      /** Qualified as reflect prints it: `v1alpha1.SidecarSet`. */
      readonly name: string;
      readonly fields: ReadonlyMap<string, GoType>;
    }
  | { readonly kind: 'slice'; readonly elem: GoType; readonly name?: string }
  /** `key`: the key type's name when it is not `string` (a defined string type). */
  | { readonly kind: 'map'; readonly elem: GoType; readonly key?: string; readonly name?: string }
  /** `name`: a defined type's name (`v1.RestartPolicy`), which decode errors print. */
  | { readonly kind: 'scalar'; readonly go: GoScalar; readonly name?: string }
  /** intstr.IntOrString: a string, else json.Unmarshal into its int32. */
  | { readonly kind: 'intOrString' }
  /** resource.Quantity: a string or a number, parsed as a quantity. */
  | { readonly kind: 'quantity' }
  /** metav1.Time: a string (RFC 3339). */
  | { readonly kind: 'time' }
  /** Anything decodes (runtime.RawExtension, FieldsV1, preserved unknown fields). */
  | { readonly kind: 'any' };

/** How a struct schema is named in Go; `kruise` is the package of the root kind's version. */
export interface GoStructName {
  readonly pkg: 'v1' | 'pub' | 'kruise';
  readonly name: string;
}

export interface GoNames {
  /** Named structs by their schema's `properties` object (shared by `Type.Optional` copies). */
  readonly byProperties: ReadonlyMap<object, GoStructName>;
  /** Inline structs by `<parent struct>.<json field>`. */
  readonly byField: ReadonlyMap<string, GoStructName>;
}

/** The Go type `schema` decodes into; `version` is the root kind's package (`v1alpha1`). */
export function goTypeOf(schema: TSchema, names: GoNames, version: string): GoType {
  const structs = new Map<object, GoType>();
  const unnamed: string[] = [];

  const structOf = (s: TSchema, parent: string, field: string): GoType => {
    const properties = s['properties'] as Record<string, TSchema>;
    const known = structs.get(properties);
    if (known !== undefined) return known;
    const named = names.byProperties.get(properties) ?? names.byField.get(`${parent}.${field}`);
    if (named === undefined) unnamed.push(`${parent}.${field}`);
    const bare = named?.name ?? `${field.charAt(0).toUpperCase()}${field.slice(1)}`;
    const pkg = named === undefined || named.pkg === 'kruise' ? version : named.pkg;
    const fields = new Map<string, GoType>();
    const type: GoType = { kind: 'struct', name: `${pkg}.${bare}`, fields };
    structs.set(properties, type);
    for (const [key, child] of Object.entries(properties)) fields.set(key, of(child, bare, key));
    return type;
  };

  const of = (s: TSchema, parent: string, field: string): GoType => {
    switch (s[Kind]) {
      case 'Object':
        return Object.keys(s['properties'] as object).length === 0
          ? { kind: 'any' }
          : structOf(s, parent, field);
      case 'Array':
        return { kind: 'slice', elem: of(s['items'] as TSchema, parent, field) };
      case 'Record': {
        const values = Object.values(s['patternProperties'] as Record<string, TSchema>);
        return {
          kind: 'map',
          elem: values[0] === undefined ? { kind: 'any' } : of(values[0], parent, field),
        };
      }
      case 'String':
        return s['format'] === 'date-time' ? { kind: 'time' } : { kind: 'scalar', go: 'string' };
      case 'Literal':
        return typeof s['const'] === 'string' ? { kind: 'scalar', go: 'string' } : { kind: 'any' };
      case 'Integer': {
        const format = s['format'];
        return { kind: 'scalar', go: format === 'int32' || format === 'int64' ? format : 'int' };
      }
      case 'Number':
        return { kind: 'scalar', go: 'float64' };
      case 'Boolean':
        return { kind: 'scalar', go: 'bool' };
      case 'Union': {
        if (s['x-kubernetes-int-or-string'] === true) return { kind: 'intOrString' };
        if (s['x-kubernetes-preserve-unknown-fields'] === true) return { kind: 'quantity' };
        const members = s['anyOf'] as TSchema[];
        const strings = members.every(
          (m) => m[Kind] === 'Literal' && typeof m['const'] === 'string',
        );
        return strings ? { kind: 'scalar', go: 'string' } : { kind: 'any' };
      }
      default:
        return { kind: 'any' };
    }
  };

  const root = of(schema, '', '');
  if (unnamed.length > 0) unnamedStructs.set(root, unnamed);
  return root;
}

const unnamedStructs = new WeakMap<GoType, readonly string[]>();

/** Inline structs of a built type that no name table covered (`<parent>.<field>`), for tests. */
export const unnamedStructsOf = (type: GoType): readonly string[] => unnamedStructs.get(type) ?? [];

/** The type as Go's reflect prints it in decode errors (`[]v1.Container`, `map[string]string`). */
export function goTypeName(type: GoType): string {
  switch (type.kind) {
    case 'struct':
      return type.name;
    case 'slice':
      return type.name ?? `[]${goTypeName(type.elem)}`;
    case 'map':
      return type.name ?? `map[${type.key ?? 'string'}]${goTypeName(type.elem)}`;
    case 'scalar':
      return type.name ?? type.go;
    case 'intOrString':
      return 'intstr.IntOrString';
    case 'quantity':
      return 'resource.Quantity';
    case 'time':
      return 'v1.Time';
    case 'any':
      return 'interface {}';
  }
}
