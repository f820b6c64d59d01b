/**
 * Unknown input → typed resource, or an InvalidError that lists every bad
 * field by its dotted path (`spec.containers[0].image`), one entry per field.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import { ValueErrorType, Value, type ValueError } from '@sinclair/typebox/value';
import { InvalidError, type FieldError } from '../errors.js';
import './schema-kit.js'; // registers the string formats the schemas use

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** JSON Pointer (`/spec/containers/0/name`) → `spec.containers[0].name`, read against `root`. */
export function toFieldPath(pointer: string, root: unknown): string {
  const segments = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  let path = '';
  let node: unknown = root;
  for (const seg of segments) {
    if (Array.isArray(node)) path += `[${seg}]`;
    else if (IDENTIFIER.test(seg)) path += path === '' ? seg : `.${seg}`;
    else path += `[${seg}]`;
    node =
      node !== null && typeof node === 'object'
        ? (node as Record<string, unknown>)[seg]
        : undefined;
  }
  return path;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

const show = (v: unknown): string =>
  typeof v === 'object' && v !== null ? jsonType(v) : JSON.stringify(v);

/** `const` values of a union of literals (an enum), else undefined. */
function enumValues(schema: TSchema): string[] | undefined {
  const anyOf: unknown = schema['anyOf'];
  if (!Array.isArray(anyOf)) return undefined;
  const values = anyOf.map((m: TSchema) => m['const'] as unknown);
  return values.every((v) => typeof v === 'string') ? (values as string[]) : undefined;
}

function unionTypes(schema: TSchema): string {
  const anyOf: unknown = schema['anyOf'];
  const names = Array.isArray(anyOf) ? anyOf.map((m: TSchema) => String(m['type'])) : [];
  return names.join(' or ');
}

/** A sentence for one TypeBox error, in the project's "value and allowed set" style. */
function detailOf(e: ValueError): string {
  const { schema, value } = e;
  // A key holding `undefined` (only possible from JS callers) is a missing field.
  if (value === undefined) return 'Required value';
  switch (e.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return 'Required value';
    case ValueErrorType.Union: {
      const values = enumValues(schema);
      if (values !== undefined) return `${show(value)} is not one of ${values.join(', ')}`;
      return `must be ${unionTypes(schema)}, got ${jsonType(value)} ${show(value)}`;
    }
    case ValueErrorType.Integer:
    case ValueErrorType.Number:
    case ValueErrorType.String:
    case ValueErrorType.Boolean:
    case ValueErrorType.Array:
    case ValueErrorType.Object:
      return `must be ${String(schema['type'])}, got ${jsonType(value)} ${show(value)}`;
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.NumberMinimum:
      return `must be greater than or equal to ${String(schema['minimum'])}, got ${show(value)}`;
    case ValueErrorType.StringFormat:
      return `${show(value)} is not a valid ${String(schema['format'])}`;
    default:
      return e.message;
  }
}

/** Every bad field of `u` against `schema`, first problem per path. */
export function fieldErrors(schema: TSchema, u: unknown): FieldError[] {
  const byPath = new Map<string, string>();
  for (const e of Value.Errors(schema, u)) {
    const path = toFieldPath(e.path, u);
    if (!byPath.has(path)) byPath.set(path, detailOf(e));
  }
  return [...byPath].map(([path, detail]) => ({ path: path === '' ? '<root>' : path, detail }));
}

export interface Expected {
  readonly apiVersion: string;
  readonly kind: string;
}

/**
 * Checks `u` against `schema` and returns it typed. `apiVersion` and `kind`,
 * when present (list items omit them), must be the expected ones.
 * @throws InvalidError listing every bad field.
 */
export function parseResource<T extends TSchema>(
  schema: T,
  u: unknown,
  expected: Expected,
): Static<T> {
  const errors: FieldError[] = [];
  if (u !== null && typeof u === 'object' && !Array.isArray(u)) {
    const obj = u as Record<string, unknown>;
    for (const key of ['apiVersion', 'kind'] as const) {
      const got = obj[key];
      if (got !== undefined && got !== expected[key]) {
        errors.push({ path: key, detail: `${show(got)} is not one of ${expected[key]}` });
      }
    }
  }
  errors.push(...fieldErrors(schema, u).filter((f) => !errors.some((x) => x.path === f.path)));
  if (errors.length > 0) throw new InvalidError(errors);
  return u as Static<T>;
}
