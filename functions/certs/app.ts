/**
 * Routes of the certs function: a sync per trigger (schedule, CloudEvent of a
 * changed Secret/configuration/CRD, or the installer) and a health check.
 * The trigger's body is only a hint and is not read: the cluster is the truth.
 */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import type { Logger } from 'pino';
import { KruiseFnError } from '../../shared/errors.js';
import type { SyncResult } from './sync.js';

export interface CertsDeps {
  readonly log: Logger;
  /** One sync of certs and caBundles; the app never runs two at once. */
  readonly sync: (log: Logger) => Promise<SyncResult>;
}

export function createApp(deps: CertsDeps) {
  const app = new Hono<{ Variables: { log: Logger } }>();
  let running: Promise<unknown> = Promise.resolve();
  const serialized = (log: Logger): Promise<SyncResult> => {
    const next = running.then(() => deps.sync(log));
    running = next.catch(() => undefined);
    return next;
  };

  app.use(async (c, next) => {
    c.set('log', deps.log.child({ controller: 'webhook-controller', reconcileID: randomUUID() }));
    await next();
  });
  app.get('/healthz', (c) => c.text('ok'));
  // Knative Triggers and PingSources deliver CloudEvents to the service root.
  app.on('POST', ['/sync', '/'], async (c) => {
    const result = await serialized(c.var.log);
    return c.json(result, result.problems.length === 0 ? 200 : 503);
  });
  app.onError((err, c) => {
    const log = c.get('log') ?? deps.log;
    log.error({ err }, 'Failed to sync webhook certs and configurations');
    const message = err instanceof KruiseFnError ? err.message : 'internal error';
    return c.json({ error: message }, 500);
  });
  return app;
}
