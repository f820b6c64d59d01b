/**
 * `sourceContainerNameFrom.fieldRef`: the pod label or annotation holding the
 * source container name (OpenKruise `ExtractContainerNameFromFieldPath`).
 */
import type { DecodedObjectFieldSelector, DecodedPod } from '../../../shared/api/decoded.js';
import { isQualifiedName } from '../../../shared/validation/names.js';

/** k8s validation.IsQualifiedName found nothing wrong. */
const isQualified = (value: string): boolean => isQualifiedName(value).length === 0;

/** fieldpath.SplitMaybeSubscriptedPath: `metadata.labels['k']` → [`metadata.labels`, `k`]. */
export function splitSubscriptedPath(fieldPath: string): readonly [string, string] | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const trimmed = fieldPath.slice(0, -2);
  const at = trimmed.indexOf("['");
  if (at <= 0) return undefined;
  return [trimmed.slice(0, at), trimmed.slice(at + 2)];
}

// A nil map reads as empty in Go.
const own = (record: Readonly<Record<string, string>> | null | undefined, key: string): string =>
  record !== undefined && record !== null && Object.hasOwn(record, key) ? (record[key] ?? '') : '';

/** The container name, or undefined when OpenKruise fails (bad path or key) and skips the entry. */
export function containerNameFromFieldRef(
  fieldRef: DecodedObjectFieldSelector,
  pod: DecodedPod,
): string | undefined {
  const split = splitSubscriptedPath(fieldRef.fieldPath ?? '');
  if (split === undefined) return undefined;
  const [path, key] = split;
  if (path === 'metadata.annotations') {
    return isQualified(key.toLowerCase()) ? own(pod.metadata?.annotations, key) : undefined;
  }
  if (path === 'metadata.labels') {
    return isQualified(key) ? own(pod.metadata?.labels, key) : undefined;
  }
  return undefined;
}
