/**
 * A `node` child for start-up measurements. It runs an ES module script
 * given with `-e`, so Node loads only that script and the bundle it imports,
 * and it gets exactly the environment passed in: no inherited NODE_OPTIONS,
 * no tsx loader. The child's JSON lines on stdout and stderr are collected.
 * Every wait has a deadline and says what it waited for, so a measurement
 * fails with a reason instead of hanging. stop() kills the child.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';

export type JsonLine = Readonly<Record<string, unknown>>;

export interface NodeChild {
  readonly pid: number | undefined;
  /** Why the child ended, once it has. */
  readonly ended: string | undefined;
  /** Every JSON line so far, from either stream, in arrival order. */
  readonly lines: readonly JsonLine[];
  /**
   * The first line, seen or still to come, that `match` accepts. Rejects
   * with `what` in the message at the deadline, or when the child exits first.
   */
  waitFor(what: string, match: (line: JsonLine) => boolean, timeoutMs: number): Promise<JsonLine>;
  /** SIGKILL (nothing the child does after a measurement matters), then waits until it is gone. */
  stop(): Promise<void>;
}

// Lines that are not JSON (a crash's stack trace, say) are kept for failure messages.
const TEXT_LINES = 50;
const ERROR_LINE = /^[A-Za-z]*Error\b/;

/** What a failure message quotes of the child's text output: its error line, or its last line. */
function gist(text: readonly string[]): string {
  const lines = text.map((l) => l.trim()).filter((l) => l !== '');
  const quoted = lines.findLast((l) => ERROR_LINE.test(l)) ?? lines[lines.length - 1];
  return quoted === undefined ? '' : `: ${quoted}`;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function parseLine(text: string): JsonLine | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as JsonLine)
      : undefined;
  } catch {
    return undefined;
  }
}

interface Waiter {
  readonly what: string;
  readonly match: (line: JsonLine) => boolean;
  readonly resolve: (line: JsonLine) => void;
  readonly reject: (err: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/** Starts `node --input-type=module -e <script> <args…>` with exactly `env`. */
export function startNodeScript(
  script: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): NodeChild {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const lines: JsonLine[] = [];
  const text: string[] = [];
  const waiters = new Set<Waiter>();
  let ended: string | undefined;

  const settle = (w: Waiter, outcome: JsonLine | Error) => {
    clearTimeout(w.timer);
    waiters.delete(w);
    if (outcome instanceof Error) w.reject(outcome);
    else w.resolve(outcome);
  };
  const read = (stream: Readable) =>
    createInterface({ input: stream }).on('line', (raw) => {
      const line = parseLine(raw);
      if (line === undefined) {
        text.push(raw);
        if (text.length > TEXT_LINES) text.shift();
        return;
      }
      lines.push(line);
      for (const w of [...waiters]) if (w.match(line)) settle(w, line);
    });
  read(child.stdout);
  read(child.stderr);
  const exited = new Promise<void>((resolve) => {
    const end = (reason: string) => {
      running.delete(child);
      ended ??= reason;
      // Let the streams deliver their last lines before waiters learn of the exit.
      setImmediate(() => {
        const output = gist(text);
        for (const w of [...waiters]) settle(w, new Error(`${ended} before ${w.what}${output}`));
        resolve();
      });
    };
    child.once('error', (err) => end(`node could not start (${err.message})`));
    child.once('close', (code, signal) =>
      end(signal !== null ? `the child was killed (${signal})` : `the child exited with ${code}`),
    );
  });

  return {
    pid: child.pid,
    get ended() {
      return ended;
    },
    lines,
    waitFor(what, match, timeoutMs) {
      const seen = lines.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      if (ended !== undefined) {
        return Promise.reject(new Error(`${ended} before ${what}${gist(text)}`));
      }
      return new Promise<JsonLine>((resolve, reject) => {
        const timer = setTimeout(
          () => settle(waiter, new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)),
          timeoutMs,
        );
        const waiter: Waiter = { what, match, resolve, reject, timer };
        waiters.add(waiter);
      });
    },
    async stop() {
      if (ended === undefined) child.kill('SIGKILL');
      await exited;
    },
  };
}
