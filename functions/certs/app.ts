/**
 * Routes of the certs function: a sync per trigger (schedule, CloudEvent of a
 * changed Secret/configuration/CRD, or the installer) and a health check.
 * The trigger's body is only a hint and is not read: the cluster is the truth.
 */
import { Hono } from 'hono';
import type { Logger } from 'pino';
import { KruiseFnError } from '../../shared/errors.js';
import { WEBHOOK_CONTROLLER } from './secret-controller.js';
import type { SyncResult } from './sync.js';

export interface CertsDeps {
  readonly log: Logger;
  /** One sync of certs and caBundles, logging to `log`; the app never runs two at once. */
  readonly sync: () => Promise<SyncResult>;
}

export function createApp(deps: CertsDeps) {
  const app = new Hono();
  let running: Promise<unknown> = Promise.resolve();
  const serialized = (): Promise<SyncResult> => {
    const next = running.then(() => deps.sync());
    running = next.catch(() => undefined);
    return next;
  };

  app.get('/healthz', (c) => c.text('ok'));
  // Knative Triggers and PingSources deliver CloudEvents to the service root.
  app.on('POST', ['/sync', '/'], async (c) => {
    const result = await serialized();
    return c.json(result, result.problems.length === 0 ? 200 : 503);
  });
  app.onError((err, c) => {
    deps.log.error(
      { controller: WEBHOOK_CONTROLLER, err },
      'Failed to sync webhook certs and configurations',
    );
    const message = err instanceof KruiseFnError ? err.message : 'internal error';
    return c.json({ error: message }, 500);
  });
  return app;
}
