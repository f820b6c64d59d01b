/** Decoding JSON into Go `map[string]string` with Go's results and error texts. */
import { isJsonObject } from '../json.js';
import { goJsonSyntaxError } from './json-syntax.js';

/** The JSON kind names Go's UnmarshalTypeError uses. */
export function goJsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return 'number';
  return typeof value === 'string' ? 'string' : 'object';
}

/**
 * json.Unmarshal(text, &map[string]string{}): the map, or Go's error with the
 * entries the decoder had stored anyway (type errors do not stop it; a wrong
 * value is stored as ""). A JSON `null` document decodes to an empty map.
 */
export function parseGoStringMap(
  text: string,
):
  | { readonly map: Record<string, string> }
  | { readonly error: string; readonly partial: Record<string, string> } {
  const syntax = goJsonSyntaxError(text);
  if (syntax !== undefined) return { error: syntax, partial: {} };
  const doc: unknown = JSON.parse(text);
  if (doc === null) return { map: {} };
  if (!isJsonObject(doc)) {
    return {
      error: `json: cannot unmarshal ${goJsonKind(doc)} into Go value of type map[string]string`,
      partial: {},
    };
  }
  const map: Record<string, string> = {};
  let error: string | undefined;
  for (const [key, value] of Object.entries(doc)) {
    if (typeof value === 'string' || value === null) {
      map[key] = value ?? '';
      continue;
    }
    map[key] = '';
    error ??= `json: cannot unmarshal ${goJsonKind(value)} into Go value of type string`;
  }
  return error === undefined ? { map } : { error, partial: map };
}
