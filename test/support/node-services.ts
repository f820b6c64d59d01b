/**
 * The node side's real services for tests, each in its own temp dir and
 * killed with the test run (infra/dev/processes.ts: setpriv pdeathsig):
 * Debian's containerd with its CRI plugin (native snapshotter, root, state
 * and socket in the temp dir, a certs.d of ours naming the local registries
 * as plain HTTP), Debian's docker-registry with and without htpasswd
 * (bcrypt) auth on loopback, and test images built here with umoci and
 * pushed with skopeo (a static busybox and a file unique to the build;
 * nothing comes from the internet). Installed by `make node-infra`.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, startProcess, stopProcess } from '../../infra/dev/processes.js';
import {
  NODE_TOOLS,
  buildAndPushImage,
  containerdEnv,
  missingNodeTools,
  registryConfig,
  servesSocket,
  writeContainerdLayout,
  writeHtpasswd,
  type ContainerdOptions,
  type PushedImage,
  type PushOptions,
  type RegistryAuth,
} from '../../infra/node/local-services.js';
import { until } from './until.js';

export type { PushedImage, RegistryAuth };

/** Fails with the fix when a tool of `make node-infra` is missing. */
export function requireNodeTools(): void {
  const missing = missingNodeTools();
  if (missing.length > 0) {
    throw new Error(
      `test infrastructure missing: ${missing.join(', ')}. ` +
        'Install it with `make node-infra` (infra/node/install-node-infra.sh; apt-get, as root).',
    );
  }
}

const dirs = new Set<string>();
process.on('exit', () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `kruise-fn-${prefix}-`));
  dirs.add(dir);
  return dir;
}

export interface Registry {
  /** `127.0.0.1:<port>`, the image reference's domain. */
  readonly host: string;
  readonly url: string;
  readonly auth?: RegistryAuth;
  /** The log of the current (or last) run. */
  readonly logFile: string;
  /** Every run's log. */
  logFiles(): string[];
  /** Stops the registry, keeping its storage and port (fault tests). */
  down(): Promise<void>;
  /** Serves again on the same port with the same storage, a new log file. */
  up(): Promise<void>;
  stop(): Promise<void>;
}

/** docker-registry on a free loopback port; with `auth`, htpasswd (bcrypt) auth. */
export async function startRegistry(auth?: RegistryAuth): Promise<Registry> {
  requireNodeTools();
  const dir = tempDir('registry');
  const port = await freePort();
  let htpasswd: string | undefined;
  if (auth !== undefined) {
    htpasswd = join(dir, 'htpasswd');
    await writeHtpasswd(htpasswd, auth);
  }
  const config = join(dir, 'config.yml');
  writeFileSync(config, registryConfig(port, join(dir, 'storage'), htpasswd));
  const url = `http://127.0.0.1:${port}`;
  const logs: string[] = [];
  const serve = async () => {
    const logFile = join(dir, `registry.${logs.length}.log`);
    logs.push(logFile);
    const started = startProcess(NODE_TOOLS.registry, ['serve', config], logFile);
    await until(
      `docker-registry on ${url}`,
      async () => {
        if (started.exitCode !== null) throw new Error(`exited ${started.exitCode}`);
        const res = await fetch(`${url}/v2/`);
        return res.status === 200 || res.status === 401 ? true : undefined;
      },
      { timeoutMs: 20_000, detail: () => readFileSync(logFile, 'utf8') },
    );
    return started;
  };
  let child: ChildProcess | undefined = await serve();
  return {
    host: `127.0.0.1:${port}`,
    url,
    ...(auth !== undefined && { auth }),
    get logFile() {
      return logs[logs.length - 1] ?? '';
    },
    logFiles: () => [...logs],
    async down() {
      if (child !== undefined) await stopProcess(child);
      child = undefined;
    },
    async up() {
      child ??= await serve();
    },
    async stop() {
      if (child !== undefined) await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
      dirs.delete(dir);
    },
  };
}

export interface Containerd {
  readonly socket: string;
  readonly dir: string;
  /** The log of the current (or last) run. */
  readonly logFile: string;
  /** Every run's log. */
  logFiles(): string[];
  /**
   * Kills containerd (SIGKILL, as a crash), waits `downMs`, and starts it
   * again with the same config, root and socket; resolves once it serves.
   */
  restart(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * containerd with the CRI plugin, everything under a temp dir; `registries`
 * (`host:port`) are reached over plain HTTP through certs.d, and each name
 * of `aliases` (e.g. an ECR host) is served by the local registry it maps
 * to (a certs.d entry whose only host is that registry), so an image keeps
 * its name while containerd pulls it from loopback. Resolves once the
 * socket is served.
 */
export async function startContainerd(
  registries: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
  options: ContainerdOptions = {},
): Promise<Containerd> {
  requireNodeTools();
  const dir = tempDir('containerd');
  const { config, socket } = writeContainerdLayout(dir, registries, aliases, options);
  const logs: string[] = [];
  const serve = async () => {
    const logFile = join(
      dir,
      logs.length === 0 ? 'containerd.log' : `containerd.${logs.length}.log`,
    );
    logs.push(logFile);
    const started = startProcess(NODE_TOOLS.containerd, ['--config', config], logFile, {
      env: containerdEnv(),
    });
    await until(
      `containerd serving ${socket}`,
      () => {
        if (started.exitCode !== null) throw new Error(`exited ${started.exitCode}`);
        const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
        return servesSocket(log, socket) ? true : undefined;
      },
      { timeoutMs: 30_000, detail: () => readFileSync(logFile, 'utf8').slice(-4000) },
    );
    return started;
  };
  let child = await serve();
  return {
    socket,
    dir,
    get logFile() {
      return logs[logs.length - 1] ?? '';
    },
    logFiles: () => [...logs],
    async restart(downMs) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await exited;
      await sleep(downMs);
      child = await serve();
    },
    async stop() {
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
      dirs.delete(dir);
    },
  };
}

/**
 * Builds an OCI image with umoci (a static busybox at /bin/busybox and a file
 * unique to this build, so every build has its own digest) and pushes it
 * with skopeo, with the registry's credentials when it has them.
 */
export async function pushTestImage(
  registry: Registry,
  repository: string,
  tag: string,
  opts: PushOptions = {},
): Promise<PushedImage> {
  requireNodeTools();
  const dir = tempDir('image');
  try {
    return await buildAndPushImage(dir, registry, repository, tag, opts);
  } finally {
    dirs.delete(dir);
  }
}

export interface NodeServices {
  readonly containerd: Containerd;
  /** docker-registry without auth. */
  readonly open: Registry;
  /** docker-registry with htpasswd auth (credentials in `auth`). */
  readonly private: Registry & { readonly auth: RegistryAuth };
  /** Every log file of the services, for scans of the run's output. */
  logFiles(): string[];
  stop(): Promise<void>;
}

/** Both registries and a containerd that reaches them; credentials made per run. */
export async function startNodeServices(): Promise<NodeServices> {
  const auth = {
    username: `user-${randomBytes(3).toString('hex')}`,
    password: randomBytes(12).toString('hex'),
  };
  const [open, priv] = await Promise.all([startRegistry(), startRegistry(auth)]);
  const containerd = await startContainerd([open.host, priv.host]).catch(async (err: unknown) => {
    await Promise.all([open.stop(), priv.stop()]);
    throw err;
  });
  return {
    containerd,
    open,
    private: { ...priv, auth },
    logFiles: () => [...containerd.logFiles(), ...open.logFiles(), ...priv.logFiles()],
    async stop() {
      await containerd.stop();
      await Promise.all([open.stop(), priv.stop()]);
    },
  };
}
