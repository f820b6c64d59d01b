/** One error base for kruise-fn: every error carries an HTTP-ish `code`. */
export class KruiseFnError extends Error {
  readonly code: number = 500;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input that cannot be understood at all (bad JSON, wrong envelope). */
export class BadRequestError extends KruiseFnError {
  override readonly code: number = 400;
}

/** Input larger than we accept. */
export class PayloadTooLargeError extends KruiseFnError {
  override readonly code: number = 413;
}

export interface FieldError {
  /** Dotted path of the bad field, e.g. `spec.updateStrategy.type`. */
  readonly path: string;
  /** What is wrong with it, e.g. `"Sometimes" is not one of NotUpdate, RollingUpdate`. */
  readonly detail: string;
}

/** Well-formed input whose fields are invalid; lists every bad field by path. */
export class InvalidError extends KruiseFnError {
  override readonly code: number = 422;
  constructor(
    readonly fields: readonly FieldError[],
    options?: ErrorOptions,
  ) {
    super(fields.map((f) => `${f.path}: ${f.detail}`).join('; '), options);
  }
}

/** Reconcile gave up on purpose: log once, never retry. */
export class TerminalError extends KruiseFnError {}
