/**
 * The pod mutation of `/mutate-pod` (SPEC §2.6, §3): the `KruisePodReady`
 * readiness gate, SidecarSet injection, then container launch priority, in
 * the order OpenKruise's PodCreateHandler runs them
 * (kruise@v1.7.4 `pkg/webhook/pod/mutating/pod_create_update_handler.go`
 * l. 61-83; WorkloadSpread, PodUnavailableBudget, PersistentPodState and
 * EnhancedLivenessProbe are not built). Pure; the shell diffs the returned
 * pod against the request's object.
 */
import type { DecodedPod, DecodedSidecarSet } from '../../../shared/api/decoded.js';
import { KruiseFnError } from '../../../shared/errors.js';
import type { Operation } from '../review/decision.js';
import { forEachCandidate, injectIntoPod, isActive, withRequestNamespace } from './inject-pod.js';
import { applyLaunchPriority } from './launch-priority.js';
import { injectsReadinessGate, withKruisePodReadyGate } from './readiness-gate.js';
import { revisionLookupOf } from '../../../shared/sidecarset/revision.js';
import { indexSidecarSets } from '../../../shared/sidecarset/candidate-index.js';
import type { RevisionLookup } from '../../../shared/sidecarset/revision.js';

export interface MutatePodInput {
  readonly pod: DecodedPod;
  /** request.namespace; used when the pod has none. */
  readonly namespace: string;
  readonly operation: Operation;
  /** request.resource.resource, e.g. `pods`. */
  readonly resource: string;
  readonly subResource?: string;
  /** Candidate SidecarSets (any order). */
  readonly sidecarSets: readonly DecodedSidecarSet[];
  /** Labels of existing Namespaces by name; a missing one never matches a namespaceSelector. */
  readonly namespaceLabels: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** For each name in `revisionLookups(input)`: `restoreSidecarSet(…)` of the fetched revision, or the lookup error. */
  readonly revisions?: Readonly<Record<string, DecodedSidecarSet | Error>>;
  readonly now: Date;
  /** 5 characters from NAME_SUFFIX_ALPHABET, for pods that only have generateName. */
  readonly randomSuffix: () => string;
  /** Gate `KruisePodReadinessGate`: the readiness gate goes to every pod, not only Kruise-owned ones. */
  readonly readinessGateForAllPods?: boolean;
}

export type MutatePodResult =
  | { readonly pod: DecodedPod; readonly injected: string[] }
  | { readonly error: { readonly code: 500; readonly message: string } };

/** SidecarSet injection applies to CREATE of `pods` without subresource (the Go UPDATE branch never injects). */
const injects = (input: Pick<MutatePodInput, 'operation' | 'resource' | 'subResource'>): boolean =>
  !input.subResource && input.operation === 'CREATE' && input.resource === 'pods';

/**
 * The SidecarSets whose `injectionStrategy.revision` the shell must resolve
 * before calling mutatePod (only matching, unpaused ones). Selector errors are
 * left for mutatePod to report.
 */
export function revisionLookups(
  input: Omit<MutatePodInput, 'revisions' | 'now' | 'randomSuffix'>,
): RevisionLookup[] {
  if (!injects(input) || !isActive(input.pod)) return [];
  if (!indexSidecarSets(input.sidecarSets).pinsRevisions) return [];
  const lookups: RevisionLookup[] = [];
  withRequestNamespace(input.pod, input.namespace, (pod) => {
    forEachCandidate(pod, input.sidecarSets, input.namespaceLabels, (sidecarSet, matches) => {
      const lookup = revisionLookupOf(sidecarSet);
      if (lookup === undefined) return;
      try {
        if (matches()) lookups.push(lookup);
      } catch (err) {
        if (!(err instanceof KruiseFnError)) throw err;
      }
    });
    return { pod };
  });
  return lookups;
}

/** Readiness gate, injection, launch priority; a denial carries OpenKruise's message and code 500. */
export function mutatePod(input: MutatePodInput): MutatePodResult {
  try {
    const result = withRequestNamespace(input.pod, input.namespace, (requested) => {
      const pod = injectsReadinessGate(
        input.operation,
        requested,
        input.readinessGateForAllPods ?? false,
      )
        ? withKruisePodReadyGate(requested)
        : requested;
      const injected = injects(input)
        ? injectIntoPod(pod, input.sidecarSets, input)
        : { pod, injected: [] as string[] };
      return { pod: applyLaunchPriority(injected.pod, input), injected: injected.injected };
    });
    // A new top-level object even when nothing changed; unchanged parts are shared.
    return result.pod === input.pod ? { ...result, pod: { ...input.pod } } : result;
  } catch (err) {
    if (err instanceof KruiseFnError) return { error: { code: 500, message: err.message } };
    throw err;
  }
}
