/**
 * Calls a route's decision and turns a failure into OpenKruise's in-band
 * answer: the handlers wrap every error as `admission.Errored(code, err)`
 * (HTTP 200, allowed false). Our own errors keep their code (e.g. 400 for an
 * object a decision cannot parse); anything else is code 500, as the pod
 * handler answers. The error is logged with its stack; the body gets only
 * the message, and not even that for a JavaScript programming error (a
 * TypeError is our bug, not an answer: its text would mean nothing to the
 * user and would only show our code).
 */
import type { Logger } from 'pino';
import { KruiseFnError } from '../../../shared/errors.js';
import { deny, type AdmissionInput, type Decision } from './decision.js';
import type { AdmissionRoute } from './route.js';
import type { JsonObject } from '../../../shared/json.js';

export const INTERNAL_ERROR = 'internal error';

const isProgrammingError = (err: unknown): boolean =>
  err instanceof TypeError ||
  err instanceof RangeError ||
  err instanceof ReferenceError ||
  err instanceof SyntaxError;

export async function runDecision(
  route: Pick<AdmissionRoute, 'decide'>,
  input: AdmissionInput<JsonObject>,
  log: Logger,
): Promise<Decision> {
  try {
    return await route.decide(input, log);
  } catch (err) {
    log.error({ err }, 'Admission decision failed');
    const code = err instanceof KruiseFnError ? err.code : 500;
    if (isProgrammingError(err)) return deny(code, INTERNAL_ERROR);
    const message = err instanceof Error ? err.message : String(err);
    return deny(code, message);
  }
}
