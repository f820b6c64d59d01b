/** Polling for a state a test waits on, with a message that says what never came. */
import { setTimeout as sleep } from 'node:timers/promises';

export interface UntilOptions {
  /** default 30 s */
  readonly timeoutMs?: number;
  /** default 100 ms */
  readonly intervalMs?: number;
  /** Appended to the failure message (e.g. the tail of a log). */
  readonly detail?: () => string;
}

/** Polls `probe` until it returns a value (not undefined); a throw counts as not yet. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  opts: UntilOptions = {},
): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const got = await probe();
      if (got !== undefined) return got;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      const detail = opts.detail?.() ?? '';
      throw new Error(
        `${what}: not within ${timeoutMs} ms (${String(last ?? 'no match')})${detail ? `\n${detail}` : ''}`,
      );
    }
    await sleep(opts.intervalMs ?? 100);
  }
}
