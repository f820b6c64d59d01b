/**
 * Lambda entry behind a Function URL: hono's adapter turns the event into a
 * Request and the Response back into the URL's result; the app does not know
 * it runs on Lambda. The SidecarSet read starts during the init phase; the
 * cache then lives as long as the warm execution environment, within its
 * freshness bound (shared/kube/fresh-value.ts).
 */
import { handle } from 'hono/aws-lambda';
import { createApp } from './app.js';
import { processDeps } from './process.js';

const deps = processDeps();
deps.data.warm();

export const handler = handle(createApp(deps));
