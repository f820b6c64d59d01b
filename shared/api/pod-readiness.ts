/**
 * The pod condition Kruise's controllers own (admission adds its readiness
 * gate, the pod-readiness controller sets it).
 */

/** appspub.KruisePodReadyConditionType (kruise@v1.7.4 `apis/apps/pub/pod_readiness_gate.go` l. 29). */
export const KRUISE_POD_READY = 'KruisePodReady';
