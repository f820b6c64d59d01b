/**
 * The daemon's side of a ContainerRecreateRequest, as OpenKruise v1.7.4's
 * kruise-daemon does it (pkg/daemon/containerrecreate crr_daemon_controller.go
 * and crr_daemon_util.go); the manager's side is
 * functions/reconcile/containerrecreaterequest. All pure:
 *
 * - pickRecreateRequest: of a pod's unfinished CRRs, the Recreating one, else
 *   the oldest Pending, else the oldest new one; the other new ones go Pending;
 * - the picked one goes Recreating first;
 * - with unreadyGracePeriodSeconds it waits for the manager's
 *   `unready-acquired` time, then for the grace period from it;
 * - runtimeCheck: every container's statusContext names one runtime, the
 *   one the node serves, or the CRR completes with why not;
 * - currentStates: each container's state from the runtime (not on the node:
 *   Pending `not found container on Node`; exited: Recreating; a new
 *   container ID / restart count / start: Recreating, and Succeeded once the
 *   manager's `sync-container-statuses` shows it ready with that ID and it
 *   has run minStartedSeconds; forceRecreate kills even a recreated one);
 * - planManage: one step of the daemon's loop over the containers in order,
 *   killing the first Pending one (all of them without orderedRecreate; a
 *   Failed one completes the CRR unless failurePolicy is Ignore), then
 *   Completed once every container Succeeded or Failed.
 */
import {
  CRR_UNREADY_ACQUIRED_KEY,
  type ContainerRecreateRequest,
  type CrrPhase,
} from '../../../shared/api/containerrecreaterequest.js';
import { goTimeParseError } from '../../../shared/go/time.js';
import { metaTimeMs } from '../../../shared/kube/meta-time.js';
import { findByName, GO_ZERO_TIME_MS, type KubeContainerStatus } from './runtime-status.js';

export const SYNC_CONTAINER_STATUSES_KEY = 'crr.apps.kruise.io/sync-container-statuses';

export interface ContainerRecreateState {
  readonly name: string;
  readonly phase: CrrPhase;
  readonly message?: string;
  readonly isKilled?: boolean;
}

const isFinished = (crr: ContainerRecreateRequest): boolean =>
  crr.metadata?.deletionTimestamp != null || crr.status?.completionTime !== undefined;

const PHASE_WEIGHT: Readonly<Record<string, number>> = {
  Completed: 1,
  Recreating: 2,
  Pending: 3,
};

const weight = (crr: ContainerRecreateRequest): number =>
  PHASE_WEIGHT[crr.status?.phase ?? ''] ?? 4;

export interface Picked {
  readonly picked?: ContainerRecreateRequest;
  /** New CRRs of the pod that wait behind the picked one: they go Pending. */
  readonly toPending: readonly ContainerRecreateRequest[];
}

/** crrListByPhaseAndCreated, then the first unfinished one. */
export function pickRecreateRequest(crrs: readonly ContainerRecreateRequest[]): Picked {
  const sorted = [...crrs].sort(
    (a, b) =>
      weight(a) - weight(b) ||
      metaTimeMs(a.metadata?.creationTimestamp) - metaTimeMs(b.metadata?.creationTimestamp),
  );
  let picked: ContainerRecreateRequest | undefined;
  const toPending: ContainerRecreateRequest[] = [];
  for (const crr of sorted) {
    if (isFinished(crr)) continue;
    if (picked === undefined) picked = crr;
    else if ((crr.status?.phase ?? '') === '') toPending.push(crr);
  }
  return { ...(picked !== undefined && { picked }), toPending };
}

export type Gate =
  | { readonly kind: 'proceed' }
  | { readonly kind: 'wait'; readonly reason: string; readonly requeueAfterMs?: number }
  | { readonly kind: 'complete'; readonly message: string };

/** The unreadyGracePeriodSeconds wait of a Recreating CRR at `nowMs`. */
export function unreadyGate(crr: ContainerRecreateRequest, nowMs: number): Gate {
  const grace = crr.spec.strategy?.unreadyGracePeriodSeconds;
  if (grace === undefined) return { kind: 'proceed' };
  const raw = crr.metadata?.annotations?.[CRR_UNREADY_ACQUIRED_KEY] ?? '';
  if (raw === '') return { kind: 'wait', reason: 'CRR is waiting for unready acquirement' };
  const parseError = goTimeParseError(raw);
  if (parseError !== undefined) {
    return { kind: 'complete', message: `failed to parse unready time ${raw}: ${parseError}` };
  }
  const left = grace * 1000 - (nowMs - Date.parse(raw));
  if (left > 0) {
    return {
      kind: 'wait',
      reason: 'CRR is waiting for unready grace period',
      requeueAfterMs: left + 100,
    };
  }
  return { kind: 'proceed' };
}

/** kubelet's ContainerID.ParseString: `<type>://<id>`. */
function containerIdType(s: string): string | Error {
  const parts = s.replace(/^"+|"+$/g, '').split('://');
  return parts.length === 2 ? (parts[0] ?? '') : new Error(`invalid container ID: "${s}"`);
}

/**
 * newRuntimeManager: the runtime every container's statusContext names, if
 * the node serves it (`served`, the CRI Version's runtimeName); else the
 * message the CRR completes with.
 */
export function runtimeCheck(
  crr: ContainerRecreateRequest,
  served: string,
): { readonly ok: true } | { readonly ok: false; readonly message: string } {
  const fail = (why: string) => ({
    ok: false as const,
    message: `failed to find runtime service: ${why}`,
  });
  let runtimeName = '';
  for (const c of crr.spec.containers) {
    const id = c.statusContext?.containerID ?? '';
    if (id === '') return fail(`no statusContext or empty containerID in ${c.name} container`);
    const type = containerIdType(id);
    if (type instanceof Error) {
      return fail(`failed to parse containerID ${id} in ${c.name} container: ${type.message}`);
    }
    if (runtimeName === '') runtimeName = type;
    else if (runtimeName !== type) {
      return fail(`has different runtime types ${runtimeName}, ${type} in Pod`);
    }
  }
  if (runtimeName === '') return fail('no runtime type found in Pod');
  if (runtimeName !== served) return fail(`not found runtime service for ${runtimeName} in daemon`);
  return { ok: true };
}

interface SyncStatus {
  readonly name: string;
  readonly ready: boolean;
  readonly containerID: string;
}

/** The manager's annotation by container name; unreadable is none (OpenKruise logs and goes on). */
export function syncContainerStatuses(
  crr: ContainerRecreateRequest,
): ReadonlyMap<string, SyncStatus> | undefined {
  const raw = crr.metadata?.annotations?.[SYNC_CONTAINER_STATUSES_KEY] ?? '';
  if (raw === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return parsed === null ? new Map() : undefined;
  const out = new Map<string, SyncStatus>();
  for (const item of parsed as unknown[]) {
    if (typeof item !== 'object' || item === null) return undefined;
    const o = item as Record<string, unknown>;
    out.set(typeof o['name'] === 'string' ? o['name'] : '', {
      name: typeof o['name'] === 'string' ? o['name'] : '',
      ready: o['ready'] === true,
      containerID: typeof o['containerID'] === 'string' ? o['containerID'] : '',
    });
  }
  return out;
}

const previousState = (crr: ContainerRecreateRequest, name: string) =>
  crr.status?.containerRecreateStates?.find((s) => s.name === name);

/** A state as OpenKruise writes it: no empty message, no false isKilled (omitempty). */
function state(
  name: string,
  phase: CrrPhase,
  isKilled: boolean,
  message?: string,
): ContainerRecreateState {
  return {
    name,
    phase,
    ...(message !== undefined && message !== '' && { message }),
    ...(isKilled && { isKilled: true }),
  };
}

/** getCurrentCRRContainersRecreateStates at `nowMs`. */
export function currentStates(
  crr: ContainerRecreateRequest,
  statuses: readonly KubeContainerStatus[],
  nowMs: number,
): ContainerRecreateState[] {
  const minStartedMs = (crr.spec.strategy?.minStartedSeconds ?? 0) * 1000;
  const sync = syncContainerStatuses(crr);
  const createdMs = metaTimeMs(crr.metadata?.creationTimestamp);
  return crr.spec.containers.map((c) => {
    const prev = previousState(crr, c.name);
    if (prev !== undefined && (prev.phase === 'Failed' || prev.phase === 'Succeeded')) {
      return state(prev.name, prev.phase, prev.isKilled === true, prev.message);
    }
    const wasKilled = prev?.isKilled === true;
    const status = findByName(statuses, c.name);
    if (status === undefined) {
      return state(c.name, 'Pending', wasKilled, 'not found container on Node');
    }
    if (status.state === 'exited') return state(c.name, 'Recreating', wasKilled);
    if (crr.spec.strategy?.forceRecreate === true && !wasKilled) {
      return state(c.name, 'Pending', false);
    }
    const context = c.statusContext;
    if (
      status.id !== (context?.containerID ?? '') ||
      status.restartCount > (context?.restartCount ?? 0) ||
      (status.startedAtMs !== GO_ZERO_TIME_MS && status.startedAtMs > createdMs)
    ) {
      const synced = sync?.get(c.name);
      const succeeded =
        synced !== undefined &&
        synced.containerID === status.id &&
        nowMs - status.startedAtMs > minStartedMs &&
        synced.ready;
      return state(c.name, succeeded ? 'Succeeded' : 'Recreating', wasKilled);
    }
    return state(c.name, 'Pending', wasKilled);
  });
}

/** reflect.DeepEqual of the written states, as JSON (both sides omit empty fields). */
export function sameStates(
  a: readonly ContainerRecreateState[] | undefined,
  b: readonly ContainerRecreateState[],
): boolean {
  const norm = (list: readonly ContainerRecreateState[]) =>
    JSON.stringify(list.map((s) => state(s.name, s.phase, s.isKilled === true, s.message)));
  return a !== undefined && a.length > 0 ? norm(a) === norm(b) : b.length === 0;
}

/** A kill already tried in this pass: undefined for success, else the error's text. */
export type KillResults = ReadonlyMap<string, string | undefined>;

export type ManageStep =
  /** Run the preStop hook and stop this container (KillContainer). */
  | {
      readonly kind: 'kill';
      readonly name: string;
      readonly containerId: string;
      readonly message: string;
    }
  | { readonly kind: 'patch'; readonly states: readonly ContainerRecreateState[] }
  | { readonly kind: 'complete'; readonly message: string }
  | { readonly kind: 'wait'; readonly requeueAfterMs?: number };

/**
 * `manage` after the runtime check: `current` is currentStates, `killed` the
 * kills done so far in this pass (the shell runs the 'kill' steps and calls
 * again with their results).
 */
export function planManage(
  crr: ContainerRecreateRequest,
  current: readonly ContainerRecreateState[],
  statuses: readonly KubeContainerStatus[],
  killed: KillResults,
): ManageStep {
  const written = crr.status?.containerRecreateStates;
  if (!sameStates(written, current)) return { kind: 'patch', states: current };
  const ignore = crr.spec.strategy?.failurePolicy === 'Ignore';
  const ordered = crr.spec.strategy?.orderedRecreate === true;
  const next = current.map((s) => ({ ...s }));
  let completed = 0;
  for (const s of next) {
    if (s.phase === 'Succeeded') {
      completed++;
      continue;
    }
    if (s.phase === 'Failed') {
      completed++;
      if (ignore) continue;
      return { kind: 'complete', message: '' };
    }
    if (s.phase === 'Recreating') {
      s.isKilled = true;
      if (ordered) break;
      continue;
    }
    const status = findByName(statuses, s.name);
    if (status === undefined) break;
    if (!killed.has(s.name)) {
      return {
        kind: 'kill',
        name: s.name,
        containerId: status.runtimeId,
        message: `Stopping container ${s.name} by ContainerRecreateRequest ${crr.metadata?.name ?? ''}`,
      };
    }
    const error = killed.get(s.name);
    if (error !== undefined) {
      s.phase = 'Failed';
      s.message = `kill container error: ${error}`;
      if (ignore) continue;
      return {
        kind: 'patch',
        states: next.map((n) => state(n.name, n.phase, n.isKilled === true, n.message)),
      };
    }
    s.isKilled = true;
    s.phase = 'Recreating';
    break;
  }
  const states = next.map((n) => state(n.name, n.phase, n.isKilled === true, n.message));
  if (!sameStates(written, states)) return { kind: 'patch', states };
  if (completed === states.length) return { kind: 'complete', message: '' };
  const minStarted = crr.spec.strategy?.minStartedSeconds ?? 0;
  return minStarted > 0 ? { kind: 'wait', requeueAfterMs: minStarted * 1000 } : { kind: 'wait' };
}

/** kuberuntime minimumGracePeriodInSeconds. */
export const MINIMUM_GRACE_PERIOD_SECONDS = 2;

/** convertCRRToPod's terminationGracePeriodSeconds: the strategy's, else 30. */
export const gracePeriodSeconds = (crr: ContainerRecreateRequest): number =>
  crr.spec.strategy?.terminationGracePeriodSeconds ?? 30;

/** KillContainer: whether a preStop hook runs, given the grace period. */
export const runsPreStop = (crr: ContainerRecreateRequest, name: string): boolean => {
  const c = crr.spec.containers.find((x) => x.name === name);
  return c?.preStop !== undefined && gracePeriodSeconds(crr) > 0;
};

/** StopContainer's timeout: the grace period less the hook's whole seconds, at least the minimum. */
export const stopTimeoutSeconds = (grace: number, preStopSeconds: number): number =>
  Math.max(grace - preStopSeconds, MINIMUM_GRACE_PERIOD_SECONDS);
