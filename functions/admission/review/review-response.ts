/**
 * Encodes answers as AdmissionReview (admission.k8s.io/v1) bodies. A
 * mutation's patch is the diff of the raw incoming object against the
 * decision's object (controller-runtime's PatchResponseFromRaw), so fields
 * no decision models pass through untouched.
 */
import { KruiseFnError } from '../../../shared/errors.js';
import type { Decision } from './decision.js';
import { REVIEW_API_VERSION, REVIEW_KIND } from './parse-review.js';
import type { JsonObject } from '../../../shared/json.js';

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

export type PatchOperation =
  | { readonly op: 'add' | 'replace'; readonly path: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: string };

type Node = Record<string, unknown> | unknown[];

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null;

/** A value as JSON.stringify sees it: `toJSON()` applied (e.g. a Date). */
function jsonValue(value: unknown): unknown {
  if (!isNode(value)) return value;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  return typeof toJSON === 'function' ? (toJSON.call(value) as unknown) : value;
}

/** RFC 6901: `~` → `~0`, `/` → `~1`. */
const escapeKey = (key: string): string =>
  key.includes('~') || key.includes('/') ? key.replace(/~/g, '~0').replace(/\//g, '~1') : key;

const pathOf = (parent: string, key: string): string => `${parent}/${escapeKey(key)}`;

/** One entry present on both sides: recurse into containers of one kind, else replace if different. */
function diffEntry(
  oldValue: unknown,
  newValue: unknown,
  parent: string,
  key: string,
  ops: PatchOperation[],
): void {
  if (oldValue === newValue) return;
  if (isNode(oldValue) && isNode(newValue) && Array.isArray(oldValue) === Array.isArray(newValue))
    diff(oldValue, newValue, pathOf(parent, key), ops);
  else ops.push({ op: 'replace', path: pathOf(parent, key), value: newValue });
}

function diffArrays(raw: unknown[], mutated: unknown[], path: string, ops: PatchOperation[]) {
  for (let i = raw.length - 1; i >= 0; i--) {
    if (i < mutated.length) diffEntry(raw[i], jsonValue(mutated[i] ?? null), path, String(i), ops);
    else ops.push({ op: 'remove', path: pathOf(path, String(i)) });
  }
  for (let i = raw.length; i < mutated.length; i++) {
    ops.push({ op: 'add', path: pathOf(path, String(i)), value: jsonValue(mutated[i] ?? null) });
  }
}

function diffObjects(
  raw: Record<string, unknown>,
  mutated: Record<string, unknown>,
  path: string,
  ops: PatchOperation[],
) {
  const oldKeys = Object.keys(raw);
  let deleted = false;
  for (let i = oldKeys.length - 1; i >= 0; i--) {
    const key = oldKeys[i] ?? '';
    const newValue = Object.hasOwn(mutated, key) ? jsonValue(mutated[key]) : undefined;
    if (newValue !== undefined) diffEntry(raw[key], newValue, path, key, ops);
    else {
      ops.push({ op: 'remove', path: pathOf(path, key) });
      deleted = true;
    }
  }
  const newKeys = Object.keys(mutated).filter((k) => mutated[k] !== undefined);
  if (!deleted && newKeys.length === oldKeys.length) return;
  for (const key of newKeys) {
    if (!Object.hasOwn(raw, key))
      ops.push({ op: 'add', path: pathOf(path, key), value: jsonValue(mutated[key]) });
  }
}

/**
 * fast-json-patch's `compare` (same operations, same order: removals and
 * replacements from the last key back, then additions), reading `mutated`
 * as its JSON text would read (undefined object fields absent, undefined
 * array items null, `toJSON` applied), without cloning either side: the
 * values in the operations are the mutated object's own and are only
 * serialised. Both sides are objects or both arrays.
 */
function diff(raw: Node, mutated: Node, path: string, ops: PatchOperation[]): void {
  if (raw === mutated) return;
  if (Array.isArray(raw)) diffArrays(raw, mutated as unknown[], path, ops);
  else diffObjects(raw, mutated as Record<string, unknown>, path, ops);
}

/** The JSON Patch from `raw` to `mutated`, as their JSON texts differ. */
export function jsonPatch(raw: JsonObject, mutated: unknown): PatchOperation[] {
  const ops: PatchOperation[] = [];
  const value = jsonValue(mutated ?? null);
  if (isNode(value) && !Array.isArray(value)) diff(raw, value, '', ops);
  // Decisions answer with objects; anything else replaces the whole document.
  else ops.push({ op: 'replace', path: '', value });
  return ops;
}

/** Reused for the UTF-8 bytes of small patches: `Buffer.from(string)` allocates and costs more. */
const scratch = Buffer.allocUnsafe(64 * 1024);

/** base64 of the UTF-8 bytes of `text` (at most 3 bytes per UTF-16 unit). */
function base64(text: string): string {
  if (text.length * 3 > scratch.length) return Buffer.from(text).toString('base64');
  const length = scratch.write(text, 0, 'utf8');
  return scratch.toString('base64', 0, length);
}

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
      patch: base64(JSON.stringify(ops)),
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
