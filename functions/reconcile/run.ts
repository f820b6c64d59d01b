/**
 * Reconciles a set of keys, each once, at most `concurrency` at a time, on
 * the shared spine. Within one process a key never runs twice at once; a
 * controller that is `exclusive` also holds a Lease per key, so invocations
 * in other processes wait their turn instead of spending the same budget.
 *
 * Requeues (OpenKruise's "look again in N s") have no always-on process to
 * wait in. A requeue within `inlineRequeueMs` that still fits the
 * invocation's `budgetMs` is waited for and run here; any other is left to
 * the periodic resync (`RESYNC_PERIOD_MS`), which reconciles every key. So a
 * requeue of R ms happens after R ms when short, and otherwise after at most
 * R plus one resync period. A key another invocation holds (an exclusive
 * controller's Lease) is tried again after DEFERRED_RETRY_MS, within the
 * same bounds.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { KubeClient } from '../../shared/kube/client.js';
import { acquireLease, leaseName } from '../../shared/kube/lease.js';
import { reconcileKey, type ReconcileResult } from '../../shared/kube/reconcile-key.js';
import type { Logger } from '../../shared/log/index.js';
import type { ReconcileController } from './controller.js';
import { dedupe, keyString, type ControllerKey } from './map-refs.js';

export const RESYNC_PERIOD_MS = 60_000;
/** How soon a key another invocation holds is tried again. */
export const DEFERRED_RETRY_MS = 1_000;

export interface RunOptions {
  readonly client: KubeClient;
  readonly controllers: readonly ReconcileController[];
  /** Where Leases of exclusive keys live (OpenKruise's `POD_NAMESPACE`). */
  readonly kruiseNamespace: string;
  readonly log: Logger;
  /** Keys reconciled at once; default 4. */
  readonly concurrency?: number;
  /** The longest requeue waited for in this invocation; default 10 s. */
  readonly inlineRequeueMs?: number;
  /** How long an invocation may keep going for requeues; default 25 s. */
  readonly budgetMs?: number;
  /** How long a Lease outlives a holder that stops answering; default 30 s. */
  readonly leaseMs?: number;
  /**
   * What the first run of each key reads and writes through (the batch's
   * list-backed reads, list-reads.ts); default `client`. Requeues, run
   * later, read through `client`; Leases are always on `client`.
   */
  readonly firstRunClient?: KubeClient;
}

export interface KeyOutcome {
  readonly controller: string;
  readonly key: ControllerKey['key'];
  readonly outcome: ReconcileResult<unknown>['outcome'];
  readonly requeueAfterMs?: number;
}

export interface RunSummary {
  /** Every reconcile run, requeues included, in the order they ended. */
  readonly outcomes: readonly KeyOutcome[];
  /** Requeues left to the resync (too far off for this invocation). */
  readonly leftToResync: readonly KeyOutcome[];
}

/** In-process: the run of each key now in flight, so a key never runs twice at once. */
const running = new Map<string, Promise<unknown>>();

async function runOne(
  k: ControllerKey,
  controller: ReconcileController,
  opts: RunOptions,
  io: KubeClient,
) {
  const id = keyString(k);
  const before = running.get(id) ?? Promise.resolve();
  const mine = before.then(() =>
    reconcileKey(k.key, controller, io, opts.log, {
      ...(controller.exclusive === true && {
        exclusive: (holder: string) =>
          acquireLease(opts.client, {
            namespace: opts.kruiseNamespace,
            name: leaseName(['kruise-fn', controller.name, k.key.namespace ?? '', k.key.name]),
            holder,
            durationMs: opts.leaseMs ?? 30_000,
          }),
      }),
    }),
  );
  const settled = mine.catch(() => undefined);
  running.set(id, settled);
  try {
    return await mine;
  } finally {
    if (running.get(id) === settled) running.delete(id);
  }
}

/** Runs `keys` with at most `limit` at once; results in completion order. */
async function pool<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>) {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await run(item);
    }
  });
  await Promise.all(workers);
}

export async function runKeys(
  keys: readonly ControllerKey[],
  opts: RunOptions,
): Promise<RunSummary> {
  const start = Date.now();
  const byName = new Map(opts.controllers.map((c) => [c.name, c]));
  const inline = opts.inlineRequeueMs ?? 10_000;
  const budget = opts.budgetMs ?? 25_000;
  const outcomes: KeyOutcome[] = [];
  const leftToResync: KeyOutcome[] = [];
  // A key given twice is one key: its second run would only queue behind the first.
  let round = dedupe(keys).map((k) => ({ k, at: start }));
  let io = opts.firstRunClient ?? opts.client;
  while (round.length > 0) {
    const due: { k: ControllerKey; at: number }[] = [];
    const roundIo = io;
    await pool(round, opts.concurrency ?? 4, async ({ k, at }) => {
      const wait = at - Date.now();
      if (wait > 0) await sleep(wait);
      const controller = byName.get(k.controller);
      if (controller === undefined) return;
      const result = await runOne(k, controller, opts, roundIo);
      const outcome: KeyOutcome = {
        controller: k.controller,
        key: k.key,
        outcome: result.outcome,
        ...(result.requeueAfterMs !== undefined && { requeueAfterMs: result.requeueAfterMs }),
      };
      outcomes.push(outcome);
      // A key held elsewhere is tried again soon: a holder releases its Lease when done,
      // long before the term it took runs out.
      const after =
        result.outcome === 'deferred'
          ? Math.min(result.requeueAfterMs, DEFERRED_RETRY_MS)
          : result.requeueAfterMs;
      if (after === undefined) return;
      const at2 = Date.now() + after;
      if (after <= inline && at2 - start <= budget) due.push({ k, at: at2 });
      else leftToResync.push(outcome);
    });
    round = due.sort((a, b) => a.at - b.at);
    io = opts.client;
  }
  return { outcomes, leftToResync };
}
