/**
 * The node side's local services as files and commands, for the node
 * puller's tests (test/support/node-services.ts) and `make run`
 * (infra/dev/node-side.ts): Debian's containerd with its CRI plugin
 * (native snapshotter, root, state and socket under one dir, a certs.d
 * naming local registries as plain HTTP), Debian's docker-registry on
 * loopback, and images built with umoci and pushed with skopeo (a static
 * busybox and a file unique to the build; nothing comes from the internet).
 * Installed by `make node-infra`. Starting and stopping is the callers'.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const NODE_TOOLS = {
  containerd: '/usr/bin/containerd',
  runc: '/usr/sbin/runc',
  registry: '/usr/bin/docker-registry',
  skopeo: '/usr/bin/skopeo',
  umoci: '/usr/bin/umoci',
  busybox: '/bin/busybox',
  htpasswd: '/usr/bin/htpasswd',
} as const;

/** The tools of `make node-infra` that are not installed, as `name (path)`. */
export const missingNodeTools = (): string[] =>
  Object.entries(NODE_TOOLS)
    .filter(([, path]) => !existsSync(path))
    .map(([name, path]) => `${name} (${path})`);

export interface RegistryAuth {
  readonly username: string;
  readonly password: string;
}

/** docker-registry's config.yml: loopback `port`, storage dir, optional htpasswd file. */
export function registryConfig(port: number, storage: string, htpasswd?: string): string {
  return [
    'version: 0.1',
    'log: {level: info, fields: {service: registry}}',
    `storage: {filesystem: {rootdirectory: ${storage}}, delete: {enabled: true}}`,
    `http: {addr: "127.0.0.1:${port}", headers: {X-Content-Type-Options: [nosniff]}}`,
    ...(htpasswd === undefined ? [] : [`auth: {htpasswd: {realm: kruise-fn, path: ${htpasswd}}}`]),
    '',
  ].join('\n');
}

/** Writes the bcrypt htpasswd file for `auth` at `file`. */
export async function writeHtpasswd(file: string, auth: RegistryAuth): Promise<void> {
  const { stdout } = await run(NODE_TOOLS.htpasswd, ['-nbB', auth.username, auth.password]);
  writeFileSync(file, stdout);
}

/** containerd's hosts.toml for a plain-HTTP registry on loopback (certs.d, config_path). */
const hostsToml = (host: string): string =>
  [
    `server = "http://${host}"`,
    `[host."http://${host}"]`,
    '  capabilities = ["pull", "resolve"]',
    '  skip_verify = true',
    '',
  ].join('\n');

export interface ContainerdOptions {
  /** The CRI plugin's sandbox_image (the pause image a RunPodSandbox starts). */
  readonly sandboxImage?: string;
}

/** containerd's config.toml with everything (root, state, socket, certs.d) under `dir`. */
function containerdConfig(dir: string, options: ContainerdOptions): string {
  const q = (p: string) => JSON.stringify(join(dir, p));
  return [
    'version = 2',
    `root = ${q('root')}`,
    `state = ${q('state')}`,
    // Snapshotters this host may lack; the CRI plugin uses `native`.
    'disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.aufs",',
    '  "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper",',
    '  "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing"]',
    '[grpc]',
    `  address = ${q('containerd.sock')}`,
    '[ttrpc]',
    `  address = ${q('containerd.sock.ttrpc')}`,
    '[debug]',
    '  level = "info"',
    '[metrics]',
    '  address = ""',
    '[plugins."io.containerd.internal.v1.opt"]',
    `  path = ${q('opt')}`,
    '[plugins."io.containerd.grpc.v1.cri"]',
    '  stream_server_address = "127.0.0.1"',
    '  stream_server_port = "0"',
    // Pods need a pause image; a host may not let containerd lower a
    // sandbox's oom_score_adj below its own, so it is kept at containerd's.
    ...(options.sandboxImage === undefined
      ? []
      : [
          `  sandbox_image = ${JSON.stringify(options.sandboxImage)}`,
          '  restrict_oom_score_adj = true',
        ]),
    '  [plugins."io.containerd.grpc.v1.cri".containerd]',
    '    snapshotter = "native"',
    '  [plugins."io.containerd.grpc.v1.cri".cni]',
    `    bin_dir = ${q('cni/bin')}`,
    `    conf_dir = ${q('cni/conf')}`,
    '  [plugins."io.containerd.grpc.v1.cri".registry]',
    `    config_path = ${q('certs.d')}`,
    '',
  ].join('\n');
}

export interface ContainerdLayout {
  readonly config: string;
  readonly socket: string;
}

/**
 * Writes containerd's config under `dir`: `registries` (`host:port`) are
 * reached over plain HTTP through certs.d, and each name of `aliases` (e.g.
 * an ECR host) is served by the local registry it maps to (a certs.d entry
 * whose only host is that registry), so an image keeps its name while
 * containerd pulls it from loopback.
 */
export function writeContainerdLayout(
  dir: string,
  registries: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
  options: ContainerdOptions = {},
): ContainerdLayout {
  mkdirSync(dir, { recursive: true });
  const entries = [...registries.map((h) => [h, h] as const), ...Object.entries(aliases)];
  for (const [name, host] of entries) {
    const hostDir = join(dir, 'certs.d', name);
    mkdirSync(hostDir, { recursive: true });
    writeFileSync(join(hostDir, 'hosts.toml'), hostsToml(host));
  }
  const config = join(dir, 'config.toml');
  writeFileSync(config, containerdConfig(dir, options));
  return { config, socket: join(dir, 'containerd.sock') };
}

/** containerd's environment: runc and the shim found on the system PATH. */
export const containerdEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
});

/** containerd's log line once it serves `socket`. */
export const servesSocket = (log: string, socket: string): boolean =>
  log.includes(`msg=serving... address=${socket}`);

export interface PushedImage {
  /** `<host>/<repository>:<tag>` */
  readonly ref: string;
  /** The manifest digest the registry serves, `sha256:…`. */
  readonly digest: string;
}

/**
 * Builds an OCI image with umoci in `workDir` (a static busybox at
 * /bin/busybox and a file unique to this build, so every build has its own
 * digest) and pushes it with skopeo to `host` (with `auth` when given).
 * `workDir` is removed afterwards.
 */
export interface PushOptions {
  /** The image's default arguments to the busybox entrypoint (none unless given). */
  readonly cmd?: readonly string[];
  /** A file of this many random bytes in the layer (a pull that takes a while). */
  readonly paddingBytes?: number;
}

export async function buildAndPushImage(
  workDir: string,
  target: { readonly host: string; readonly auth?: RegistryAuth },
  repository: string,
  tag: string,
  opts: PushOptions = {},
): Promise<PushedImage> {
  try {
    const layout = join(workDir, 'oci');
    await run(NODE_TOOLS.umoci, ['init', '--layout', layout]);
    await run(NODE_TOOLS.umoci, ['new', '--image', `${layout}:build`]);
    const tree = join(workDir, 'tree');
    mkdirSync(join(tree, 'bin'), { recursive: true });
    writeFileSync(join(tree, 'bin', 'busybox'), readFileSync(NODE_TOOLS.busybox), { mode: 0o755 });
    writeFileSync(join(tree, 'build-id'), randomBytes(16).toString('hex'));
    // Random bytes do not compress: the layer blob is about this large.
    if ((opts.paddingBytes ?? 0) > 0)
      writeFileSync(join(tree, 'padding'), randomBytes(opts.paddingBytes ?? 0));
    await run(NODE_TOOLS.umoci, ['insert', '--image', `${layout}:build`, tree, '/']);
    await run(NODE_TOOLS.umoci, [
      'config',
      '--image',
      `${layout}:build`,
      '--config.entrypoint',
      '/bin/busybox',
      ...(opts.cmd ?? []).flatMap((arg) => ['--config.cmd', arg]),
    ]);
    const ref = `${target.host}/${repository}:${tag}`;
    const digestFile = join(workDir, 'digest');
    await run(NODE_TOOLS.skopeo, [
      'copy',
      '--quiet',
      '--dest-tls-verify=false',
      ...(target.auth === undefined
        ? []
        : ['--dest-creds', `${target.auth.username}:${target.auth.password}`]),
      '--digestfile',
      digestFile,
      `oci:${layout}:build`,
      `docker://${ref}`,
    ]);
    return { ref, digest: readFileSync(digestFile, 'utf8').trim() };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
