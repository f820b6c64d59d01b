/**
 * Reads the logger settings from the environment, the way OpenKruise's manager reads its
 * flags: `LOGGING_FORMAT` is component-base's `--logging-format` (empty means text, as the
 * chart's `manager.loggingFormat: ""`), `LOG_LEVEL` is klog's `-v`.
 */

export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export const VERBOSITIES = [0, 1, 2, 3, 4, 5] as const;
export type Verbosity = (typeof VERBOSITIES)[number];

const isLogFormat = (value: string): value is LogFormat =>
  (LOG_FORMATS as readonly string[]).includes(value);

const isVerbosity = (value: number): value is Verbosity =>
  (VERBOSITIES as readonly number[]).includes(value);

/** `LOGGING_FORMAT`: unset or empty means `text`; anything but `text`/`json` throws. */
export function parseLogFormat(raw: string | undefined): LogFormat {
  if (raw === undefined || raw === '') return 'text';
  if (isLogFormat(raw)) return raw;
  throw new Error(`LOGGING_FORMAT: ${JSON.stringify(raw)} is not one of ${LOG_FORMATS.join(', ')}`);
}

/** `LOG_LEVEL`: unset or empty means 0; otherwise a whole number from 0 to 5. */
export function parseLogLevel(raw: string | undefined): Verbosity {
  if (raw === undefined || raw.trim() === '') return 0;
  const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  return toVerbosity(value, `LOG_LEVEL: ${JSON.stringify(raw)}`);
}

/** Checks a programmatic level the same way as `LOG_LEVEL`; `subject` names it in the error. */
export function toVerbosity(value: number, subject = `level: ${value}`): Verbosity {
  if (isVerbosity(value)) return value;
  throw new Error(`${subject} is not one of ${VERBOSITIES.join(', ')}`);
}
