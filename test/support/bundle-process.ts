/**
 * A built Knative entry (`dist/<fn>/knative.js`) run as Knative runs it: its
 * own Node process, configured only by its environment (PORT and whatever
 * else the caller passes), ready once `/healthz` answers 200. Its log (stderr)
 * is kept for failure messages; stop() sends SIGTERM and resolves with the
 * exit code once it has drained and exited. A caller that must name the port
 * before the process exists (an apiserver's audit webhook) passes `port`.
 */
import { spawn } from 'node:child_process';
import { freePort } from '../../infra/dev/processes.js';
import { assertNotAdmin } from './chart-identity.js';
import { until } from './until.js';

export interface BundleProcess {
  readonly url: string;
  /** The process id (its /proc entry, for memory and CPU figures). */
  readonly pid: number;
  /** Log lines so far. */
  readonly logs: readonly string[];
  /** SIGTERM, then the exit code (or `signal <name>`). */
  stop(): Promise<number | string>;
}

export async function startBundleProcess(
  outfile: string,
  env: Readonly<Record<string, string>>,
  readyTimeoutMs = 15_000,
  fixedPort?: number,
): Promise<BundleProcess> {
  assertNotAdmin(env['KUBECONFIG'], outfile);
  const port = fixedPort ?? (await freePort());
  const child = spawn(process.execPath, [outfile], {
    env: { PATH: process.env['PATH'] ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  let pending = '';
  const keep = (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    logs.push(...lines);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? `signal ${signal ?? 'unknown'}`)),
  );
  let exitCode: number | string | undefined;
  void exited.then((code) => (exitCode = code));
  const url = `http://127.0.0.1:${port}`;
  const tail = () => logs.slice(-20).join('\n');
  const ready = await until(
    `${outfile} serving on ${port}`,
    async () => {
      if (exitCode !== undefined) return { exited: exitCode };
      return (await fetch(`${url}/healthz`)).status === 200 ? { exited: undefined } : undefined;
    },
    { timeoutMs: readyTimeoutMs, detail: tail },
  ).catch((err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });
  if (ready.exited !== undefined)
    throw new Error(`${outfile} exited (${ready.exited}) before serving\n${tail()}`);
  return {
    url,
    pid: child.pid ?? 0,
    logs,
    stop: () => {
      if (exitCode === undefined) child.kill('SIGTERM');
      return exited;
    },
  };
}
