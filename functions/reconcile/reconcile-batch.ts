/**
 * One invocation's work, whatever delivered it: a batch of named objects is
 * mapped to keys, a resync takes every key of every controller, and the keys
 * are reconciled (run.ts). Records that named nothing are logged with where
 * they were and why; nothing is written for them.
 */
import { logV, type Logger } from '../../shared/log/index.js';
import type { ReconcileController } from './controller.js';
import type { Batch } from './intake/batch.js';
import { crowdedKinds, listBackedClient } from './list-reads.js';
import { dedupe, mapContext, mapRefs, type ControllerKey } from './map-refs.js';
import { runKeys, type KeyOutcome, type RunOptions } from './run.js';

export interface BatchSummary {
  /** Objects the events named, and records skipped. */
  readonly named: number;
  readonly skipped: number;
  /** Distinct keys reconciled (requeues not counted again). */
  readonly keys: number;
  /** Reconciles by outcome (`done`, `gone`, `failed`, …), requeues included. */
  readonly outcomes: Readonly<Record<string, number>>;
  /** Requeues left to the next resync. */
  readonly leftToResync: readonly KeyOutcome[];
}

async function resyncKeys(controllers: readonly ReconcileController[], opts: RunOptions) {
  const keys: ControllerKey[] = [];
  for (const controller of controllers) {
    try {
      for (const key of await controller.resync(opts.client))
        keys.push({ controller: controller.name, key });
    } catch (err) {
      opts.log.error({ err, controller: controller.name }, 'Could not list keys to resync');
    }
  }
  return dedupe(keys);
}

export async function reconcileBatch(batch: Batch, opts: RunOptions): Promise<BatchSummary> {
  const log: Logger = opts.log;
  let keys: ControllerKey[];
  // The batch's reads by name of crowded kinds, answered by one list each (list-reads.ts).
  const io = listBackedClient(opts.client);
  let named = 0;
  let skipped = 0;
  if (batch.kind === 'resync') {
    keys = await resyncKeys(opts.controllers, opts);
  } else {
    named = batch.refs.length;
    skipped = batch.skipped.length;
    for (const s of batch.skipped) {
      if (s.malformed) log.warn({ at: s.at, reason: s.reason }, 'Skipped a malformed event record');
      else logV(log, 2).info({ at: s.at, reason: s.reason }, 'Skipped event record');
    }
    for (const r of crowdedKinds(batch.refs, [], opts.controllers)) io.readByList(r);
    keys = await mapRefs(batch.refs, opts.controllers, mapContext(io), log);
  }
  for (const r of crowdedKinds([], keys, opts.controllers)) io.readByList(r);
  const run = await runKeys(keys, { ...opts, firstRunClient: io });
  const outcomes: Record<string, number> = {};
  for (const o of run.outcomes) outcomes[o.outcome] = (outcomes[o.outcome] ?? 0) + 1;
  return { named, skipped, keys: keys.length, outcomes, leftToResync: run.leftToResync };
}
