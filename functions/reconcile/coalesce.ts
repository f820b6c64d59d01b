/**
 * One batch reconciled at a time in a process; the event batches that
 * arrive meanwhile wait, merged into one. The kube-apiserver's audit
 * webhook posts a batch every second while objects change (batch-max-wait
 * 1 s), and does not wait for an answer before the next: with each batch
 * reconciled as it came, a fan-out ran dozens of invocations at once, each
 * reading its objects one by one, all on the one client budget, and an
 * object named in ten queued batches was reconciled ten times, always
 * behind the budget. Merged, a key is reconciled once for every event that
 * named it while it waited (each run reads the cluster after the events it
 * serves), and a large merged batch reads its crowded kinds by list
 * (list-reads.ts).
 *
 * Every caller whose batch was merged gets the merged batch's summary. A
 * resync is not merged (it is every key already) and takes its turn.
 */
import type { Logger } from 'pino';
import type { ObjectRef } from './controller.js';
import type { Batch, Skipped } from './intake/batch.js';
import type { BatchSummary } from './reconcile-batch.js';

export type ReconcileFn = (batch: Batch, log: Logger) => Promise<BatchSummary>;

interface Waiting {
  readonly refs: ObjectRef[];
  readonly skipped: Skipped[];
  readonly run: Promise<BatchSummary>;
}

export function coalescing(reconcile: ReconcileFn): ReconcileFn {
  let tail: Promise<unknown> = Promise.resolve();
  // The merged batch not started yet; later batches join it.
  let waiting: Waiting | undefined;
  const enqueue = (start: () => Promise<BatchSummary>) => {
    const run = tail.then(start);
    tail = run.catch(() => undefined);
    return run;
  };
  return (batch, log) => {
    if (batch.kind === 'resync') {
      waiting = undefined;
      return enqueue(() => reconcile(batch, log));
    }
    if (waiting !== undefined) {
      waiting.refs.push(...batch.refs);
      waiting.skipped.push(...batch.skipped);
      return waiting.run;
    }
    const refs = [...batch.refs];
    const skipped = [...batch.skipped];
    const run = enqueue(() => {
      // Started: what arrives now waits for the next run.
      if (waiting?.refs === refs) waiting = undefined;
      return reconcile({ kind: 'refs', refs, skipped }, log);
    });
    waiting = { refs, skipped, run };
    return run;
  };
}
