/**
 * json.Marshal of a Go value decoded from JSON, driven by an encode table
 * taken from Go by reflection (`go-oracle encode-type`): struct fields in
 * declaration order, `omitempty` dropping false/0/""/nil/empty, non-pointer
 * structs always written, zero values for absent non-omitempty fields, nil
 * slices and maps as `null`, unknown fields dropped, and the types with their
 * own MarshalJSON (Quantity, IntOrString, metav1.Time, FieldsV1).
 */
import { canonicalQuantity } from './quantity.js';
import { normalizeTimestamp } from './upgrade-spec.js';
import { isJsonObject } from '../json.js';
import { compareGoKeys, goCompact, goJsonString } from '../go/json.js';

/** Per struct name: `<json name>:<type>[,omitempty]`, in declaration order. */
export interface GoEncodeTable {
  readonly root: string;
  readonly structs: Readonly<Record<string, readonly string[]>>;
}

interface Field {
  readonly name: string;
  readonly type: string;
  readonly omitempty: boolean;
}

const parsedFields = new WeakMap<GoEncodeTable, Map<string, readonly Field[]>>();

function fieldsOf(table: GoEncodeTable, struct: string): readonly Field[] {
  let byStruct = parsedFields.get(table);
  if (byStruct === undefined) parsedFields.set(table, (byStruct = new Map()));
  let fields = byStruct.get(struct);
  if (fields === undefined) {
    fields = (table.structs[struct] ?? []).map((entry) => {
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

/** Structs (and the marshaler types, all structs) are never empty to omitempty. */
const isValueStruct = (type: string): boolean =>
  !type.startsWith('*') &&
  !type.startsWith('[]') &&
  !type.startsWith('map[') &&
  type !== 'string' &&
  type !== 'bool' &&
  type !== 'int';

function encode(table: GoEncodeTable, type: string, value: unknown): string {
  const absent = value === undefined || value === null;
  if (type.startsWith('*')) return absent ? 'null' : encode(table, type.slice(1), value);
  if (type.startsWith('[]')) {
    if (!Array.isArray(value)) return 'null';
    return `[${value.map((v: unknown) => encode(table, type.slice(2), v)).join(',')}]`;
  }
  if (type.startsWith('map[string]')) {
    if (!isJsonObject(value)) return 'null';
    const elem = type.slice('map[string]'.length);
    const keys = Object.keys(value).sort(compareGoKeys);
    return `{${keys.map((k) => `${goJsonString(k)}:${encode(table, elem, value[k])}`).join(',')}}`;
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
  return encodeStruct(table, type, isJsonObject(value) ? value : {});
}

function encodeStruct(
  table: GoEncodeTable,
  struct: string,
  value: Record<string, unknown>,
): string {
  const out: string[] = [];
  for (const field of fieldsOf(table, struct)) {
    const v = Object.hasOwn(value, field.name) ? value[field.name] : undefined;
    if (field.omitempty && isEmpty(field.type, v)) continue;
    out.push(`${goJsonString(field.name)}:${encode(table, field.type, v)}`);
  }
  return `{${out.join(',')}}`;
}

/** json.Marshal of the table's root type decoded from `value`. */
export const goEncode = (table: GoEncodeTable, value: unknown): string =>
  encode(table, table.root, value);
