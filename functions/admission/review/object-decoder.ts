/**
 * Decoding an admission object the way OpenKruise's handlers do before they
 * decide (`Decoder.Decode(req, obj)` into the kind's Go type; a failure is
 * answered `Errored(http.StatusBadRequest, err)`). One decoder per served
 * apiVersion/kind, compiled once: a compiled TypeBox check answers the
 * common case in microseconds, and only a failing object is walked again to
 * name the field as Go does.
 */
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { kruiseResources } from '../../../shared/api/index.js';
import { apiVersionOf } from '../../../shared/api/resource.js';
import { goDecodeError } from './go-decode.js';
import { goTypeFromTable } from './go-type-table.js';
import { goNames } from './go-type-names.js';
import { goTypeOf, type GoType } from './go-type.js';
import { withGoZeros } from './go-zero.js';
import { POD_GO_TYPES } from './pod-go-types.js';
import { typeOnlySchema } from './type-only-schema.js';

/**
 * What a handler would see: the object (the same one unless a null list item
 * or map value became its zero value, go-zero.ts), or Go's decode error.
 */
export type Decoded<T> = { readonly object: T } | { readonly error: string };
export type DecodeObject = <T>(object: T) => Decoded<T>;

/** The schema of every kind we decode, by `apiVersion/kind`, with its Go package. */
function schemas(): Map<string, { schema: TSchema; version: string }> {
  const out = new Map<string, { schema: TSchema; version: string }>();
  for (const def of kruiseResources) {
    for (const v of def.versions) {
      out.set(`${apiVersionOf(def, v.name)}/${def.kind}`, { schema: v.schema, version: v.name });
    }
  }
  return out;
}

const known = schemas();
/**
 * core/v1 Pod as the pod webhook decodes it: the type Go's reflect sees in
 * k8s.io/api v0.28.9 (with status and defined type names; fields that version
 * lacks are ignored), not our schema, which follows a newer Kubernetes.
 */
const types = new Map<string, GoType>([['v1/Pod', goTypeFromTable(POD_GO_TYPES)]]);
const compiled = new Map<string, DecodeObject>();

/** The Go type `apiVersion`/`kind` decodes into (built once), or undefined for a kind we do not serve. */
export function decodingType(apiVersion: string, kind: string): GoType | undefined {
  const key = `${apiVersion}/${kind}`;
  const built = types.get(key);
  if (built !== undefined) return built;
  const entry = known.get(key);
  if (entry === undefined) return undefined;
  const type = goTypeOf(entry.schema, goNames, entry.version);
  types.set(key, type);
  return type;
}

function compile(goType: GoType): DecodeObject {
  const { schema, references } = typeOnlySchema(goType);
  const check = TypeCompiler.Compile(schema, [...references]);
  return <T>(object: T): Decoded<T> => {
    if (check.Check(object)) return { object };
    // The walk decides: the check also refuses null items and blanks around a quantity.
    const error = goDecodeError(goType, object);
    return error === undefined ? { object: withGoZeros(goType, object) as T } : { error };
  };
}

/**
 * The decoder of `apiVersion`/`kind`, compiled on first request and kept;
 * undefined for a kind we do not serve.
 */
export function objectDecoder(apiVersion: string, kind: string): DecodeObject | undefined {
  const key = `${apiVersion}/${kind}`;
  const ready = compiled.get(key);
  if (ready !== undefined) return ready;
  const type = decodingType(apiVersion, kind);
  if (type === undefined) return undefined;
  const decoder = compile(type);
  compiled.set(key, decoder);
  return decoder;
}
