/**
 * Node server entry (Knative, `make run`): HTTPS with the key pair from
 * TLS_CERT_FILE/TLS_KEY_FILE (a mounted Secret) or TLS_SECRET=<ns>/<name>
 * (read through the API), reloaded without a restart when it changes; PORT
 * from the environment (default 8080). The SidecarSet read starts at once so
 * /readyz turns 200 as soon as it has succeeded; SIGTERM drains requests in
 * flight and exits 0.
 */
import { serveApp } from '../../shared/http/serve.js';
import { createApp } from './app.js';
import { processDeps } from './process.js';

const deps = processDeps();
deps.data.warm();
const app = createApp(deps);
try {
  await serveApp({ fetch: app.fetch, log: deps.log });
} catch (err) {
  deps.log.fatal({ err }, 'Could not start the admission server');
  process.exit(1);
}
