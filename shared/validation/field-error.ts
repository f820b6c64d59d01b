/**
 * Kubernetes-style field errors (k8s.io/apimachinery v0.28
 * `util/validation/field`): `<path>: <Type>: <value>: <detail>`, and
 * `ErrorList.ToAggregate().Error()` joining: one error alone, several as
 * `[e1, e2]`, duplicates dropped.
 */
import { goQuote } from '../go/quote.js';
import { type GoValue } from '../go/format.js';

export const ErrorType = {
  NotFound: 'Not found',
  Required: 'Required value',
  Duplicate: 'Duplicate value',
  Invalid: 'Invalid value',
  NotSupported: 'Unsupported value',
  Forbidden: 'Forbidden',
  TooLong: 'Too long',
  TooMany: 'Too many',
  Internal: 'Internal error',
} as const;
export type ErrorTypeName = (typeof ErrorType)[keyof typeof ErrorType];

export interface FieldErr {
  readonly type: ErrorTypeName;
  /** Rendered field path, e.g. `spec.containers[0].name`. */
  readonly field: string;
  readonly value: GoValue;
  readonly detail: string;
}
export type ErrorList = FieldErr[];

/** field.Path.Child */
export const child = (path: string, ...names: string[]): string =>
  names.reduce((p, n) => (p === '' ? n : `${p}.${n}`), path);
/** field.Path.Index */
export const index = (path: string, i: number): string => `${path}[${i}]`;
/** field.Path.Key */
export const key = (path: string, k: string): string => `${path}[${k}]`;

export const required = (field: string, detail: string): FieldErr => ({
  type: ErrorType.Required,
  field,
  value: '',
  detail,
});
export const forbidden = (field: string, detail: string): FieldErr => ({
  type: ErrorType.Forbidden,
  field,
  value: '',
  detail,
});
export const invalid = (field: string, value: GoValue, detail: string): FieldErr => ({
  type: ErrorType.Invalid,
  field,
  value,
  detail,
});
export const duplicate = (field: string, value: GoValue): FieldErr => ({
  type: ErrorType.Duplicate,
  field,
  value,
  detail: '',
});
export const notFound = (field: string, value: GoValue): FieldErr => ({
  type: ErrorType.NotFound,
  field,
  value,
  detail: '',
});
export const notSupported = (
  field: string,
  value: GoValue,
  validValues: readonly string[],
): FieldErr => ({
  type: ErrorType.NotSupported,
  field,
  value,
  detail: validValues.length > 0 ? `supported values: ${validValues.map(goQuote).join(', ')}` : '',
});
export const tooLong = (field: string, value: GoValue, maxLength: number): FieldErr => ({
  type: ErrorType.TooLong,
  field,
  value,
  detail: `must have at most ${maxLength} bytes`,
});
export const internalError = (field: string, detail: string): FieldErr => ({
  type: ErrorType.Internal,
  field,
  value: null,
  detail,
});

const valueless = new Set<ErrorTypeName>([
  ErrorType.Required,
  ErrorType.Forbidden,
  ErrorType.TooLong,
  ErrorType.Internal,
]);

function renderValue(value: GoValue): string {
  if (value === null) return goQuote('null');
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value.go;
}

/** field.Error.ErrorBody */
export function errorBody(e: FieldErr): string {
  const head = valueless.has(e.type) ? e.type : `${e.type}: ${renderValue(e.value)}`;
  return e.detail === '' ? head : `${head}: ${e.detail}`;
}

/** field.Error.Error */
export const formatFieldErr = (e: FieldErr): string => `${e.field}: ${errorBody(e)}`;

/** utilerrors.Aggregate.Error over already-rendered messages. */
export function aggregateMessages(messages: readonly string[]): string {
  const seen: string[] = [];
  for (const m of messages) if (!seen.includes(m)) seen.push(m);
  if (seen.length === 1) return seen[0] ?? '';
  return `[${seen.join(', ')}]`;
}

/** ErrorList.ToAggregate().Error(); '' for an empty list. */
export const aggregate = (list: readonly FieldErr[]): string =>
  list.length === 0 ? '' : aggregateMessages(list.map(formatFieldErr));
