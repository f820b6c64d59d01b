/**
 * Lambda entry behind a Function URL: hono's adapter turns the event into a
 * Request and the Response back into the URL's result. The token cache
 * lives as long as the warm execution environment, within its freshness
 * bound (token-cache.ts).
 */
import { handle } from 'hono/aws-lambda';
import { createLogger } from '../../shared/log/index.js';
import { createApp } from './app.js';
import { processDeps } from './deps.js';

export const handler = handle(createApp({ ...processDeps(), log: createLogger() }));
