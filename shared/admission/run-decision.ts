/**
 * Calls a route's decision and turns a failure into OpenKruise's in-band
 * answer: the handlers wrap every error as `admission.Errored(code, err)`
 * (HTTP 200, allowed false). Our own errors keep their code (e.g. 400 for an
 * object a decision cannot parse); anything else is code 500, as the pod
 * handler answers. The error is logged with its stack; the body gets only
 * the message.
 */
import type { Logger } from 'pino';
import { KruiseFnError } from '../errors.js';
import { deny, type AdmissionInput, type Decision } from './decision.js';
import type { Decide, JsonObject } from './route.js';

export async function runDecision(
  decide: Decide,
  input: AdmissionInput<JsonObject>,
  log: Logger,
): Promise<Decision> {
  try {
    return await decide(input, log);
  } catch (err) {
    log.error({ err }, 'Admission decision failed');
    const code = err instanceof KruiseFnError ? err.code : 500;
    const message = err instanceof Error ? err.message : String(err);
    return deny(code, message);
  }
}
