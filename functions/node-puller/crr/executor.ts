/**
 * The node's ContainerRecreateRequest executor, the I/O around plan.ts, as
 * OpenKruise's kruise-daemon CRR controller runs: a cache of the informer's
 * CRRs, a queue of pods (`<namespace>/<podName>`, one sync at a time per
 * pod; a failed sync comes back after 0.5 s doubling to 50 s), and a sync
 * that reads the pod's containers from the CRI, writes the CRR's status
 * (phase by a status update, containerRecreateStates by a merge patch of
 * the status) and kills containers: a `Killing` event, the preStop hook
 * within the grace period (a `FailedPreStopHook` event when it fails), then
 * CRI StopContainer with what is left of the grace period (at least 2 s).
 * Every written CRR replaces the cached one, so a sync never acts on a
 * state older than its own last write (OpenKruise's resourceVersion
 * expectations).
 */
import type { Logger } from 'pino';
import {
  CRR_POD_UID_KEY,
  type ContainerRecreateRequest,
} from '../../../shared/api/containerrecreaterequest.js';
import type { KubeClient } from '../../../shared/kube/client.js';
import { containerRecreateRequests } from '../../../shared/kube/kruise-resources.js';
import { metaTime } from '../../../shared/kube/meta-time.js';
import type { RecordEvent } from '../../../shared/kube/events.js';
import type { CriRuntimeService } from '../cri/runtime-service.js';
import type { CrrEvents } from './informer.js';
import {
  currentStates,
  gracePeriodSeconds,
  pickRecreateRequest,
  planManage,
  runsPreStop,
  runtimeCheck,
  stopTimeoutSeconds,
  unreadyGate,
  type ContainerRecreateState,
} from './plan.js';
import { runPreStopHook } from './pre-stop.js';
import { kubeContainerStatuses, POD_UID_LABEL } from './runtime-status.js';

/** OpenKruise's daemon event source for CRRs. */
export const CRR_EVENT_COMPONENT = 'kruise-daemon-crr';

export interface ExecutorDeps {
  readonly client: KubeClient;
  readonly cri: Pick<
    CriRuntimeService,
    'version' | 'listContainers' | 'containerStatus' | 'execSync' | 'stopContainer'
  >;
  readonly fetch: typeof fetch;
  readonly recordEvent: (event: RecordEvent) => Promise<void>;
  readonly now: () => number;
  readonly log: Logger;
}

export interface CrrExecutor extends CrrEvents {
  stop(): void;
}

const keyOf = (crr: ContainerRecreateRequest) =>
  `${crr.metadata?.namespace ?? ''}/${crr.metadata?.name ?? ''}`;
const podKeyOf = (crr: ContainerRecreateRequest) =>
  `${crr.metadata?.namespace ?? ''}/${crr.spec.podName}`;
const isFinished = (crr: ContainerRecreateRequest) =>
  crr.metadata?.deletionTimestamp != null || crr.status?.completionTime !== undefined;

/** Whether `incoming` is no older than `cached` (etcd resourceVersions are integers). */
function notOlder(incoming: ContainerRecreateRequest, cached: ContainerRecreateRequest): boolean {
  const a = incoming.metadata?.resourceVersion ?? '';
  const b = cached.metadata?.resourceVersion ?? '';
  return !/^\d+$/.test(a) || !/^\d+$/.test(b) || BigInt(a) >= BigInt(b);
}

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 50_000;

export function createCrrExecutor(deps: ExecutorDeps): CrrExecutor {
  const { client, cri, log } = deps;
  const cache = new Map<string, ContainerRecreateRequest>();
  const queued = new Set<string>();
  const running = new Set<string>();
  const failures = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  let runtimeName: string | undefined;
  let stopped = false;

  const store = (crr: ContainerRecreateRequest) => {
    const cached = cache.get(keyOf(crr));
    if (cached === undefined || notOlder(crr, cached)) cache.set(keyOf(crr), crr);
  };

  const enqueue = (podKey: string) => {
    if (stopped) return;
    if (running.has(podKey)) {
      queued.add(podKey);
      return;
    }
    running.add(podKey);
    void (async () => {
      try {
        const requeueAfterMs = await sync(podKey);
        failures.delete(podKey);
        if (requeueAfterMs !== undefined) later(podKey, requeueAfterMs);
      } catch (err) {
        const n = (failures.get(podKey) ?? 0) + 1;
        failures.set(podKey, n);
        log.error(
          { err: err instanceof Error ? new Error(err.message) : err, pod: podKey },
          'Failed to sync ContainerRecreateRequest',
        );
        later(podKey, Math.min(MIN_BACKOFF_MS * 2 ** (n - 1), MAX_BACKOFF_MS));
      } finally {
        running.delete(podKey);
        if (queued.delete(podKey)) enqueue(podKey);
      }
    })();
  };

  const later = (podKey: string, ms: number) => {
    if (stopped) return;
    const t = setTimeout(() => {
      timers.delete(t);
      enqueue(podKey);
    }, ms);
    timers.add(t);
  };

  const writeStatus = async (
    crr: ContainerRecreateRequest,
    status: NonNullable<ContainerRecreateRequest['status']>,
  ) => {
    store(await client.updateStatus(containerRecreateRequests, { ...crr, status }));
  };

  const patchStates = async (
    crr: ContainerRecreateRequest,
    states: readonly ContainerRecreateState[],
  ) => {
    log.debug({ crr: keyOf(crr), states }, 'CRR patch containerRecreateStates');
    const key = { namespace: crr.metadata?.namespace ?? '', name: crr.metadata?.name ?? '' };
    store(
      await client.patch(
        containerRecreateRequests,
        key,
        { type: 'merge', body: { status: { containerRecreateStates: states } } },
        { subresource: 'status' },
      ),
    );
  };

  const complete = (crr: ContainerRecreateRequest, message: string) =>
    writeStatus(crr, {
      ...crr.status,
      phase: 'Completed',
      completionTime: metaTime(new Date(deps.now())),
      ...(message === '' ? { message: undefined } : { message }),
    });

  /** KillContainer; undefined when stopped, else the StopContainer error's text. */
  const kill = async (
    crr: ContainerRecreateRequest,
    name: string,
    runtimeId: string,
    message: string,
  ): Promise<string | undefined> => {
    const involved = {
      kind: 'Pod',
      apiVersion: 'v1',
      name: crr.spec.podName,
      namespace: crr.metadata?.namespace ?? '',
      uid: crr.metadata?.labels?.[CRR_POD_UID_KEY] ?? '',
      fieldPath: `spec.containers{${name}}`,
    };
    const event = (eventType: RecordEvent['eventType'], reason: string, text: string) =>
      deps.recordEvent({
        type: 'event',
        involved,
        eventType,
        reason,
        message: text.replaceAll(runtimeId, name),
      });
    await event('Normal', 'Killing', message);
    const grace = gracePeriodSeconds(crr);
    let hookSeconds = 0;
    const container = crr.spec.containers.find((c) => c.name === name);
    if (container !== undefined && runsPreStop(crr, name)) {
      const started = deps.now();
      const abort = new AbortController();
      const hook = runPreStopHook(
        crr,
        container,
        runtimeId,
        { cri, fetch: deps.fetch },
        abort.signal,
      );
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        hook.then((failure) => ({ failure })),
        new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), grace * 1000))),
      ]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        abort.abort();
        log.info(
          { crr: keyOf(crr), container: name, grace },
          'preStop hook did not complete in time',
        );
        // The hook goes on as kubelet's goroutine does; its failure is still reported.
        void hook.then(async (failure) => {
          if (failure !== undefined) await event('Warning', 'FailedPreStopHook', failure);
        });
      } else if (outcome.failure !== undefined) {
        await event('Warning', 'FailedPreStopHook', outcome.failure);
      }
      hookSeconds = Math.floor((deps.now() - started) / 1000);
    }
    const timeout = stopTimeoutSeconds(grace, hookSeconds);
    log.info(
      { crr: keyOf(crr), container: name, gracePeriod: timeout },
      'Killing container with grace period',
    );
    try {
      await cri.stopContainer(runtimeId, timeout, { timeoutMs: (timeout + 30) * 1000 });
      return undefined;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  };

  const served = async (): Promise<string> => {
    runtimeName ??= (await cri.version({ timeoutMs: 10_000 })).runtimeName;
    return runtimeName;
  };

  /** One sync of a pod's CRRs; a wait time when it should run again. */
  const sync = async (podKey: string): Promise<number | undefined> => {
    const crrs = [...cache.values()].filter((c) => podKeyOf(c) === podKey);
    const { picked, toPending } = pickRecreateRequest(crrs);
    for (const crr of toPending) await writeStatus(crr, { ...crr.status, phase: 'Pending' });
    if (picked === undefined) return undefined;
    const crr = picked;
    if (crr.status?.phase !== 'Recreating') {
      await writeStatus(crr, { ...crr.status, phase: 'Recreating' });
      return undefined;
    }
    const gate = unreadyGate(crr, deps.now());
    if (gate.kind === 'wait') {
      log.info({ crr: keyOf(crr) }, gate.reason);
      return gate.requeueAfterMs;
    }
    if (gate.kind === 'complete') {
      await complete(crr, gate.message);
      return undefined;
    }
    const check = runtimeCheck(crr, await served());
    if (!check.ok) {
      log.error({ crr: keyOf(crr), message: check.message }, 'Failed to find runtime service');
      await complete(crr, check.message);
      return undefined;
    }
    const podUid = crr.metadata?.labels?.[CRR_POD_UID_KEY] ?? '';
    const listed = await cri.listContainers({ [POD_UID_LABEL]: podUid }, { timeoutMs: 10_000 });
    const statuses = kubeContainerStatuses(
      await served(),
      await Promise.all(listed.map((c) => cri.containerStatus(c.id, { timeoutMs: 10_000 }))),
    );
    const current = currentStates(crr, statuses, deps.now());
    const killed = new Map<string, string | undefined>();
    for (;;) {
      const step = planManage(crr, current, statuses, killed);
      if (step.kind === 'kill') {
        const error = await kill(crr, step.name, step.containerId, step.message);
        if (error !== undefined) {
          log.error(
            { crr: keyOf(crr), container: step.name, error },
            'Failed to kill container in Pod for CRR',
          );
        }
        killed.set(step.name, error);
        continue;
      }
      if (step.kind === 'patch') await patchStates(crr, step.states);
      else if (step.kind === 'complete') await complete(crr, step.message);
      else return step.requeueAfterMs;
      return undefined;
    }
  };

  const upsert = (crr: ContainerRecreateRequest) => {
    store(crr);
    if (!isFinished(crr)) enqueue(podKeyOf(crr));
  };

  return {
    replace(items) {
      const keep = new Set(items.map(keyOf));
      for (const k of cache.keys()) if (!keep.has(k)) cache.delete(k);
      for (const crr of items) upsert(crr);
    },
    upsert,
    remove(crr) {
      cache.delete(keyOf(crr));
    },
    stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}
