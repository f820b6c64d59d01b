/**
 * The admission webhook's HTTP routes: health, readiness, and one POST per
 * admission route (routes.ts). Each only reads the review, calls the route's
 * decider and encodes the answer; decisions and their inputs live elsewhere.
 */
import { Hono } from 'hono';
import type { Logger } from 'pino';
import { routeDecider } from './review/decide-route.js';
import { readReview } from './review/read-review.js';
import { errorToReview, toReviewResponse } from './review/review-response.js';
import type { AdmissionRoute } from './review/route.js';
import { admissionLogger, kref, logV } from '../../shared/log/index.js';

export interface AdmissionDeps {
  readonly log: Logger;
  readonly routes: readonly AdmissionRoute[];
  /** Why the function cannot answer yet (e.g. SidecarSets not read), or undefined when ready. */
  readonly notReady: () => string | undefined;
  /** Body cap; default MAX_REVIEW_BYTES (7 MiB). */
  readonly maxBodyBytes?: number;
}

export function createApp(deps: AdmissionDeps) {
  const app = new Hono<{ Variables: { uid?: string; log?: Logger } }>();
  app.get('/healthz', (c) => c.text('ok'));
  app.get('/readyz', (c) => {
    const reason = deps.notReady();
    return reason === undefined ? c.text('ok') : c.text(reason, 503);
  });
  for (const route of deps.routes) {
    const decide = routeDecider(route);
    app.post(route.path, async (c) => {
      const started = performance.now();
      const { input, rawObject, user } = await readReview(c.req.raw, route, deps.maxBodyBytes);
      const log = admissionLogger(deps.log, {
        object: kref(input.namespace, input.name),
        resource: input.resource,
        user,
        requestID: input.uid,
      });
      c.set('uid', input.uid);
      c.set('log', log);
      const decision = await decide(input, log);
      const review = toReviewResponse(input.uid, decision, rawObject);
      // Read to the answer, in ms (the slow-admissions query filters on it).
      const latencyMs = Math.round((performance.now() - started) * 1000) / 1000;
      logV(log, 4).info(
        { path: route.path, allowed: review.response.allowed, latencyMs },
        'Admission reviewed',
      );
      return c.json(review);
    });
  }
  app.onError((err, c) => {
    const { http, body } = errorToReview(err, c.get('uid'));
    // The request's own logger (with requestID) once its review was read.
    const log = c.get('log') ?? deps.log;
    const fields = { err, path: c.req.path, status: http };
    if (http >= 500) log.error(fields, 'Admission request failed');
    else log.warn(fields, 'Rejected malformed admission request');
    return c.json(body, http);
  });
  return app;
}
