/**
 * The Go encoding of the Kubernetes and Kruise types: json.Marshal of a
 * value Go decoded from JSON, driven by the table taken from the Go types by
 * reflection (`go-oracle encode-types`, go-encoding-table.ts): struct fields
 * in declaration order (embedded structs flattened), `omitempty` dropping
 * false/0/""/nil/empty, value-typed structs always written, absent fields
 * without omitempty written as their zero value (a nil pointer, slice or
 * map as `null`), unknown fields dropped, and the types with their own
 * MarshalJSON: resource.Quantity (canonical form), intstr.IntOrString,
 * metav1.Time (UTC seconds, `null` when zero) and FieldsV1.
 */
import { canonicalQuantity } from '../sidecarset/quantity.js';
import { normalizeTimestamp } from '../sidecarset/upgrade-spec.js';
import { isJsonObject } from '../json.js';
import { compareGoKeys, goCompact, goJsonString } from '../go/json.js';
import { GO_STRUCTS, type GoRoot } from './go-encoding-table.js';

export type { GoRoot } from './go-encoding-table.js';

/** Per struct name: `<json name>:<type>[,omitempty]`, in declaration order. */
export type GoStructs = Readonly<Record<string, readonly string[]>>;

interface Field {
  readonly name: string;
  readonly type: string;
  readonly omitempty: boolean;
}

const parsedFields = new WeakMap<GoStructs, Map<string, readonly Field[]>>();

function fieldsOf(structs: GoStructs, struct: string): readonly Field[] {
  let byStruct = parsedFields.get(structs);
  if (byStruct === undefined) parsedFields.set(structs, (byStruct = new Map()));
  let fields = byStruct.get(struct);
  if (fields === undefined) {
    const entries = structs[struct];
    if (entries === undefined) throw new Error(`${struct} is not in the Go encoding table`);
    fields = entries.map((entry) => {
      const colon = entry.indexOf(':');
      const rest = entry.slice(colon + 1);
      const omitempty = rest.endsWith(',omitempty');
      return {
        name: entry.slice(0, colon),
        type: omitempty ? rest.slice(0, -',omitempty'.length) : rest,
        omitempty,
      };
    });
    byStruct.set(struct, fields);
  }
  return fields;
}

const SCALARS = new Set(['string', 'bool', 'int']);

/** Structs (and the marshaler types, all structs) are never empty to omitempty. */
const isValueStruct = (type: string): boolean =>
  !type.startsWith('*') && !type.startsWith('[]') && !type.startsWith('map[') && !SCALARS.has(type);

/** Go's "empty value" of omitempty, for the value Go decoded from `value`. */
function isEmpty(type: string, value: unknown): boolean {
  if (value === undefined || value === null) return !isValueStruct(type);
  if (type.startsWith('*')) return false;
  if (type.startsWith('[]')) return !Array.isArray(value) || value.length === 0;
  if (type.startsWith('map[')) return !isJsonObject(value) || Object.keys(value).length === 0;
  if (type === 'string') return value === '';
  if (type === 'bool') return value !== true;
  if (type === 'int') return value === 0;
  return false;
}

function encode(structs: GoStructs, type: string, value: unknown): string {
  const absent = value === undefined || value === null;
  if (type.startsWith('*')) return absent ? 'null' : encode(structs, type.slice(1), value);
  if (type.startsWith('[]')) {
    if (!Array.isArray(value)) return 'null';
    return `[${value.map((v: unknown) => encode(structs, type.slice(2), v)).join(',')}]`;
  }
  if (type.startsWith('map[string]')) {
    if (!isJsonObject(value)) return 'null';
    const elem = type.slice('map[string]'.length);
    const keys = Object.keys(value).sort(compareGoKeys);
    return `{${keys.map((k) => `${goJsonString(k)}:${encode(structs, elem, value[k])}`).join(',')}}`;
  }
  switch (type) {
    case 'string':
      return goJsonString(typeof value === 'string' ? value : '');
    case 'bool':
      return value === true ? 'true' : 'false';
    case 'int':
      return String(typeof value === 'number' ? value : 0);
    case 'quantity':
      return goJsonString(canonicalQuantity(absent ? '0' : value));
    case 'intOrString':
      return typeof value === 'string' ? goJsonString(value) : String(value ?? 0);
    case 'time': {
      const ts = typeof value === 'string' ? normalizeTimestamp(value) : null;
      return ts === null || ts === undefined ? 'null' : goJsonString(ts);
    }
    case 'raw':
      // FieldsV1 writes its raw bytes, which encoding/json compacts.
      return absent ? 'null' : goCompact(JSON.stringify(value));
  }
  return encodeStruct(structs, type, isJsonObject(value) ? value : {});
}

function encodeStruct(structs: GoStructs, struct: string, value: Record<string, unknown>): string {
  const out: string[] = [];
  for (const field of fieldsOf(structs, struct)) {
    const v = Object.hasOwn(value, field.name) ? value[field.name] : undefined;
    if (field.omitempty && isEmpty(field.type, v)) continue;
    out.push(`${goJsonString(field.name)}:${encode(structs, field.type, v)}`);
  }
  return `{${out.join(',')}}`;
}

/** json.Marshal of the struct `struct` of `structs` decoded from `value` (tests pin rules with their own tables). */
export const goMarshalWith = (structs: GoStructs, struct: string, value: unknown): string =>
  encode(structs, struct, value);

/** json.Marshal of the Go type `type` (k8s.io/api v0.28.9, kruise v1.7.4) decoded from `value`. */
export const goMarshalAs = (type: GoRoot, value: unknown): string =>
  encode(GO_STRUCTS, type, value);
