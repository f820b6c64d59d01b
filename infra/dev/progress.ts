/**
 * `make run`'s progress lines: each step as `[run]  <elapsed> s  <what>`,
 * seconds since the run started, and a wait that lasts prints how long it
 * has waited every `PROGRESS_EVERY_MS`, so a long step never looks hung.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export const PROGRESS_EVERY_MS = 5_000;

export interface Progress {
  /** One line: the elapsed seconds and `msg`. */
  say(msg: string): void;
  /** Lines as they are (the summary blocks). */
  print(lines: readonly string[]): void;
  /** Seconds since the start, one decimal. */
  elapsed(): string;
  /**
   * Polls `probe` every 250 ms until it returns a value (a throw counts as
   * not yet); prints `waiting for <what> (<n> s)` while it lasts; fails with
   * the last error after `timeoutMs`.
   */
  waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs?: number): Promise<T>;
}

export const elapsedLine = (ms: number, msg: string): string =>
  `[run] ${(ms / 1000).toFixed(1).padStart(5)} s  ${msg}`;

export function progress(
  write: (text: string) => void,
  started = Date.now(),
  now: () => number = Date.now,
): Progress {
  const say = (msg: string) => write(`${elapsedLine(now() - started, msg)}\n`);
  return {
    say,
    print: (lines) => write(`${lines.join('\n')}\n`),
    elapsed: () => ((now() - started) / 1000).toFixed(1),
    async waitFor(what, probe, timeoutMs = 60_000) {
      const begun = now();
      let lastNote = begun;
      let lastError: unknown;
      for (;;) {
        try {
          const value = await probe();
          if (value !== undefined) return value;
        } catch (err) {
          lastError = err;
        }
        const t = now();
        if (t - begun > timeoutMs) {
          const why = lastError instanceof Error ? `: ${lastError.message}` : '';
          throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${why}`);
        }
        if (t - lastNote >= PROGRESS_EVERY_MS) {
          lastNote = t;
          say(`  … waiting for ${what} (${Math.round((t - begun) / 1000)} s)`);
        }
        await sleep(250);
      }
    },
  };
}
