import {
  REDACTED,
  SECRET_VALUE_FIELDS,
  isRedactable,
  isSecretAnnotation,
  isSecretKey,
  isSecretObject,
} from './redact.js';

/** Nesting deeper than this is cut, so a pathological value cannot stall a log call. */
export const MAX_DEPTH = 32;
export const CIRCULAR = '[Circular]';
export const TOO_DEEP = '[Truncated]';

type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

/**
 * Turns any logged value into plain JSON data: errors become their message (as Go's
 * `err.Error()`, causes appended after `: `), secrets are redacted at any depth, cycles and
 * excess depth are marked, and values JSON cannot hold are converted or dropped.
 */
export function toLogValue(value: unknown): Plain | undefined {
  return walk(value, [], 0);
}

/** Go-style text of an error: its message followed by the messages of its causes. */
export function errorText(err: Error): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let i = 0; current !== undefined && current !== null && i < 8; i += 1) {
    if (current instanceof Error) {
      parts.push(current.message || current.name);
      current = current.cause;
    } else {
      parts.push(String(current));
      current = undefined;
    }
  }
  return parts.join(': ');
}

function walk(value: unknown, ancestors: object[], depth: number): Plain | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (typeof value !== 'object' || value === null) return null;
  if (value instanceof Error) return errorText(value);
  if (ancestors.includes(value)) return CIRCULAR;
  if (depth >= MAX_DEPTH) return TOO_DEEP;
  const inner = [...ancestors, value];
  if (hasToJSON(value)) return walk(value.toJSON(), inner, depth + 1);
  if (Array.isArray(value) || value instanceof Set) {
    return Array.from(value as Iterable<unknown>, (item) => walk(item, inner, depth + 1) ?? null);
  }
  const entries: Iterable<[unknown, unknown]> =
    value instanceof Map ? value.entries() : Object.entries(value);
  return walkObject(entries, inner, depth);
}

function walkObject(
  entries: Iterable<[unknown, unknown]>,
  ancestors: object[],
  depth: number,
): { [key: string]: Plain } {
  const source = Object.fromEntries(entries) as Record<string, unknown>;
  const secret = isSecretObject(source);
  const out: { [key: string]: Plain } = {};
  for (const [key, item] of Object.entries(source)) {
    let plain: Plain | undefined;
    if (isSecretKey(key) && isRedactable(item)) plain = REDACTED;
    else if (secret && isSecretValueField(key)) plain = redactValues(item);
    else if (secret && key === 'metadata') plain = redactMetadata(item, ancestors, depth + 1);
    else plain = walk(item, ancestors, depth + 1);
    if (plain !== undefined) out[key] = plain;
  }
  return out;
}

const isSecretValueField = (key: string): boolean =>
  (SECRET_VALUE_FIELDS as readonly string[]).includes(key);

/** `data`/`stringData` of a Secret: keep the keys, hide every value. */
function redactValues(value: unknown): Plain {
  if (typeof value !== 'object' || value === null) return isRedactable(value) ? REDACTED : null;
  return Object.fromEntries(Object.keys(value).map((key) => [key, REDACTED]));
}

function redactMetadata(value: unknown, ancestors: object[], depth: number): Plain | undefined {
  const plain = walk(value, ancestors, depth);
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) return plain;
  const annotations = plain.annotations;
  if (typeof annotations !== 'object' || annotations === null || Array.isArray(annotations)) {
    return plain;
  }
  const redacted = Object.fromEntries(
    Object.entries(annotations).map(([key, v]) => [key, isSecretAnnotation(key) ? REDACTED : v]),
  );
  return { ...plain, annotations: redacted };
}

function hasToJSON(value: object): value is { toJSON: () => unknown } {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}
