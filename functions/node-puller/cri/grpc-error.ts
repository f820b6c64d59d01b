/**
 * gRPC failures of the CRI as Go prints them, so a NodeImage message reads
 * as OpenKruise's daemon writes it: grpc-go's `status.Error` text is
 * `rpc error: code = <Code> desc = <message>` (google.golang.org/grpc
 * internal/status `(*Status).String`), with the code names of
 * `codes.Code.String()`. containerd puts the registry's own words (a 401,
 * "not found") into the description.
 */
import { KruiseFnError } from '../../../shared/errors.js';

/** grpc-go codes.Code.String(), indexed by the numeric code. */
export const GRPC_CODE_NAMES = [
  'OK',
  'Canceled',
  'Unknown',
  'InvalidArgument',
  'DeadlineExceeded',
  'NotFound',
  'AlreadyExists',
  'PermissionDenied',
  'ResourceExhausted',
  'FailedPrecondition',
  'Aborted',
  'OutOfRange',
  'Unimplemented',
  'Internal',
  'Unavailable',
  'DataLoss',
  'Unauthenticated',
] as const;

export type GrpcCodeName = (typeof GRPC_CODE_NAMES)[number];

/** grpc-go prints an unknown code as `Code(<n>)`. */
export const grpcCodeName = (code: number): string => GRPC_CODE_NAMES[code] ?? `Code(${code})`;

/** Go's text of a gRPC status error. */
export const goStatusText = (code: number, details: string): string =>
  `rpc error: code = ${grpcCodeName(code)} desc = ${details}`;

/** A failed CRI call: the gRPC status, and Go's text of it as the message. */
export class CriError extends KruiseFnError {
  constructor(
    readonly method: string,
    readonly grpcCode: number,
    readonly details: string,
    options?: ErrorOptions,
  ) {
    super(goStatusText(grpcCode, details), options);
  }

  get codeName(): string {
    return grpcCodeName(this.grpcCode);
  }
}

interface GrpcServiceError {
  readonly code: number;
  readonly details: string;
}

const isServiceError = (err: unknown): err is GrpcServiceError =>
  typeof err === 'object' &&
  err !== null &&
  typeof (err as { code?: unknown }).code === 'number' &&
  typeof (err as { details?: unknown }).details === 'string';

/** A grpc-js call error as a CriError; anything else is wrapped as Unknown. */
export function toCriError(method: string, err: unknown): CriError {
  if (err instanceof CriError) return err;
  if (isServiceError(err)) return new CriError(method, err.code, err.details, { cause: err });
  const text = err instanceof Error ? err.message : String(err);
  return new CriError(method, 2, text, { cause: err });
}
