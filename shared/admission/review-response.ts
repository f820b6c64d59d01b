/**
 * Encodes answers as AdmissionReview (admission.k8s.io/v1) bodies. A
 * mutation's patch is the diff of the raw incoming object against the
 * decision's object (controller-runtime's PatchResponseFromRaw), so fields
 * no decision models pass through untouched.
 */
// The package's `main` is CommonJS without named-export hints, so Node's ESM
// loader only offers its default export.
import fastJsonPatch, { type Operation as PatchOperation } from 'fast-json-patch';
import { KruiseFnError } from '../errors.js';
import type { Decision } from './decision.js';
import { REVIEW_API_VERSION, REVIEW_KIND } from './parse-review.js';
import type { JsonObject } from './route.js';

export interface AdmissionStatus {
  readonly code: number;
  readonly message?: string;
  readonly reason?: string;
}

export interface AdmissionResponse {
  readonly uid: string;
  readonly allowed: boolean;
  readonly patchType?: 'JSONPatch';
  /** base64 of the JSON Patch (RFC 6902). */
  readonly patch?: string;
  readonly status?: AdmissionStatus;
  readonly warnings?: readonly string[];
}

export interface AdmissionReviewResponse {
  readonly apiVersion: typeof REVIEW_API_VERSION;
  readonly kind: typeof REVIEW_KIND;
  readonly response: AdmissionResponse;
}

const review = (response: AdmissionResponse): AdmissionReviewResponse => ({
  apiVersion: REVIEW_API_VERSION,
  kind: REVIEW_KIND,
  response,
});

/** The JSON Patch from `raw` to `mutated`; a JSON round trip drops `undefined` fields first. */
export const jsonPatch = (raw: JsonObject, mutated: unknown): PatchOperation[] =>
  fastJsonPatch.compare(raw, JSON.parse(JSON.stringify(mutated ?? null)) as object);

export function toReviewResponse(
  uid: string,
  decision: Decision,
  rawObject: JsonObject,
): AdmissionReviewResponse {
  if (!decision.allowed) {
    const { code, message, reason } = decision;
    return review({
      uid,
      allowed: false,
      status: { code, message, ...(reason !== undefined && { reason }) },
    });
  }
  const ops = decision.object === undefined ? [] : jsonPatch(rawObject, decision.object);
  return review({
    uid,
    allowed: true,
    ...(ops.length > 0 && {
      patchType: 'JSONPatch' as const,
      patch: Buffer.from(JSON.stringify(ops)).toString('base64'),
    }),
    ...(decision.reason !== undefined && { status: { code: 200, message: decision.reason } }),
    ...(decision.warnings !== undefined &&
      decision.warnings.length > 0 && { warnings: decision.warnings }),
  });
}

export type ErrorStatus = 400 | 413 | 500;

const httpStatusOf = (err: unknown): ErrorStatus => {
  if (!(err instanceof KruiseFnError)) return 500;
  return err.code === 413 ? 413 : err.code >= 400 && err.code < 500 ? 400 : 500;
};

/**
 * A request the shell could not read becomes an HTTP-level error with an
 * AdmissionReview-shaped body (uid '' when it could not be read). Only our
 * own errors show their message; anything else is an internal error.
 */
export function errorToReview(
  err: unknown,
  uid = '',
): { readonly http: ErrorStatus; readonly body: AdmissionReviewResponse } {
  const http = httpStatusOf(err);
  const message = http === 500 || !(err instanceof Error) ? 'internal error' : err.message;
  return { http, body: review({ uid, allowed: false, status: { code: http, message } }) };
}
