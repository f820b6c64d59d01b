/**
 * A route's answer to a decoded review: an early answer (a gate checked
 * before decoding), else Go's decode of `object` and `oldObject` into the
 * kind's type (OpenKruise answers a failure `Errored(400, err)` in-band, so
 * no decision ever sees a field of the wrong type), else the decision.
 */
import type { Logger } from 'pino';
import { deny, type AdmissionInput, type Decision } from './decision.js';
import { objectDecoder, type DecodeObject, type Decoded } from './object-decoder.js';
import type { AdmissionRoute, JsonObject } from './route.js';
import { runDecision } from './run-decision.js';

export type RouteDecider = (input: AdmissionInput<JsonObject>, log: Logger) => Promise<Decision>;

/** The decider of `route`; its decoders are compiled now, once. */
export function routeDecider(route: AdmissionRoute): RouteDecider {
  const decoders = new Map<unknown, DecodeObject>();
  for (const apiVersion of route.kind.apiVersions) {
    const decoder = objectDecoder(apiVersion, route.kind.kind);
    if (decoder !== undefined) decoders.set(apiVersion, decoder);
  }
  const decode = (object: JsonObject): Decoded<JsonObject> =>
    decoders.get(object['apiVersion'])?.(object) ?? { object };

  const refuse = (error: string, log: Logger): Decision => {
    log.warn({ reason: error }, 'Admission object does not decode');
    return deny(400, error);
  };

  return async (input, log) => {
    const early = route.beforeDecode?.();
    if (early !== undefined) return early;
    const object = decode(input.object);
    if ('error' in object) return refuse(object.error, log);
    const { oldObject } = input;
    const old =
      oldObject === undefined ? undefined : oldObject === input.object ? object : decode(oldObject);
    if (old !== undefined && 'error' in old) return refuse(old.error, log);
    const decoded = {
      ...input,
      object: object.object,
      ...(old !== undefined && { oldObject: old.object }),
    };
    return runDecision(route.decide, decoded, log);
  };
}
