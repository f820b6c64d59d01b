/**
 * How a kind is addressed on the API (group/version, plural, scope), with the
 * TypeScript type of its objects attached, so the client's calls are typed
 * by the resource they name: `client.get(sidecarSets, 'log-agent')` is a
 * SidecarSet. The type itself comes from the kind's schema (shared/api).
 */
import type { ObjectMeta } from '../api/core/meta.js';
import { InvalidPathSegmentError, pathSegmentProblems } from './path-segment.js';

/** What every object has: its kind and metadata (the rest is the kind's). */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

export interface Resource<T extends KubeObject> {
  /** `v1` for the core group, else `<group>/<version>`. */
  readonly apiVersion: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
  /** Never set: ties T to the resource so calls infer it. */
  readonly objectType?: T;
}

export const resource = <T extends KubeObject>(r: Omit<Resource<T>, 'objectType'>): Resource<T> =>
  r;

/** `{name, namespace}` of an object; `namespace` absent for cluster-scoped ones. */
export interface ObjectKey {
  readonly name: string;
  readonly namespace?: string;
}

export const keyOf = (o: KubeObject): ObjectKey => ({
  name: o.metadata?.name ?? '',
  ...(o.metadata?.namespace !== undefined && { namespace: o.metadata.namespace }),
});

function segment(what: 'resource name' | 'namespace', s: string): string {
  const problems = pathSegmentProblems(s);
  if (problems.length > 0) throw new InvalidPathSegmentError(what, s, problems);
  return encodeURIComponent(s);
}

/**
 * `/api/v1/namespaces/default/pods/web-0/status` and the like. A namespaced
 * resource without a namespace addresses all namespaces (lists only). A
 * name or namespace that cannot be a path segment throws
 * InvalidPathSegmentError, as client-go refuses it.
 */
export function resourcePath(
  r: Resource<KubeObject>,
  key?: Partial<ObjectKey>,
  subresource?: string,
): string {
  const root = r.apiVersion.includes('/') ? `/apis/${r.apiVersion}` : `/api/${r.apiVersion}`;
  const ns =
    r.namespaced && key?.namespace !== undefined && key.namespace !== ''
      ? `/namespaces/${segment('namespace', key.namespace)}`
      : '';
  const name =
    key?.name !== undefined && key.name !== '' ? `/${segment('resource name', key.name)}` : '';
  return `${root}${ns}/${r.plural}${name}${subresource === undefined ? '' : `/${subresource}`}`;
}

/** `kind namespace/name` for messages and logs. */
export const describeKey = (r: Resource<KubeObject>, key: ObjectKey): string =>
  `${r.kind} ${key.namespace ? `${key.namespace}/` : ''}${key.name}`;
