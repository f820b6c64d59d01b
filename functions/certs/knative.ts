/**
 * Node server entry (Knative): plain HTTP on PORT; nothing calls it over
 * TLS. One sync runs at start-up, so installing the service also issues the
 * certificates; PingSource and ApiServerSource triggers run the rest.
 */
import { serve } from '@hono/node-server';
import { pino } from 'pino';
import { createApp } from './app.js';
import { processDeps } from './deps.js';

const log = pino({ name: 'certs' });
const deps = processDeps(log);
const app = createApp(deps);
const port = Number(process.env['PORT'] ?? '8080');
serve({ fetch: app.fetch, port }, (info) =>
  log.info({ port: info.port }, 'Serving certs function'),
);
void Promise.resolve(app.request('/sync', { method: 'POST' })).then((res) => {
  if (res.status !== 200) log.warn({ status: res.status }, 'Start-up sync did not succeed');
});
