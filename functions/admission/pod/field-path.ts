/**
 * `sourceContainerNameFrom.fieldRef`: the pod label or annotation holding the
 * source container name (OpenKruise `ExtractContainerNameFromFieldPath`).
 */
import type { V1ObjectFieldSelector, V1Pod } from '@kubernetes/client-node';

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** k8s validation.IsQualifiedName: `[prefix/]name`. */
export function isQualifiedName(value: string): boolean {
  const parts = value.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1] ?? '';
  if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    if (prefix === '' || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) return false;
  }
  return name.length > 0 && name.length <= 63 && QUALIFIED_NAME.test(name);
}

/** fieldpath.SplitMaybeSubscriptedPath: `metadata.labels['k']` → [`metadata.labels`, `k`]. */
export function splitSubscriptedPath(fieldPath: string): readonly [string, string] | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const trimmed = fieldPath.slice(0, -2);
  const at = trimmed.indexOf("['");
  if (at <= 0) return undefined;
  return [trimmed.slice(0, at), trimmed.slice(at + 2)];
}

const own = (record: Readonly<Record<string, string>> | undefined, key: string): string =>
  record !== undefined && Object.hasOwn(record, key) ? (record[key] ?? '') : '';

/** The container name, or undefined when OpenKruise fails (bad path or key) and skips the entry. */
export function containerNameFromFieldRef(
  fieldRef: V1ObjectFieldSelector,
  pod: V1Pod,
): string | undefined {
  const split = splitSubscriptedPath(fieldRef.fieldPath ?? '');
  if (split === undefined) return undefined;
  const [path, key] = split;
  if (path === 'metadata.annotations') {
    return isQualifiedName(key.toLowerCase()) ? own(pod.metadata?.annotations, key) : undefined;
  }
  if (path === 'metadata.labels') {
    return isQualifiedName(key) ? own(pod.metadata?.labels, key) : undefined;
  }
  return undefined;
}
