/**
 * Which SidecarSets apply to a pod (SPEC §2.6 steps 2–3, OpenKruise
 * `PodMatchedSidecarSet` and the SidecarSet namespace index).
 */
import type { V1Pod } from '@kubernetes/client-node';
import { compileSelector } from './label-selector.js';
import type { SidecarSet } from './types.js';

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * The namespaces OpenKruise indexes a SidecarSet under: its `namespace`, the
 * namespace a namespaceSelector pins by name, or undefined for cluster scope.
 */
export function indexedNamespaces(sidecarSet: SidecarSet): readonly string[] | undefined {
  const spec = sidecarSet.spec ?? {};
  if (spec.namespace) return [spec.namespace];
  const selector = spec.namespaceSelector;
  if (selector) {
    const pinned = selector.matchLabels?.[NAMESPACE_NAME_LABEL];
    if (pinned !== undefined) return [pinned];
    const expression = selector.matchExpressions?.find(
      (e) => e.key === NAMESPACE_NAME_LABEL && e.operator === 'In',
    );
    if (expression) return expression.values ?? [];
  }
  return undefined;
}

/** A SidecarSet the webhook's cache lookup returns for pods in `podNamespace`. */
export const isCandidate = (sidecarSet: SidecarSet, podNamespace: string): boolean =>
  indexedNamespaces(sidecarSet)?.includes(podNamespace) ?? true;

/**
 * Namespace (`namespace`, then `namespaceSelector` over the Namespace's labels;
 * a missing Namespace or a bad namespaceSelector never matches) and pod
 * selector (must have requirements). Throws for a bad selector operator.
 */
export function podMatchesSidecarSet(
  pod: V1Pod,
  sidecarSet: SidecarSet,
  namespaceLabels: Readonly<Record<string, Readonly<Record<string, string>>>>,
): boolean {
  const podNamespace = pod.metadata?.namespace || 'default';
  const spec = sidecarSet.spec ?? {};
  if (spec.namespace && spec.namespace !== podNamespace) return false;
  if (spec.namespaceSelector) {
    const labels = Object.hasOwn(namespaceLabels, podNamespace)
      ? namespaceLabels[podNamespace]
      : undefined;
    if (labels === undefined || !namespaceSelectorMatches(spec.namespaceSelector, labels))
      return false;
  }
  const selector = compileSelector(spec.selector);
  return !selector.empty && selector.matches(pod.metadata?.labels);
}

function namespaceSelectorMatches(
  selector: NonNullable<SidecarSet['spec']>['namespaceSelector'],
  labels: Readonly<Record<string, string>>,
): boolean {
  try {
    return compileSelector(selector).matches(labels);
  } catch {
    // OpenKruise treats an unparseable namespaceSelector as "no match", not as an error.
    return false;
  }
}
