/**
 * The `KruisePodReady` readiness gate OpenKruise's pod webhook adds on
 * CREATE (kruise@v1.7.4 `pkg/webhook/pod/mutating/pod_readiness.go`
 * injectPodReadinessGate l. 29-38, the first mutation of
 * `pod_create_update_handler.go` Handle, l. 61): to a pod whose controller is
 * a Kruise workload, or to every pod with the gate `KruisePodReadinessGate`
 * (default off; forced off without `PodWebhook`). The condition is what
 * Kruise's controllers set to keep a pod out of Service endpoints during an
 * in-place update or while a PodUnavailableBudget holds it.
 */
import type { DecodedPod } from '../../../shared/api/decoded.js';
import { zeroStruct } from '../../../shared/api/go-decoded.js';
import { KRUISE_POD_READY } from '../../../shared/api/pod-readiness.js';
import type { Operation } from '../review/decision.js';

/** appsv1alpha1.GroupVersion.Group, the group every Kruise workload's apiVersion names. */
const KRUISE_GROUP = 'apps.kruise.io';

/**
 * schema.ParseGroupVersion's group (apimachinery v0.28.9
 * `pkg/runtime/schema/group_version.go` l. 211-227): "" for "", "/", a bare
 * version, and for more than one "/" (an error, which IsPodOwnedByKruise ignores).
 */
export function groupOf(apiVersion: string): string {
  const slashes = apiVersion.split('/').length - 1;
  return slashes === 1 ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

/**
 * util.IsPodOwnedByKruise (`pkg/util/pods.go` l. 263-270): the controller
 * reference (metav1.GetControllerOf: the first with `controller: true`)
 * names a Kruise API group, whatever the kind.
 */
export function isOwnedByKruise(pod: DecodedPod): boolean {
  const controller = (pod.metadata?.ownerReferences ?? []).find((r) => r.controller === true);
  // A reference sent without apiVersion decodes as "" in Go (a value string).
  return controller !== undefined && groupOf(controller.apiVersion ?? '') === KRUISE_GROUP;
}

/** Whether injectPodReadinessGate acts (does not skip) on this request. */
export const injectsReadinessGate = (
  operation: Operation,
  pod: DecodedPod,
  forAllPods: boolean,
): boolean => operation === 'CREATE' && (forAllPods || isOwnedByKruise(pod));

/**
 * util.InjectReadinessGateToPod (`pkg/util/pods.go` l. 272-279): appends
 * `{conditionType: KruisePodReady}` unless a gate of that type is there; the
 * same pod when nothing changes.
 */
export function withKruisePodReadyGate(pod: DecodedPod): DecodedPod {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.some((g) => g.conditionType === KRUISE_POD_READY)) return pod;
  // A pod sent without spec: Go appends to its zero PodSpec.
  const spec = pod.spec ?? zeroStruct<NonNullable<DecodedPod['spec']>>();
  return {
    ...pod,
    spec: { ...spec, readinessGates: [...gates, { conditionType: KRUISE_POD_READY }] },
  };
}
