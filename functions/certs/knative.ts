/**
 * Node server entry (Knative): plain HTTP on PORT through the shared server
 * (graceful shutdown on SIGTERM); nothing calls it over TLS. One sync runs at
 * start-up, so installing the service also issues the certificates;
 * PingSource and ApiServerSource triggers run the rest.
 */
import { serveApp } from '../../shared/http/serve.js';
import { createLogger } from '../../shared/log/index.js';
import { createApp } from './app.js';
import { processDeps } from './deps.js';

const log = createLogger();
const app = createApp(processDeps(log));
await serveApp({ fetch: app.fetch, log });
const res = await app.request('/sync', { method: 'POST' });
if (res.status !== 200) log.warn({ status: res.status }, 'Start-up sync did not succeed');
