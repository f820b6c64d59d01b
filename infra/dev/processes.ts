/**
 * Child processes of the local system (etcd, kube-apiserver, functions under
 * `make run`): output to a log file, ended with this process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { createServer } from 'node:net';

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === 'object' && addr !== null
          ? resolve(addr.port)
          : reject(new Error('no port')),
      );
    });
  });
}

// setpriv (util-linux) makes the kernel kill a child when this process dies,
// even by SIGKILL, so no etcd or kube-apiserver outlives its test run.
const pdeathsig = existsSync('/usr/bin/setpriv')
  ? ['/usr/bin/setpriv', '--pdeathsig', 'SIGKILL', '--']
  : [];

export interface StartOptions {
  readonly env?: NodeJS.ProcessEnv;
}

/** Starts a program whose output goes to logFile and which dies with this process. */
export function startProcess(
  bin: string,
  args: readonly string[],
  logFile: string,
  opts: StartOptions = {},
): ChildProcess {
  const log = createWriteStream(logFile);
  const [cmd, ...rest] = [...pdeathsig, bin, ...args] as [string, ...string[]];
  const child = spawn(cmd, rest, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: opts.env ?? process.env,
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  // A child never keeps this process alive on its own: a test file that ran
  // its own control plane ends when its tests do (the exit hook kills the
  // children); long-running owners (make run) keep themselves alive.
  child.unref();
  for (const stream of [child.stdout, child.stderr])
    (stream as { unref?: () => void } | null)?.unref?.();
  running.add(child);
  child.on('exit', () => running.delete(child));
  child.on('error', (err) => {
    log.write(`${bin} failed to start: ${err.message}\n`);
  });
  return child;
}

/** SIGTERM, then SIGKILL after 10 s; resolves once the process has exited. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
