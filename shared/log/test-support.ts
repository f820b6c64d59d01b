import type { DestinationStream } from 'pino';
import { callerOf } from './caller.js';

/** 2024-11-24T14:22:35.587919Z, the clock every logger test uses. */
export const NOW = 1732458155587.919;

/** A destination that keeps every written line, synchronously. */
export function captureLines(): {
  readonly lines: string[];
  readonly destination: DestinationStream;
} {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(line) } };
}

/** The line number of the first frame of a captured stack. */
export function lineOf(at: Error): number {
  return Number(
    callerOf(at.stack ?? '')
      .split(':')
      .pop(),
  );
}
