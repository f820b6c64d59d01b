/**
 * Kubernetes API failures as our own errors. client-node's ApiException
 * message embeds the whole response body and headers; we keep only the
 * status code and the Status message, which is what OpenKruise surfaces.
 */
import { ApiException } from '@kubernetes/client-node';
import { KruiseFnError } from '../errors.js';

export class KubeApiError extends KruiseFnError {
  override readonly code: number = 500;
  constructor(
    message: string,
    readonly status: number,
  ) {
    // No `cause`: the ApiException's message carries the whole response body and headers.
    super(message);
  }
}

export const isNotFound = (err: unknown): boolean =>
  err instanceof ApiException && err.code === 404;

function statusMessage(body: unknown): string | undefined {
  const parsed: unknown = typeof body === 'string' ? safeParse(body) : body;
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const message = (parsed as { message?: unknown }).message;
  return typeof message === 'string' && message !== '' ? message : undefined;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `<action>: <Status message>` (or `HTTP <code>`); other errors keep their message. */
export function toKubeApiError(action: string, err: unknown): KubeApiError {
  if (err instanceof ApiException) {
    const detail = statusMessage(err.body) ?? `HTTP ${err.code}`;
    return new KubeApiError(`${action}: ${detail}`, err.code);
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new KubeApiError(`${action}: ${detail}`, 0);
}
