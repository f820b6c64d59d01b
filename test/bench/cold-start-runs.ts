/**
 * One cold start of a function bundle in a fresh `node` (infra/bundle/
 * entry-child.ts), in milliseconds since the child's process started:
 *
 * - Lambda: `handler` exported (the init phase), then the answers to the
 *   events it is handed one after another, each timed in the child;
 * - Lambda under the runtime emulator (aws-lambda-rie + aws-lambda-ric, as
 *   test/support/lambda-rie.ts runs it): the init duration the emulator
 *   reports, then the answers to the events invoked one after another,
 *   timed in this process from the emulator's spawn (the emulator starts the
 *   runtime on the first invoke, as Lambda does on a cold invocation);
 * - Knative: "Serving" logged (the child's clock), then the first answers
 *   over plain HTTP, timed in this process: `/healthz` polled from the
 *   moment of the spawn, then each request once the one before it was
 *   answered. This process's wall clock, anchored on a millisecond tick,
 *   is compared with the child's time origin (both read the system clock).
 */
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  markMs,
  startEmptyNode,
  startKnative,
  startLambda,
  waitForMark,
  type Env,
} from '../../infra/bundle/entry-child.js';
import type { NodeChild } from '../../infra/bundle/node-child.js';
import { startLambdaEmulator } from '../support/lambda-rie.js';

export interface Answer {
  readonly status: number;
  readonly body: string;
}

export interface TimedAnswer extends Answer {
  /** When it was answered, in ms since the child's process start. */
  readonly ms: number;
}

export interface ColdStart {
  /** Process start → `handler` exported (Lambda) or "Serving" logged (Knative). */
  readonly readyMs: number;
  /** The answers, in the order asked. */
  readonly answers: readonly TimedAnswer[];
}

export interface Ask {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: string;
}

// Generous: a cold answer takes well under a second, a control plane under load a few.
const DEADLINE_MS = 30_000;
const POLL_MS = 5;

/** This process's wall clock in epoch ms with sub-ms precision. */
function wallClock(): () => number {
  const first = Date.now();
  let tick = Date.now();
  while (tick === first) tick = Date.now();
  const at = performance.now();
  return () => tick + (performance.now() - at);
}

async function stopping<T>(child: NodeChild, use: () => Promise<T>): Promise<T> {
  try {
    return await use();
  } finally {
    await child.stop();
  }
}

export const emptyNodeStart = (env: Env): Promise<ColdStart> => {
  const child = startEmptyNode(env);
  return stopping(child, async () => ({
    readyMs: markMs(await waitForMark(child, 'started', DEADLINE_MS)),
    answers: [],
  }));
};

/** Lambda Function URL results carry the HTTP answer as statusCode and body. */
function lambdaAnswer(line: Readonly<Record<string, unknown>>): TimedAnswer {
  const result = line['result'] as { statusCode?: unknown; body?: unknown } | undefined;
  return {
    status: typeof result?.statusCode === 'number' ? result.statusCode : 0,
    body: typeof result?.body === 'string' ? result.body : JSON.stringify(result),
    ms: markMs(line),
  };
}

export function lambdaStart(
  outfile: string,
  env: Env,
  events: readonly (readonly [name: string, event: unknown])[],
): Promise<ColdStart> {
  const child = startLambda(outfile, env, events);
  return stopping(child, async () => {
    const readyMs = markMs(await waitForMark(child, 'handler', DEADLINE_MS));
    const answers: TimedAnswer[] = [];
    for (const [name] of events) {
      answers.push(lambdaAnswer(await waitForMark(child, name, DEADLINE_MS)));
    }
    return { readyMs, answers };
  });
}

export async function emulatorStart(
  outfile: string,
  env: Env,
  events: readonly (readonly [name: string, event: unknown])[],
): Promise<ColdStart> {
  const spawned = performance.now();
  const emulator = await startLambdaEmulator(outfile, env, DEADLINE_MS);
  try {
    const answers: TimedAnswer[] = [];
    for (const [, event] of events) {
      const result = await emulator.invoke(event);
      answers.push(lambdaAnswer({ result, ms: performance.now() - spawned }));
    }
    const [initMs] = emulator.initDurationsMs;
    if (initMs === undefined) throw new Error(`${outfile}: the emulator reported no init phase`);
    return { readyMs: initMs, answers };
  } finally {
    await emulator.stop();
  }
}

function call(port: number, ask: Ask): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers =
      ask.body === undefined
        ? {}
        : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(ask.body) };
    const req = request(
      { host: '127.0.0.1', port, method: ask.method, path: ask.path, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(DEADLINE_MS, () => req.destroy(new Error(`${ask.path}: no answer in time`)));
    req.on('error', reject);
    req.end(ask.body);
  });
}

const refused = (err: unknown) => (err as { code?: unknown } | null)?.code === 'ECONNREFUSED';

/** The first answer to `ask` once the child listens; refused connections are retried. */
async function firstAnswer(child: NodeChild, port: number, ask: Ask): Promise<Answer> {
  const deadline = performance.now() + DEADLINE_MS;
  for (;;) {
    try {
      return await call(port, ask);
    } catch (err) {
      if (!refused(err) || performance.now() > deadline) throw err;
      if (child.ended !== undefined) {
        throw new Error(`${child.ended} before it listened`, { cause: err });
      }
      await sleep(POLL_MS);
    }
  }
}

/** `asks[0]` is polled until the child listens; the rest follow one after another. */
export async function knativeStart(
  outfile: string,
  env: Env,
  port: number,
  asks: readonly Ask[],
): Promise<ColdStart> {
  const now = wallClock();
  const knative = startKnative(outfile, { ...env, PORT: String(port) });
  return stopping(knative.child, async () => {
    const timed: { answer: Answer; at: number }[] = [];
    for (const ask of asks) {
      const answer = await firstAnswer(knative.child, port, ask);
      timed.push({ answer, at: now() });
    }
    const origin = await knative.timeOrigin(DEADLINE_MS);
    const { ms: readyMs } = await knative.serving(DEADLINE_MS);
    return { readyMs, answers: timed.map(({ answer, at }) => ({ ...answer, ms: at - origin })) };
  });
}
