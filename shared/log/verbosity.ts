import type { LogFn, Logger } from 'pino';
import { toVerbosity } from './config.js';
import { methodFor } from './levels.js';

/** klog's `Verbose`: `logV(log, 3).info(...)` is `klog.V(3).InfoS(...)`. */
export interface VerboseLogger {
  /** Whether lines at this verbosity are written (klog's `Enabled()`). */
  readonly enabled: boolean;
  readonly info: LogFn;
}

/**
 * Info lines at klog verbosity `verbosity` (0..5). A logger not made by `createLogger` has no
 * verbosity levels: its `info` serves V0 and its `debug` every higher verbosity.
 */
export function logV(log: Logger, verbosity: number): VerboseLogger {
  const v = toVerbosity(verbosity, `verbosity: ${verbosity}`);
  const preferred = methodFor(v);
  const label = preferred in log ? preferred : 'debug';
  const method = (log as unknown as Record<string, unknown>)[label];
  return {
    enabled: log.isLevelEnabled(label),
    info: (typeof method === 'function' ? method : log.debug).bind(log) as LogFn,
  };
}
