/**
 * Node server entry (Knative): the credentials routes over plain HTTP (or
 * HTTPS when TLS_* is set) on PORT through the shared server, with graceful
 * shutdown on SIGTERM. The token cache lives as long as the process.
 */
import { serveApp } from '../../shared/http/serve.js';
import { createLogger } from '../../shared/log/index.js';
import { createApp } from './app.js';
import { processDeps } from './deps.js';

const log = createLogger();
const app = createApp({ ...processDeps(), log });
try {
  await serveApp({ fetch: app.fetch, log });
} catch (err) {
  log.fatal({ err }, 'Could not start the credentials server');
  process.exit(1);
}
