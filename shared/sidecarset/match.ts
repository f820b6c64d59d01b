/**
 * Which SidecarSets apply to a pod (SPEC §2.6 steps 2–3, OpenKruise
 * `PodMatchedSidecarSet` and the SidecarSet namespace index). A SidecarSet's
 * selectors are compiled once per object: the warm cache hands out the same
 * objects until its next refresh, and SidecarSets are never mutated in place.
 */
import type { DecodedPod, DecodedSidecarSet } from '../api/decoded.js';
import { compileSelector, type CompiledSelector } from '../validation/selector-match.js';

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

type Labels = Readonly<Record<string, string>> | null | undefined;
type NamespaceLabels = Readonly<Record<string, Readonly<Record<string, string>>>>;

/**
 * The namespaces OpenKruise indexes a SidecarSet under: its `namespace`, the
 * namespace a namespaceSelector pins by name, or undefined for cluster scope.
 */
export function indexedNamespaces(sidecarSet: DecodedSidecarSet): readonly string[] | undefined {
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

/** A SidecarSet's namespace and selector tests, compiled once. */
export interface SidecarSetMatcher {
  readonly sidecarSet: DecodedSidecarSet;
  /** indexedNamespaces(sidecarSet): where the webhook's cache lookup finds it. */
  readonly namespaces: readonly string[] | undefined;
  /** False when no pod can ever match (nil or empty selector). */
  readonly canMatch: boolean;
  /** True when `selector` has a bad operator: matching throws whatever the pod's labels. */
  readonly throws: boolean;
  /** See podMatchesSidecarSet; throws KruiseFnError for a bad selector operator. */
  matches(podNamespace: string, podLabels: Labels, namespaceLabels: NamespaceLabels): boolean;
}

function compileNamespaceSelector(
  sidecarSet: DecodedSidecarSet,
): CompiledSelector | 'never' | undefined {
  const selector = sidecarSet.spec?.namespaceSelector;
  if (!selector) return undefined;
  try {
    return compileSelector(selector);
  } catch {
    // OpenKruise treats an unparseable namespaceSelector as "no match", not as an error.
    return 'never';
  }
}

function compileMatcher(sidecarSet: DecodedSidecarSet): SidecarSetMatcher {
  const spec = sidecarSet.spec ?? {};
  const namespaceSelector = compileNamespaceSelector(sidecarSet);
  let selector: CompiledSelector | undefined;
  let selectorError: unknown;
  try {
    selector = compileSelector(spec.selector);
  } catch (err) {
    selectorError = err;
  }
  const canMatch =
    selectorError !== undefined ||
    (spec.selector != null && selector !== undefined && !selector.empty);
  return {
    sidecarSet,
    namespaces: indexedNamespaces(sidecarSet),
    canMatch,
    throws: selectorError !== undefined,
    matches(podNamespace, podLabels, namespaceLabels) {
      if (spec.namespace && spec.namespace !== podNamespace) return false;
      if (namespaceSelector !== undefined) {
        const labels = Object.hasOwn(namespaceLabels, podNamespace)
          ? namespaceLabels[podNamespace]
          : undefined;
        if (labels === undefined || namespaceSelector === 'never') return false;
        if (!namespaceSelector.matches(labels)) return false;
      }
      if (selector === undefined) throw selectorError;
      return !selector.empty && selector.matches(podLabels);
    },
  };
}

const matchers = new WeakMap<DecodedSidecarSet, SidecarSetMatcher>();

/** The compiled matcher of a SidecarSet object (memoised per object). */
export function matcherOf(sidecarSet: DecodedSidecarSet): SidecarSetMatcher {
  let matcher = matchers.get(sidecarSet);
  if (matcher === undefined) {
    matcher = compileMatcher(sidecarSet);
    matchers.set(sidecarSet, matcher);
  }
  return matcher;
}

/** A SidecarSet the webhook's cache lookup returns for pods in `podNamespace`. */
export const isCandidate = (sidecarSet: DecodedSidecarSet, podNamespace: string): boolean =>
  matcherOf(sidecarSet).namespaces?.includes(podNamespace) ?? true;

/**
 * Namespace (`namespace`, then `namespaceSelector` over the Namespace's labels;
 * a missing Namespace or a bad namespaceSelector never matches) and pod
 * selector (must have requirements). Throws for a bad selector operator.
 */
export const podMatchesSidecarSet = (
  pod: DecodedPod,
  sidecarSet: DecodedSidecarSet,
  namespaceLabels: NamespaceLabels,
): boolean =>
  matcherOf(sidecarSet).matches(
    pod.metadata?.namespace || 'default',
    pod.metadata?.labels,
    namespaceLabels,
  );
