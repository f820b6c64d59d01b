/**
 * The Go oracle (infra/go-oracle/*.go) for TypeScript tests: build.sh builds it
 * once into the binary cache (or finds it there, which takes milliseconds)
 * and prints its path; the tests then run its subcommands. Expected values
 * come from Go itself, never from the code under test.
 */
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { cachedBinary, runLines } from './cached-binary.js';

/** The oracle binary's path, built first if the cache has none for these sources. */
export const goOracle = cachedBinary(
  fileURLToPath(new URL('./build.sh', import.meta.url)),
  'The Go oracle',
);

/** The stdout of one oracle subcommand. */
export const runGoOracle = (subcommand: string): string =>
  execFileSync(goOracle(), [subcommand], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });

/** One input and Go's answer for it; `fn` names the function compared. */
export interface GoVector {
  readonly fn: string;
  readonly in: unknown;
  readonly want: unknown;
}

/** Code points `from`..`to` all give `want` with its placeholders filled (see expandRun). */
export type GoRun = readonly [from: number, to: number, want: string];

export interface GoFormats {
  /** The toolchain that printed the vectors (runtime.Version()). */
  readonly go: string;
  /** The Unicode version of its tables. */
  readonly unicode: string;
  readonly sweeps: Readonly<Record<'quote' | 'jsonString', readonly GoRun[]>>;
  readonly vectors: readonly GoVector[];
}

let formats: GoFormats | undefined;

/** The format vectors (`go-oracle formats`, written beside the binary by build.sh), read once per process. */
export function goFormats(): GoFormats {
  formats ??= JSON.parse(readFileSync(`${goOracle()}.formats.json`, 'utf8')) as GoFormats;
  return formats;
}

/** The vectors of one function. */
export const goVectors = (fn: string): readonly GoVector[] =>
  goFormats().vectors.filter((v) => v.fn === fn);

/** The one-character string of code point `cp`; a surrogate as a lone surrogate. */
export const charOf = (cp: number): string =>
  cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp);

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

/**
 * A run's answer for code point `cp`: `{c}` is the character (U+FFFD for a
 * surrogate, the Go string a lone surrogate stands for), `{xN}` its hex in N digits.
 */
export const expandRun = (want: string, cp: number): string =>
  want
    .replaceAll('{c}', cp >= 0xd800 && cp <= 0xdfff ? '\ufffd' : String.fromCodePoint(cp))
    .replaceAll('{x2}', hex(cp, 2))
    .replaceAll('{x4}', hex(cp, 4))
    .replaceAll('{x8}', hex(cp, 8));

/**
 * `go-oracle decode-pod` kept running: one JSON object per line in, Go's
 * decode error (or '') per line out, answered in order.
 */
export class PodDecodeOracle {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: { resolve: (line: string) => void; reject: (e: Error) => void }[] = [];
  private stderr = '';

  constructor() {
    this.child = spawn(goOracle(), ['decode-pod'], { stdio: 'pipe' });
    this.child.stderr.setEncoding('utf8').on('data', (text: string) => (this.stderr += text));
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      this.waiting.shift()?.resolve(JSON.parse(line) as string);
    });
    const fail = (why: string) => {
      const error = new Error(`go-oracle decode-pod ${why}: ${this.stderr}`);
      for (const w of this.waiting.splice(0)) w.reject(error);
    };
    this.child.on('error', (err) => fail(err.message));
    this.child.on('exit', (code) => fail(`exited with ${String(code)}`));
  }

  /** Go's error decoding `object` (as JSON text) into a core/v1 Pod, '' when it decodes. */
  decode(objectJson: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.child.stdin.write(`${objectJson.replaceAll('\n', '')}\n`);
    });
  }

  close(): void {
    this.child.stdin.end();
  }
}

/** One `go-oracle encode` request: a value to decode into a root type and marshal, or a SidecarSet to hash. */
export type EncodeRequest =
  | { readonly type: string; readonly value: unknown }
  | { readonly op: 'sidecarset-hash'; readonly value: unknown };

/** Go's answer: the JSON text json.Marshal wrote, the two hashes, or the decode error. */
export interface EncodeAnswer {
  readonly json?: string;
  readonly hash?: string;
  readonly hashWithoutImage?: string;
  readonly error?: string;
}

/**
 * Runs `go-oracle encode` once over all `requests` (one process, one line
 * each way) and returns Go's answers in order.
 */
export function goEncodeAll(requests: readonly EncodeRequest[]): Promise<EncodeAnswer[]> {
  return runLines<EncodeRequest, EncodeAnswer>(goOracle(), 'encode', requests);
}

/** What Go's json.Marshal writes of `value` decoded into the root type `type`, parsed. */
export async function goMarshalled(type: string, value: unknown): Promise<unknown> {
  const [answer] = await goEncodeAll([{ type, value }]);
  if (answer?.json === undefined)
    throw new Error(`go-oracle encode: ${answer?.error ?? 'no answer'}`);
  return JSON.parse(answer.json) as unknown;
}
