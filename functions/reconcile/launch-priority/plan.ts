/**
 * Container launch priority's controller decision (SPEC §3,
 * kruise@v1.7.4:pkg/controller/containerlaunchpriority): the barrier
 * ConfigMap `<pod>-barrier` releases a pod's containers one priority at a
 * time, highest first, each once the containers ahead of it are Ready. Pure:
 * what to write for the pod and its barrier as read.
 */
import type { ConfigMap, EnvVar, Pod } from '../../../shared/api/core/core-v1.js';
import {
  barrierKey,
  barrierName,
  CONTAINER_BARRIER_ENV,
  CONTAINER_LAUNCH_COMPLETED_ANNOTATION,
} from '../../../shared/api/launch-priority.js';
import { configMaps, pods } from '../../../shared/kube/core-resources.js';
import type { KubeWrite } from '../../../shared/kube/kube-write.js';
import type { Plan } from '../../../shared/kube/reconcile-key.js';
import { goAtoi } from '../../../shared/go/strconv.js';

export interface ObservedLaunch {
  readonly pod: Pod;
  /** undefined when it does not exist yet. */
  readonly barrier: ConfigMap | undefined;
}

/**
 * GetContainerPriority: the key suffix of a container's first barrier env;
 * Go's Atoi error is ignored there (0), and so is a barrier env without a key.
 */
export function containerPriority(env: readonly EnvVar[] | undefined): bigint | undefined {
  const barrier = env?.find((e) => e.name === CONTAINER_BARRIER_ENV);
  if (barrier === undefined) return undefined;
  const parsed = goAtoi((barrier.valueFrom?.configMapKeyRef?.key ?? '').slice(2));
  return 'error' in parsed ? 0n : parsed.value;
}

/** findNextPriorities: priorities of the barred containers not Ready yet, ascending. */
export function pendingPriorities(pod: Pod): bigint[] {
  const ready = new Set(
    (pod.status?.containerStatuses ?? []).filter((s) => s.ready).map((s) => s.name),
  );
  const pending: bigint[] = [];
  for (const c of pod.spec?.containers ?? []) {
    if (ready.has(c.name)) continue;
    const priority = containerPriority(c.env);
    if (priority !== undefined) pending.push(priority);
  }
  return pending.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const inBarrier = (barrier: ConfigMap, priority: bigint): boolean =>
  barrier.data !== undefined && Object.hasOwn(barrier.data, barrierKey(priority));

const key = (pod: Pod) => ({
  namespace: pod.metadata?.namespace ?? '',
  name: pod.metadata?.name ?? '',
});

const markCompleted = (pod: Pod): KubeWrite => ({
  verb: 'patch',
  resource: pods,
  key: key(pod),
  patch: {
    type: 'strategic',
    body: { metadata: { annotations: { [CONTAINER_LAUNCH_COMPLETED_ANNOTATION]: 'true' } } },
  },
});

/**
 * OpenKruise's enqueue filter (shouldEnqueue), so a pod it never looks at is
 * never written: not completed, containers not all Ready, something
 * pending, and the barrier (if any) does not already hold the highest
 * pending key.
 */
function needsWork(pod: Pod, barrier: ConfigMap | undefined, pending: readonly bigint[]): boolean {
  if (!podMayNeedWork(pod, pending)) return false;
  const highest = pending.at(-1) as bigint;
  return barrier === undefined || !inBarrier(barrier, highest);
}

/**
 * The part of that filter the pod alone decides: a pod for which this is
 * false is never written, whatever its barrier holds (event mapping and the
 * resync skip it without reading the barrier).
 */
export function podMayNeedWork(
  pod: Pod,
  pending: readonly bigint[] = pendingPriorities(pod),
): boolean {
  if (pod.metadata?.annotations?.[CONTAINER_LAUNCH_COMPLETED_ANNOTATION] === 'true') return false;
  const containersReady = pod.status?.conditions?.find((c) => c.type === 'ContainersReady');
  if (containersReady?.status === 'True') return false;
  return pending.length > 0;
}

export function planLaunchPriority({ pod, barrier }: ObservedLaunch): Plan<KubeWrite> {
  const pending = pendingPriorities(pod);
  if (!needsWork(pod, barrier, pending)) return { actions: [] };
  const { namespace, name } = key(pod);
  if (barrier === undefined) {
    // Created empty, owned by the pod (no `controller`), then looked at again at once.
    const owner = { apiVersion: 'v1', kind: 'Pod', name, uid: pod.metadata?.uid ?? '' };
    const object: ConfigMap = {
      metadata: { name: barrierName(name), namespace, ownerReferences: [owner] },
    };
    return { actions: [{ verb: 'create', resource: configMaps, object }], requeueAfterMs: 0 };
  }
  const lowest = pending[0] as bigint;
  const highest = pending.at(-1) as bigint;
  if (inBarrier(barrier, lowest)) return { actions: [markCompleted(pod)] };
  const actions: KubeWrite[] = [];
  if (!inBarrier(barrier, highest)) {
    actions.push({
      verb: 'patch',
      resource: configMaps,
      key: { namespace, name: barrierName(name) },
      patch: { type: 'strategic', body: { data: { [barrierKey(highest)]: 'true' } } },
    });
  }
  if (highest === lowest) actions.push(markCompleted(pod));
  return { actions };
}
