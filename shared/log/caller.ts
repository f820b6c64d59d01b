/**
 * The source location of a log call, as klog and zap's short caller render it:
 * `<parent dir>/<file>:<line>`. It reads V8's formatted stack, which Node maps through source
 * maps when they are on (`tsx`, `node --enable-source-maps`), so a bundle reports the
 * original `.ts` file and line.
 */

/** What klog prints when the runtime cannot tell the caller. */
export const UNKNOWN_CALLER = '???:1';

// `    at fn (/path/file.ts:12:5)`, `    at /path/file.ts:12:5`, `    at fn (file:///p/f.js:1:2)`
const FRAME = /(?:\(|at )([^()]+?):(\d+):\d+\)?$/;

/**
 * The caller of `fn`: the frame just below the topmost call of `fn` on the current stack.
 * Returns {@link UNKNOWN_CALLER} when `fn` is not on the stack or stacks are switched off.
 */
export function captureCaller(fn: (...args: never[]) => unknown): string {
  const holder: { stack?: unknown } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 1;
  try {
    Error.captureStackTrace(holder, fn);
  } finally {
    Error.stackTraceLimit = limit;
  }
  // A library may replace Error.prepareStackTrace and return something else than text.
  return typeof holder.stack === 'string' ? callerOf(holder.stack) : UNKNOWN_CALLER;
}

/** The short caller of the first frame in a formatted V8 stack. */
export function callerOf(stack: string): string {
  const frame = stack.split('\n').find((line) => line.trimStart().startsWith('at '));
  const match = frame === undefined ? null : FRAME.exec(frame.trimEnd());
  if (match === null) return UNKNOWN_CALLER;
  const [, location = '', line = '1'] = match;
  return `${shortPath(location)}:${line}`;
}

/** The last two segments of a path or `file:` URL. */
export function shortPath(location: string): string {
  const path = location.startsWith('file://')
    ? decodePath(location.slice('file://'.length))
    : location;
  const segments = path
    .replaceAll('\\', '/')
    .split('/')
    .filter((s) => s !== '');
  return segments.slice(-2).join('/');
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** The file part of a short caller (`dir/file.ts:12` → `file.ts:12`), as klog's text header. */
export const fileOf = (caller: string): string => caller.slice(caller.lastIndexOf('/') + 1);
