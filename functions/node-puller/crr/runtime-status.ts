/**
 * A pod's containers as the runtime sees them, the way OpenKruise's daemon
 * reads them (kruise@v1.7.4:pkg/daemon/kuberuntime GetPodStatus): every CRI
 * container labelled with the pod's UID, named by kubelet's container-name
 * label, its restart count from kubelet's annotation, newest created first,
 * so the first of a name is the current one. Pure.
 */
import type { CriContainerState, CriContainerStatus } from '../cri/runtime-service.js';

/** kubelet's kuberuntime labels and annotations. */
export const POD_UID_LABEL = 'io.kubernetes.pod.uid';
export const CONTAINER_NAME_LABEL = 'io.kubernetes.container.name';
export const RESTART_COUNT_ANNOTATION = 'io.kubernetes.container.restartCount';

/** Go's zero time.Time in Unix milliseconds (a container that never started). */
export const GO_ZERO_TIME_MS = -62_135_596_800_000;

export type KubeContainerState = 'created' | 'running' | 'exited' | 'unknown';

export interface KubeContainerStatus {
  /** `<runtime>://<id>`, as a pod's status names it. */
  readonly id: string;
  /** The runtime's own ID. */
  readonly runtimeId: string;
  readonly name: string;
  readonly state: KubeContainerState;
  readonly restartCount: number;
  readonly createdAtMs: number;
  /** GO_ZERO_TIME_MS while the container was never started. */
  readonly startedAtMs: number;
}

const STATES: Record<CriContainerState, KubeContainerState> = {
  CONTAINER_CREATED: 'created',
  CONTAINER_RUNNING: 'running',
  CONTAINER_EXITED: 'exited',
  CONTAINER_UNKNOWN: 'unknown',
};

const nanosToMs = (nanos: string): number => Number(BigInt(nanos) / 1_000_000n);

/** strconv.Atoi of the annotation; a missing or bad one is 0, as kubelet reads it. */
function restartCountOf(annotations: Readonly<Record<string, string>>): number {
  const raw = annotations[RESTART_COUNT_ANNOTATION];
  return raw !== undefined && /^[+-]?\d+$/.test(raw) ? Number(raw) : 0;
}

/** toKubeContainerStatus for each status, sorted newest created first. */
export function kubeContainerStatuses(
  runtimeName: string,
  statuses: readonly CriContainerStatus[],
): KubeContainerStatus[] {
  return statuses
    .map((s): KubeContainerStatus => {
      const state = STATES[s.state];
      return {
        id: `${runtimeName}://${s.id}`,
        runtimeId: s.id,
        name: s.labels[CONTAINER_NAME_LABEL] ?? '',
        state,
        restartCount: restartCountOf(s.annotations),
        createdAtMs: nanosToMs(s.createdAt),
        startedAtMs: state === 'created' ? GO_ZERO_TIME_MS : nanosToMs(s.startedAt),
      };
    })
    .sort((a, b) => b.createdAtMs - a.createdAtMs);
}

/** PodStatus.FindContainerStatusByName: the newest container of that name. */
export const findByName = (
  statuses: readonly KubeContainerStatus[],
  name: string,
): KubeContainerStatus | undefined => statuses.find((s) => s.name === name);
