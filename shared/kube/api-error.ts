/**
 * Kubernetes API failures, classified once (as knative/pkg's handleErr and
 * apimachinery's `errors.Is*` do): NotFound, Conflict, AlreadyExists, Gone,
 * TooManyRequests, or anything else. Each carries the apiserver's `Status`
 * message, which is what OpenKruise surfaces in its answers and logs, and
 * never the response headers or a body that is not a Status.
 */
import { KruiseFnError } from '../errors.js';

export type ApiFailure =
  'NotFound' | 'Conflict' | 'AlreadyExists' | 'Gone' | 'TooManyRequests' | 'Other';

export interface ApiErrorDetails {
  /** HTTP status; 0 when no answer came (connection refused, reset, timeout). */
  readonly status: number;
  /** `Status.reason` (e.g. `AlreadyExists`, `Expired`), when the body was a Status. */
  readonly reason?: string;
  /** From `Retry-After` (429, some 5xx), in ms. */
  readonly retryAfterMs?: number;
}

/**
 * A failed API call: `message` is the Status message (or `HTTP <status>`).
 * `code` stays 500: a failed read is our failure to answer, as OpenKruise's
 * handlers answer it (`admission.Errored(500, err)`); `status` is the API's.
 */
export class KubeApiError extends KruiseFnError {
  readonly failure: ApiFailure = 'Other';
  override readonly code: number = 500;
  readonly status: number;
  readonly reason: string | undefined;
  readonly retryAfterMs: number | undefined;
  constructor(message: string, details: ApiErrorDetails, options?: ErrorOptions) {
    super(message, options);
    this.status = details.status;
    this.reason = details.reason;
    this.retryAfterMs = details.retryAfterMs;
  }
}

export class NotFoundError extends KubeApiError {
  override readonly failure = 'NotFound';
}
/** An optimistic-concurrency precondition failed (stale resourceVersion): re-read, re-plan. */
export class ConflictError extends KubeApiError {
  override readonly failure = 'Conflict';
}
export class AlreadyExistsError extends KubeApiError {
  override readonly failure = 'AlreadyExists';
}
/** 410: a list continue token or watch resourceVersion is too old. */
export class GoneError extends KubeApiError {
  override readonly failure = 'Gone';
}
export class TooManyRequestsError extends KubeApiError {
  override readonly failure = 'TooManyRequests';
}

const CLASSES = {
  NotFound: NotFoundError,
  Conflict: ConflictError,
  AlreadyExists: AlreadyExistsError,
  Gone: GoneError,
  TooManyRequests: TooManyRequestsError,
  Other: KubeApiError,
} as const;

interface StatusBody {
  readonly message?: string;
  readonly reason?: string;
}

function statusOf(body: string): StatusBody {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return {};
    const { kind, message, reason } = parsed as Record<string, unknown>;
    if (kind !== undefined && kind !== 'Status') return {};
    return {
      ...(typeof message === 'string' && message !== '' && { message }),
      ...(typeof reason === 'string' && reason !== '' && { reason }),
    };
  } catch {
    return {};
  }
}

/** apimachinery's reason-first classification; a 409 is AlreadyExists only when the Status says so. */
function failureOf(status: number, reason: string | undefined): ApiFailure {
  if (reason === 'AlreadyExists') return 'AlreadyExists';
  if (status === 404 || reason === 'NotFound') return 'NotFound';
  if (status === 409 || reason === 'Conflict') return 'Conflict';
  if (status === 410 || reason === 'Gone' || reason === 'Expired') return 'Gone';
  if (status === 429 || reason === 'TooManyRequests') return 'TooManyRequests';
  return 'Other';
}

function retryAfter(header: string | undefined): number | undefined {
  const seconds = Number(header);
  return header !== undefined && header !== '' && Number.isFinite(seconds) && seconds >= 0
    ? seconds * 1000
    : undefined;
}

/** The error for a non-2xx answer (`body` as text, `retryAfterHeader` as sent). */
export function apiErrorOf(status: number, body: string, retryAfterHeader?: string): KubeApiError {
  const { message, reason } = statusOf(body);
  const Class = CLASSES[failureOf(status, reason)];
  const retryAfterMs = retryAfter(retryAfterHeader);
  return new Class(message ?? `HTTP ${status}`, {
    status,
    ...(reason !== undefined && { reason }),
    ...(retryAfterMs !== undefined && { retryAfterMs }),
  });
}

/** A call that got no answer (connection refused, reset, timeout). */
export const noAnswerError = (cause: unknown): KubeApiError =>
  new KubeApiError(
    cause instanceof Error ? cause.message : String(cause),
    { status: 0 },
    { cause },
  );

/**
 * The same failure with `<action>: ` before its message (`failed to find Pod
 * web-0: pods "web-0" not found`), keeping its class; other errors become a
 * KubeApiError with their message.
 */
export function withAction(action: string, err: unknown): KubeApiError {
  // The message carries the failure's own; chaining it as `cause` would repeat it in logs.
  if (err instanceof KubeApiError)
    return new CLASSES[err.failure](`${action}: ${err.message}`, err);
  const detail = err instanceof Error ? err.message : String(err);
  return new KubeApiError(`${action}: ${detail}`, { status: 0 });
}

export const isNotFound = (err: unknown): boolean =>
  err instanceof KubeApiError && err.failure === 'NotFound';
export const isConflict = (err: unknown): boolean =>
  err instanceof KubeApiError && err.failure === 'Conflict';
