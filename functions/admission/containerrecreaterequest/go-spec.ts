/**
 * A CRR spec as OpenKruise's handler holds it: decoded into the Go struct
 * (kruise@v1.7.4:apis/apps/v1alpha1/containerrecreaterequest_types.go), so
 * an absent pointer and `null` are the same nil, an absent string or bool is
 * its zero value, and a nil list differs from an empty one; and marshalled
 * back, where `omitempty` drops zero values. The handler compares decoded
 * specs on UPDATE and patches towards the marshalled object on CREATE.
 */
import { isJsonObject } from '../../../shared/json.js';
import type {
  DecodedContainerRecreateRequestSpec as ContainerRecreateRequestSpec,
  DecodedCrrContainer as CrrContainer,
} from '../../../shared/api/decoded.js';

type Json = Record<string, unknown>;

/** A v1 value (ExecAction, HTTPGetAction, ContainerPort, …) with its nil fields left out. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isJsonObject(value)) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value))
    if (v !== null && v !== undefined) out[k] = withoutNulls(v);
  return out;
}

const present = (v: unknown): boolean => v !== null && v !== undefined;
const object = (v: unknown): Json | undefined => (isJsonObject(v) ? v : undefined);

/** The fields of `source` that are set, each through `map`. */
function pick(source: Json | undefined, keys: readonly string[], map = withoutNulls): Json {
  const out: Json = {};
  for (const key of keys) if (present(source?.[key])) out[key] = map(source?.[key]);
  return out;
}

function decodeContainer(c: unknown): Json {
  const src = object(c);
  const out: Json = { name: typeof src?.['name'] === 'string' ? src['name'] : '' };
  const preStop = object(src?.['preStop']);
  if (preStop !== undefined) out['preStop'] = pick(preStop, ['exec', 'httpGet', 'tcpSocket']);
  if (Array.isArray(src?.['ports'])) out['ports'] = withoutNulls(src['ports']);
  const context = object(src?.['statusContext']);
  if (context !== undefined) {
    out['statusContext'] = {
      containerID: context['containerID'] ?? '',
      restartCount: context['restartCount'] ?? 0,
    };
  }
  return out;
}

function decodeStrategy(s: Json): Json {
  return {
    failurePolicy: s['failurePolicy'] ?? '',
    orderedRecreate: s['orderedRecreate'] ?? false,
    forceRecreate: s['forceRecreate'] ?? false,
    ...pick(s, ['terminationGracePeriodSeconds', 'unreadyGracePeriodSeconds']),
    minStartedSeconds: s['minStartedSeconds'] ?? 0,
  };
}

/** The spec as Go decodes it; comparable with isDeepStrictEqual as reflect.DeepEqual compares. */
export function decodeSpec(spec: unknown): Json {
  const src = object(spec);
  const strategy = object(src?.['strategy']);
  return {
    podName: typeof src?.['podName'] === 'string' ? src['podName'] : '',
    ...(Array.isArray(src?.['containers']) && {
      containers: (src['containers'] as unknown[]).map(decodeContainer),
    }),
    ...(strategy !== undefined && { strategy: decodeStrategy(strategy) }),
    ...pick(src, ['activeDeadlineSeconds', 'ttlSecondsAfterFinished']),
  };
}

/** Drops the `omitempty` fields of `o` named in `keys` that hold their zero value. */
function omitZero(o: Json, keys: readonly string[]): Json {
  const out = { ...o };
  for (const key of keys) {
    const v = out[key];
    if (v === '' || v === false || v === 0 || (Array.isArray(v) && v.length === 0)) delete out[key];
  }
  return out;
}

/** A decoded spec as json.Marshal writes it (`omitempty` fields at their zero value left out). */
export function marshalSpec(spec: Json): ContainerRecreateRequestSpec {
  const strategy = object(spec['strategy']);
  const containers = spec['containers'] as Json[] | undefined;
  return {
    ...spec,
    // `containers` has no omitempty: a nil list is written as null.
    containers: (containers?.map((c) => omitZero(c, ['ports'])) ?? null) as CrrContainer[],
    ...(strategy !== undefined && {
      strategy: omitZero(strategy, [
        'failurePolicy',
        'orderedRecreate',
        'forceRecreate',
        'minStartedSeconds',
      ]),
    }),
  } as ContainerRecreateRequestSpec;
}
