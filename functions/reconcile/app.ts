/**
 * The reconcile function's HTTP routes (Knative, `make run`): the
 * kube-apiserver's audit webhook posts EventLists to `/audit`; Knative
 * delivers CloudEvents (ApiServerSource, PingSource) to `/`. Each route only
 * reads its input into a batch and hands it to reconcileBatch; a body that is
 * not what the route takes is a 400 with a precise message, and nothing runs.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from 'pino';
import { BadRequestError, KruiseFnError } from '../../shared/errors.js';
import { auditBatch } from './intake/batch.js';
import { cloudEventIntake, readCloudEvent } from './intake/cloudevents.js';
import type { Batch } from './intake/batch.js';
import type { BatchSummary } from './reconcile-batch.js';

export interface ReconcileAppDeps {
  readonly log: Logger;
  /** One batch reconciled; never throws for a failed key (failures are outcomes). */
  readonly reconcile: (batch: Batch, log: Logger) => Promise<BatchSummary>;
  /** Body cap; default 16 MiB (the apiserver's batches hold up to 400 events). */
  readonly maxBodyBytes?: number;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new BadRequestError(
      `body is not JSON: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

export function createApp(deps: ReconcileAppDeps) {
  const app = new Hono();
  const limit = bodyLimit({
    maxSize: deps.maxBodyBytes ?? MAX_BODY_BYTES,
    onError: (c) =>
      c.json(
        { error: `request body is larger than ${deps.maxBodyBytes ?? MAX_BODY_BYTES} bytes` },
        413,
      ),
  });
  app.get('/healthz', (c) => c.text('ok'));
  app.post('/audit', limit, async (c) => {
    const batch = auditBatch(parseJson(await c.req.text()));
    if ('error' in batch) throw new BadRequestError(batch.error);
    return c.json(await deps.reconcile(batch, deps.log));
  });
  app.post('/', limit, async (c) => {
    const headers = Object.fromEntries(c.req.raw.headers);
    const intake = cloudEventIntake(readCloudEvent(headers, await c.req.text()));
    const batch: Batch =
      intake.kind === 'resync'
        ? { kind: 'resync' }
        : { kind: 'refs', refs: intake.refs, skipped: [] };
    return c.json(await deps.reconcile(batch, deps.log));
  });
  app.onError((err, c) => {
    if (err instanceof BadRequestError) {
      deps.log.warn({ err, path: c.req.path }, 'Rejected an event');
      return c.json({ error: err.message }, 400);
    }
    deps.log.error({ err, path: c.req.path }, 'Reconcile request failed');
    return c.json({ error: err instanceof KruiseFnError ? err.message : 'internal error' }, 500);
  });
  return app;
}
