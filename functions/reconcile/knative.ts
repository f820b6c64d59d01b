/**
 * Node server entry (Knative, `make run`): plain HTTP on PORT; the
 * kube-apiserver's audit webhook and Knative's event delivery post to it.
 * SIGTERM drains requests in flight and exits 0.
 */
import { serveApp } from '../../shared/http/serve.js';
import { createApp } from './app.js';
import { processDeps } from './process.js';

const deps = processDeps();
const app = createApp({ log: deps.log, reconcile: deps.reconcile });
try {
  await serveApp({ fetch: app.fetch, log: deps.log });
} catch (err) {
  deps.log.fatal({ err }, 'Could not start the reconcile server');
  process.exit(1);
}
