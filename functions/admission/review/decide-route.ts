/**
 * A route's answer to a decoded review: an early answer (a gate checked
 * before decoding), else Go's decode of `object` and `oldObject` into the
 * kind's type (OpenKruise answers a failure `Errored(400, err)` in-band, so
 * no decision ever sees a field of the wrong type), else the decision.
 */
import type { Logger } from 'pino';
import { deny, type AdmissionInput, type Decision } from './decision.js';
import { objectDecoder, type DecodeObject, type Decoded } from './object-decoder.js';
import type { AdmissionRoute } from './route.js';
import type { JsonObject } from '../../../shared/json.js';
import { runDecision } from './run-decision.js';

export type RouteDecider = (input: AdmissionInput<JsonObject>, log: Logger) => Promise<Decision>;

/**
 * The decider of `route`. A decoder is compiled on the first object of its
 * apiVersion and kept (compiling one takes tens of ms: at start-up it would
 * hold up a Lambda init phase for routes that may never be called).
 */
export function routeDecider(route: AdmissionRoute): RouteDecider {
  const decoders = new Map<unknown, DecodeObject | undefined>();
  const decoderOf = (apiVersion: unknown): DecodeObject | undefined => {
    if (decoders.has(apiVersion)) return decoders.get(apiVersion);
    const served = typeof apiVersion === 'string' && route.kind.apiVersions.includes(apiVersion);
    const decoder = served ? objectDecoder(apiVersion, route.kind.kind) : undefined;
    decoders.set(apiVersion, decoder);
    return decoder;
  };
  const decode = (object: JsonObject): Decoded<JsonObject> =>
    decoderOf(object['apiVersion'])?.(object) ?? { object };

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
    return runDecision(route, decoded, log);
  };
}
