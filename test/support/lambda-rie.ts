/**
 * A built Lambda entry (`dist/<fn>/lambda.js`) run as AWS Lambda runs it: the
 * runtime interface emulator (aws-lambda-rie) starts the Node.js runtime
 * interface client (aws-lambda-ric) in a task folder holding only the bundle,
 * its source map and a package.json that marks it ESM, with handler
 * `lambda.handler`; invoke() posts an event to the emulator's invoke API and
 * returns what the function returned. The emulator starts the runtime on the
 * first invoke (the init phase) and reports its duration, kept in
 * initDurationsMs. Logs (the emulator's and the function's) are kept.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { freePort } from '../../infra/dev/processes.js';
import { findLambdaRuntime } from '../../infra/lambda/runtime.js';
import { until } from './until.js';
import { assertNotAdmin } from './chart-identity.js';

export interface LambdaEmulator {
  /** The emulator's invoke API. */
  readonly url: string;
  /** Log lines so far (emulator and function). */
  readonly logs: readonly string[];
  /** The init-phase durations the emulator reported, in ms, one per runtime start. */
  readonly initDurationsMs: readonly number[];
  /** Posts `event`; the function's result (or Lambda's `{errorType, errorMessage}`). */
  invoke(event: unknown): Promise<unknown>;
  /** SIGTERM, then the exit code (or `signal <name>`); removes the task folder. */
  stop(): Promise<number | string>;
}

const INVOKE_PATH = '/2015-03-31/functions/function/invocations';
const INIT_REPORT = /INIT REPORT\(durationMs: ([\d.]+)\)/;

export async function startLambdaEmulator(
  bundle: string,
  env: Readonly<Record<string, string>>,
  readyTimeoutMs = 15_000,
): Promise<LambdaEmulator> {
  assertNotAdmin(env['KUBECONFIG'], bundle);
  const runtime = findLambdaRuntime();
  const task = mkdtempSync(join(tmpdir(), 'kruise-fn-lambda-task-'));
  copyFileSync(bundle, join(task, 'lambda.js'));
  if (existsSync(`${bundle}.map`)) copyFileSync(`${bundle}.map`, join(task, 'lambda.js.map'));
  writeFileSync(join(task, 'package.json'), '{"type":"module"}\n');
  const port = await freePort();
  const child = spawn(
    runtime.emulator,
    [
      // The flag, not the environment: the emulator would read the function's LOG_LEVEL as its own.
      '--log-level',
      'info',
      '--runtime-interface-emulator-address',
      `127.0.0.1:${port}`,
      process.execPath,
      runtime.client,
      'lambda.handler',
    ],
    {
      cwd: task,
      env: {
        PATH: process.env['PATH'] ?? '',
        AWS_LAMBDA_FUNCTION_NAME: basename(task),
        AWS_REGION: 'us-east-1',
        // As the Lambda bundles ship (issue: packaging): source maps give the log caller.
        NODE_OPTIONS: '--enable-source-maps',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const logs: string[] = [];
  const initDurationsMs: number[] = [];
  let pending = '';
  const keep = (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      logs.push(line);
      const init = INIT_REPORT.exec(line);
      // The emulator reports a second, empty init in the invoke phase after a failed one.
      if (init?.[1] !== undefined && line.includes('INIT') && !/phase: invoke/.test(line))
        initDurationsMs.push(Number(init[1]));
    }
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? `signal ${signal ?? 'unknown'}`)),
  );
  let exitCode: number | string | undefined;
  void exited.then((code) => (exitCode = code));
  const url = `http://127.0.0.1:${port}${INVOKE_PATH}`;
  const tail = () => logs.slice(-20).join('\n');
  const cleanUp = () => rmSync(task, { recursive: true, force: true });
  // The emulator answers any path once it listens; the runtime starts on the first invoke.
  const ready = await until(
    `aws-lambda-rie listening on ${port}`,
    async () => {
      if (exitCode !== undefined) return { exited: exitCode };
      return (await fetch(`http://127.0.0.1:${port}/`).then(
        () => true,
        () => false,
      ))
        ? { exited: undefined }
        : undefined;
    },
    { timeoutMs: readyTimeoutMs, detail: tail },
  ).catch((err: unknown) => {
    child.kill('SIGKILL');
    cleanUp();
    throw err;
  });
  if (ready.exited !== undefined) {
    cleanUp();
    throw new Error(`aws-lambda-rie exited (${ready.exited}) before listening\n${tail()}`);
  }
  return {
    url,
    logs,
    initDurationsMs,
    async invoke(event) {
      const res = await fetch(url, { method: 'POST', body: JSON.stringify(event) });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`invoke answered ${res.status}: ${text}\n${tail()}`);
      return text === '' ? null : (JSON.parse(text) as unknown);
    },
    async stop() {
      if (exitCode === undefined) child.kill('SIGTERM');
      const code = await exited;
      cleanUp();
      return code;
    },
  };
}
