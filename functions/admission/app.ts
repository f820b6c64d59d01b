/**
 * The admission webhook's routes: health, readiness, and one POST per
 * admission route. Each route only decodes the review, calls the route's
 * decision and encodes the answer; decisions and their data live in the
 * route table (deps.ts).
 */
import { Hono } from 'hono';
import type { Logger } from 'pino';
import { readReview } from '../../shared/admission/read-review.js';
import { errorToReview, toReviewResponse } from '../../shared/admission/review-response.js';
import type { AdmissionRoute } from '../../shared/admission/route.js';
import { runDecision } from '../../shared/admission/run-decision.js';
import { admissionLogger, kref } from '../../shared/log/index.js';

export interface AdmissionDeps {
  readonly log: Logger;
  readonly routes: readonly AdmissionRoute[];
  /** Why the function cannot answer yet (e.g. SidecarSets not read), or undefined when ready. */
  readonly notReady: () => string | undefined;
  /** Body cap; default MAX_REVIEW_BYTES (3 MiB). */
  readonly maxBodyBytes?: number;
}

export function createApp(deps: AdmissionDeps) {
  const app = new Hono<{ Variables: { uid?: string } }>();
  app.get('/healthz', (c) => c.text('ok'));
  app.get('/readyz', (c) => {
    const reason = deps.notReady();
    return reason === undefined ? c.text('ok') : c.text(reason, 503);
  });
  for (const route of deps.routes) {
    app.post(route.path, async (c) => {
      const { input, rawObject, user } = await readReview(c.req.raw, route, deps.maxBodyBytes);
      c.set('uid', input.uid);
      const log = admissionLogger(deps.log, {
        object: kref(input.namespace, input.name),
        resource: input.resource,
        user,
        requestID: input.uid,
      });
      const decision = await runDecision(route.decide, input, log);
      return c.json(toReviewResponse(input.uid, decision, rawObject));
    });
  }
  app.onError((err, c) => {
    const { http, body } = errorToReview(err, c.get('uid'));
    const fields = { err, path: c.req.path, status: http };
    if (http >= 500) deps.log.error(fields, 'Admission request failed');
    else deps.log.warn(fields, 'Rejected malformed admission request');
    return c.json(body, http);
  });
  return app;
}
