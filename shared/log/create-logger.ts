import { pino } from 'pino';
import type { DestinationStream, LogFn, Logger } from 'pino';
import { captureCaller } from './caller.js';
import { parseLogFormat, parseLogLevel, toVerbosity } from './config.js';
import type { LogFormat } from './config.js';
import { VERBOSITY_LEVELS, thresholdFor } from './levels.js';
import { toLogValue } from './log-value.js';
import { CALLER_KEY, CALL_KEY, LEVEL_KEY, MESSAGE_KEY, TIME_KEY, parseRecord } from './record.js';
import { renderJson, renderText } from './render.js';

export type { Logger } from 'pino';

export interface CreateLoggerOptions {
  /** `text` (klog) or `json` (component-base JSON); default from `LOGGING_FORMAT`. */
  format?: LogFormat;
  /** klog `-v`, 0..5; default from `LOG_LEVEL`. */
  level?: number;
  /** Where lines go; default stderr, written synchronously (klog's single stream). */
  destination?: DestinationStream | NodeJS.WritableStream;
  /** Epoch milliseconds with a fraction; default the high-resolution wall clock. */
  now?: () => number;
  /** The id in klog's text header; default `process.pid`. */
  pid?: number;
  /** Where `LOGGING_FORMAT` and `LOG_LEVEL` are read; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

const wallClock = (): number => performance.timeOrigin + performance.now();

// A broken clock must not make the line unreadable JSON.
const finite = (ms: number): number => (Number.isFinite(ms) ? ms : Date.now());

/**
 * The project's root logger: pino, writing klog-compatible lines. Info lines are written
 * when their verbosity is at most the level (`info` is V0, `logV(log, n)` is Vn, pino's
 * `debug` V4 and `trace` V5). Throws when the format or level is not an allowed value.
 */
export function createLogger(opts: CreateLoggerOptions = {}): Logger {
  const env = opts.env ?? process.env;
  const format = opts.format ?? parseLogFormat(env.LOGGING_FORMAT);
  const verbosity =
    opts.level === undefined ? parseLogLevel(env.LOG_LEVEL) : toVerbosity(opts.level);
  const now = opts.now ?? wallClock;
  const pid = opts.pid ?? process.pid;
  const render =
    format === 'json'
      ? (line: string) => renderJson(parseRecord(line))
      : (line: string) => renderText(parseRecord(line), pid);
  const destination = opts.destination ?? pino.destination({ dest: 2, sync: true });
  const logger = pino(
    {
      level: thresholdFor(verbosity),
      customLevels: VERBOSITY_LEVELS,
      base: null,
      messageKey: MESSAGE_KEY,
      errorKey: 'err',
      timestamp: () => `,"${TIME_KEY}":${finite(now())}`,
      formatters: {
        level: (_label, number) => ({ [LEVEL_KEY]: number }),
        log: (fields) => ({ [CALL_KEY]: toLogValue(fields) ?? {} }),
      },
      // Only bindings reach serializers: call fields are already plain under `@call`.
      serializers: { err: (err: unknown) => toLogValue(err) },
      hooks: { logMethod: logWithCaller, streamWrite: render },
    },
    destination as DestinationStream,
  );
  return logger as unknown as Logger;
}

/** Adds the caller of the level method to the call's fields, then logs as pino would. */
function logWithCaller(this: Logger, args: Parameters<LogFn>, method: LogFn, level: number): void {
  const label = this.levels.labels[level];
  const levelMethod = label === undefined ? undefined : methodOf(this, label);
  const caller = captureCaller(levelMethod ?? logWithCaller);
  const [first, ...rest] = args as unknown[];
  const tag = { [CALLER_KEY]: caller };
  let call: unknown[];
  if (first instanceof Error) call = [{ ...tag, err: first }, ...rest];
  else if (typeof first === 'object' && first !== null) call = [{ ...first, ...tag }, ...rest];
  else if (first === undefined || first === null) call = [tag, ...rest];
  else call = [tag, first, ...rest];
  method.apply(this, call as Parameters<LogFn>);
}

function methodOf(logger: Logger, label: string): ((...args: never[]) => unknown) | undefined {
  const method = (logger as unknown as Record<string, unknown>)[label];
  return typeof method === 'function' ? (method as (...args: never[]) => unknown) : undefined;
}
