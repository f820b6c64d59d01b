/**
 * Function bundles started the way their platform starts them, for start-up
 * figures. Every figure is `performance.now()` in the child, in milliseconds
 * since its process started (Node's time origin):
 *
 * - Lambda: the runner imports the bundle, checks that `handler` is a
 *   function (the end of Lambda's init phase), then calls it with the
 *   events it was given, one after another, and prints a mark after each.
 * - Knative: the runner prints its time origin and imports the bundle as its
 *   main module would be. The logger stamps lines with `timeOrigin + now()`
 *   (shared/log/create-logger.ts), so the "Serving" line's `ts` less the
 *   origin is the child's `performance.now()` when it listened.
 * - An empty runner prints one mark: what Node itself costs.
 */
import { pathToFileURL } from 'node:url';
import { startNodeScript, type JsonLine, type NodeChild } from './node-child.js';

export type Env = Readonly<Record<string, string>>;

const MARK =
  'const mark = (name, extra) => writeSync(1, JSON.stringify({ mark: name, ms: performance.now(), ...extra }) + "\\n");';

const EMPTY_SCRIPT = ["import { writeSync } from 'node:fs';", MARK, "mark('started');"].join('\n');

// argv: the bundle's URL, then a JSON array of [name, event] pairs.
const LAMBDA_SCRIPT = [
  "import { writeSync } from 'node:fs';",
  MARK,
  "const [entry, events = '[]'] = process.argv.slice(1);",
  'const { handler } = await import(entry);',
  "if (typeof handler !== 'function') throw new Error(`${entry} exports no handler function`);",
  "mark('handler');",
  'for (const [name, event] of JSON.parse(events)) mark(name, { result: await handler(event, {}) });',
  // A warm-up read left in flight must not keep the runner alive.
  'process.exit(0);',
].join('\n');

const KNATIVE_SCRIPT = [
  "import { writeSync } from 'node:fs';",
  "writeSync(1, JSON.stringify({ mark: 'origin', timeOrigin: performance.timeOrigin }) + '\\n');",
  'await import(process.argv[1]);',
].join('\n');

/** Settings every child gets: PATH only from this process, quiet JSON logs. */
export const baseEnv = (extra: Env): Env => ({
  PATH: process.env['PATH'] ?? '',
  LOG_LEVEL: '0',
  LOGGING_FORMAT: 'json',
  ...extra,
});

/** The runner's mark `name`, as milliseconds since the child's process start. */
export function markMs(line: JsonLine): number {
  const ms = line['ms'];
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new Error(`mark ${String(line['mark'])} carries no time: ${JSON.stringify(line)}`);
  }
  return ms;
}

export const waitForMark = (child: NodeChild, name: string, timeoutMs: number) =>
  child.waitFor(`mark "${name}"`, (l) => l['mark'] === name, timeoutMs);

export const startEmptyNode = (env: Env): NodeChild => startNodeScript(EMPTY_SCRIPT, [], env);

/**
 * A Lambda bundle: `handler` is called with each event in turn after the
 * module loaded. AWS_LAMBDA_FUNCTION_NAME is set as Lambda sets it (the
 * admission deps start no refresh timer there).
 */
export function startLambda(
  outfile: string,
  env: Env,
  events: readonly (readonly [name: string, event: unknown])[] = [],
): NodeChild {
  const args = [pathToFileURL(outfile).href, JSON.stringify(events)];
  return startNodeScript(LAMBDA_SCRIPT, args, {
    AWS_LAMBDA_FUNCTION_NAME: 'kruise-fn-start-up',
    ...env,
  });
}

export interface KnativeChild {
  readonly child: NodeChild;
  /** Milliseconds from the child's process start until it logged "Serving", and its port. */
  serving(timeoutMs: number): Promise<{ ms: number; port: number }>;
  /** The child's process start on this machine's wall clock (epoch ms). */
  timeOrigin(timeoutMs: number): Promise<number>;
}

/** A Knative bundle: set PORT (0 for any) and no TLS_* variable to serve plain HTTP. */
export function startKnative(outfile: string, env: Env): KnativeChild {
  const child = startNodeScript(KNATIVE_SCRIPT, [pathToFileURL(outfile).href], env);
  const timeOrigin = async (timeoutMs: number) => {
    const line = await waitForMark(child, 'origin', timeoutMs);
    const origin = line['timeOrigin'];
    if (typeof origin !== 'number') throw new Error(`no time origin in ${JSON.stringify(line)}`);
    return origin;
  };
  return {
    child,
    timeOrigin,
    async serving(timeoutMs) {
      const origin = await timeOrigin(timeoutMs);
      const line = await child.waitFor(
        'the "Serving" log line',
        (l) => l['msg'] === 'Serving',
        timeoutMs,
      );
      const [ts, port] = [line['ts'], line['port']];
      if (typeof ts !== 'number' || typeof port !== 'number') {
        throw new Error(`"Serving" carries no ts or port: ${JSON.stringify(line)}`);
      }
      return { ms: ts - origin, port };
    },
  };
}
