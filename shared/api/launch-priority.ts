/**
 * Container launch priority's names (kruise@v1.7.4:apis/apps/pub/launch_priority.go,
 * pkg/util/containerlaunchpriority): what the pod webhook writes and the
 * controller releases, in one place.
 */
export const CONTAINER_LAUNCH_PRIORITY_ANNOTATION = 'apps.kruise.io/container-launch-priority';
export const CONTAINER_LAUNCH_ORDERED = 'Ordered';
export const CONTAINER_LAUNCH_COMPLETED_ANNOTATION =
  'apps.kruise.io/container-launch-priority-completed';
export const CONTAINER_PRIORITY_ENV = 'KRUISE_CONTAINER_PRIORITY';
export const CONTAINER_BARRIER_ENV = 'KRUISE_CONTAINER_BARRIER';

/** The ConfigMap whose keys release a pod's containers. */
export const barrierName = (podName: string): string => `${podName}-barrier`;
export const BARRIER_SUFFIX = '-barrier';

/** The barrier key of a priority: `p_1`, `p_0`, `p_-2`. */
export const barrierKey = (priority: bigint | number): string => `p_${priority}`;
