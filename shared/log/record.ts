import { UNKNOWN_CALLER } from './caller.js';
import { toLogValue } from './log-value.js';

/**
 * The line pino builds, before it is rendered as klog text or klog JSON. Our keys start with
 * `@` so they cannot meet a field a caller logs; the call's own fields are nested under
 * `@call`, which keeps them apart from the child logger's bindings.
 */
export const LEVEL_KEY = '@lvl';
export const TIME_KEY = '@ts';
export const MESSAGE_KEY = '@msg';
export const CALL_KEY = '@call';
export const CALLER_KEY = '@caller';

export type Field = readonly [key: string, value: unknown];

export interface LogRecord {
  /** pino level number. */
  readonly level: number;
  /** Milliseconds since the epoch, with a fraction. */
  readonly time: number;
  /** `dir/file.ts:line` of the log call. */
  readonly caller: string;
  readonly msg: string;
  /** Fields of the child logger(s), in binding order, redacted. */
  readonly bindings: readonly Field[];
  /** Fields of the log call, in call order, already redacted when logged. */
  readonly fields: readonly Field[];
}

/** Reads one line produced by our pino configuration. */
export function parseRecord(line: string): LogRecord {
  const raw = JSON.parse(line) as Record<string, unknown>;
  const call = asObject(raw[CALL_KEY]);
  const bindings: Field[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key === LEVEL_KEY || key === TIME_KEY || key === MESSAGE_KEY || key === CALL_KEY) continue;
    // Bindings reach the line without our call-field formatter: redact them here.
    const plain = toLogValue({ [key]: value });
    if (plain !== null && typeof plain === 'object' && !Array.isArray(plain)) {
      bindings.push([key, plain[key]]);
    }
  }
  const message = raw[MESSAGE_KEY];
  return {
    level: typeof raw[LEVEL_KEY] === 'number' ? raw[LEVEL_KEY] : 30,
    time: typeof raw[TIME_KEY] === 'number' ? raw[TIME_KEY] : 0,
    caller: typeof call[CALLER_KEY] === 'string' ? call[CALLER_KEY] : UNKNOWN_CALLER,
    msg: message === undefined || message === null ? '' : String(message),
    bindings,
    fields: Object.entries(call).filter(([key]) => key !== CALLER_KEY),
  };
}

const asObject = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
