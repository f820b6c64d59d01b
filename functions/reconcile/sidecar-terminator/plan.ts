/**
 * The job sidecar terminator's decision (SPEC §4 steps 2-7;
 * kruise@v1.7.4:pkg/controller/sidecarterminator/sidecar_terminator_controller.go
 * doReconcile): swap in-place sidecars' images on virtual-kubelet nodes,
 * kill the normal sidecars through a ContainerRecreateRequest, and only once
 * those are done and some sidecar ignores its exit code, mark the pod
 * terminal and kill the ignoring ones too. Pure: the reads come in
 * `observed`, the writes go out as actions, in OpenKruise's order (an
 * Event follows the write it reports, so a failed write records none).
 */
import { SIDECAR_TERMINATED } from '../../../shared/api/containerrecreaterequest.js';
import type { Pod, PodStatus } from '../../../shared/api/core/core-v1.js';
import { pods } from '../../../shared/kube/core-resources.js';
import { containerRecreateRequests } from '../../../shared/kube/kruise-resources.js';
import type { Plan } from '../../../shared/kube/reconcile-key.js';
import { kobj } from '../../../shared/log/index.js';
import type { ReconcileAction } from '../actions.js';
import { involvedObject, recordEvent } from '../../../shared/kube/events.js';
import { metaTime } from '../../../shared/kube/meta-time.js';
import {
  containersCompleted,
  containersSucceeded,
  isInterestingPod,
  mainContainerNames,
  notDone,
  partitionSidecars,
  terminationImage,
} from './sidecars.js';
import { terminationCrr } from './termination-crr.js';

/** What step 1 and the CRR lookup read; absent for a pod the terminator leaves alone. */
export interface TerminatorReads {
  /** The pod's Node has label `type=virtual-kubelet`. */
  readonly onVirtualKubelet: boolean;
  /** CRR `sidecar-termination-<pod UID>` exists (never read on virtual-kubelet nodes: no kill there). */
  readonly crrExists: boolean;
}

export interface ObservedJobPod {
  readonly pod: Pod;
  readonly now: Date;
  readonly reads?: TerminatorReads;
}

export const EVENT_REASON = 'SidecarTerminator';
export const TERMINATED_MESSAGE = 'Terminated by Sidecar Terminator';

/** Go's `%v` of a []string: `[a b]`. */
const goList = (names: readonly string[]): string => `[${names.join(' ')}]`;

const event = (pod: Pod, message: string) =>
  recordEvent(involvedObject('Pod', 'v1', pod), 'Normal', EVENT_REASON, message);

/**
 * executeInPlaceUpdateAction. Quirk kept: the Event is recorded whenever an
 * in-place sidecar is not done, also when its image was swapped already and
 * nothing is written.
 */
function inPlaceUpdate(pod: Pod, sidecars: ReadonlySet<string>): ReconcileAction[] {
  const names = notDone(pod, sidecars);
  if (names.length === 0) return [];
  const updated = structuredClone(pod);
  let changed = false;
  for (const c of updated.spec?.containers ?? []) {
    if (!names.includes(c.name)) continue;
    const image = terminationImage(c);
    if (c.image === image) continue;
    c.image = image;
    changed = true;
  }
  const message = `Kruise SidecarTerminator is trying to terminate sidecar ${goList(names)} using in-place update`;
  return [
    ...(changed
      ? [
          {
            verb: 'update' as const,
            resource: pods,
            object: updated,
            log: {
              v: 3,
              message: 'SidecarTerminator -- InPlace update pod successfully',
              fields: { pod: kobj(pod) },
            },
          },
        ]
      : []),
    event(pod, message),
  ];
}

/** executeKillContainerAction: one CRR per pod; an existing one is waited for, whatever it names. */
function killContainers(
  pod: Pod,
  sidecars: ReadonlySet<string>,
  crrExists: boolean,
): ReconcileAction[] {
  const names = notDone(pod, sidecars);
  if (names.length === 0 || crrExists) return [];
  const crr = terminationCrr(pod, names);
  return [
    {
      verb: 'create',
      resource: containerRecreateRequests,
      object: crr,
      log: {
        v: 3,
        message: 'SidecarTerminator -- Creating CRR successfully',
        fields: { containerRecreateRequest: kobj(crr) },
      },
    },
    event(
      pod,
      `Kruise SidecarTerminator is trying to terminate sidecar ${goList(names)} using crr`,
    ),
  ];
}

/**
 * markJobPodTerminated: a strategic-merge patch of the status subresource
 * (no precondition, as OpenKruise sends it) with the phase the main
 * containers earned and condition SidecarTerminated. The body keeps Go's
 * field order and its `lastProbeTime: null` (a zero metav1.Time).
 */
function markTerminated(pod: Pod, now: Date): ReconcileAction[] {
  const phase = pod.status?.phase;
  if (phase === 'Failed' || phase === 'Succeeded') return [];
  const earned: PodStatus['phase'] = containersSucceeded(pod, mainContainerNames(pod))
    ? 'Succeeded'
    : 'Failed';
  const condition = {
    type: SIDECAR_TERMINATED,
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: metaTime(now),
    message: TERMINATED_MESSAGE,
  };
  return [
    {
      verb: 'patch',
      resource: pods,
      key: { name: pod.metadata?.name ?? '', namespace: pod.metadata?.namespace ?? '' },
      patch: { type: 'strategic', body: { status: { phase: earned, conditions: [condition] } } },
      options: { subresource: 'status' },
      failure: 'failed to patch pod status',
      log: { v: 3, message: 'Terminated the job pod', fields: { pod: kobj(pod), phase: earned } },
    },
  ];
}

export function planSidecarTerminator({ pod, now, reads }: ObservedJobPod): Plan<ReconcileAction> {
  if (reads === undefined || !isInterestingPod(pod)) return { actions: [] };
  const sets = partitionSidecars(pod, reads.onVirtualKubelet);
  const actions = [
    ...inPlaceUpdate(pod, sets.inPlace),
    ...killContainers(pod, sets.normal, reads.crrExists),
  ];
  // Step 5: without ignore-exit-code sidecars the pod's phase is the kubelet's to set.
  if (
    sets.ignoreExitCode.size === 0 ||
    !containersCompleted(pod, sets.normal) ||
    !containersCompleted(pod, sets.inPlace)
  ) {
    return { actions };
  }
  // Step 7 quirk: the same CRR name as step 4, so a CRR left by step 4 means no new one.
  return {
    actions: [
      ...actions,
      ...markTerminated(pod, now),
      ...killContainers(pod, sets.ignoreExitCode, reads.crrExists),
    ],
  };
}
