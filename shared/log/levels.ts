import type { Verbosity } from './config.js';

/**
 * klog verbosities mapped onto pino level numbers. pino keeps a line when its number is at
 * least the logger's threshold; klog keeps `V(n)` when `n <= -v`. V1..V3 sit just below
 * `info` (30). pino's own `debug` (20) counts as V4 and `trace` (10) as V5, so `v4` (21) and
 * `v5` (11) sit just above them: a threshold of `debug` keeps V4 and hides V5.
 */
export const VERBOSITY_LEVELS = { v1: 29, v2: 28, v3: 27, v4: 21, v5: 11 } as const;
export type VerbosityLabel = keyof typeof VERBOSITY_LEVELS;

const THRESHOLD_LABELS = ['info', 'v1', 'v2', 'v3', 'debug', 'trace'] as const;

/** The pino level label to use as the threshold for klog's `-v=<verbosity>`. */
export const thresholdFor = (verbosity: Verbosity): (typeof THRESHOLD_LABELS)[number] =>
  THRESHOLD_LABELS[verbosity];

/** The pino method that writes an info line at `verbosity`. */
export const methodFor = (verbosity: Verbosity): 'info' | VerbosityLabel =>
  verbosity === 0 ? 'info' : `v${verbosity}`;

export const WARN_LEVEL = 40;
export const ERROR_LEVEL = 50;
export const FATAL_LEVEL = 60;

/** klog's severity letter for a pino level number. */
export function severityOf(level: number): 'I' | 'W' | 'E' | 'F' {
  if (level >= FATAL_LEVEL) return 'F';
  if (level >= ERROR_LEVEL) return 'E';
  if (level >= WARN_LEVEL) return 'W';
  return 'I';
}

/** The klog verbosity of an info line (`I`) at pino level number `level`. */
export function verbosityOf(level: number): Verbosity {
  if (level >= 30) return 0;
  if (level >= VERBOSITY_LEVELS.v3) return (30 - level) as Verbosity;
  if (level >= 20) return 4;
  return 5;
}
