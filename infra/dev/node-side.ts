/**
 * `make run`'s node: a local docker-registry holding the images the
 * samples pull (built here with umoci and pushed with skopeo: nothing comes
 * from the internet) and Debian's containerd (CRI plugin) whose certs.d
 * maps each image's registry host (e.g. the sample's ECR host) to that
 * registry, so the images keep their names. Everything lives under
 * `<runDir>/node`, made anew on every run. containerd needs root and the
 * tools of `make node-infra`; without them (or when containerd does not
 * come up) the answer says why, and the caller skips the node's parts.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  NODE_TOOLS,
  buildAndPushImage,
  containerdEnv,
  missingNodeTools,
  registryConfig,
  servesSocket,
  writeContainerdLayout,
  type PushedImage,
} from '../node/local-services.js';
import { freePort, startProcess, stopProcess } from './processes.js';
import type { Progress } from './progress.js';

export interface NodeSide {
  /** containerd's CRI socket. */
  readonly socket: string;
  /** `127.0.0.1:<port>` of the local registry. */
  readonly registry: string;
  /** Each served image by the name the samples use, with where it was pushed. */
  readonly images: ReadonlyMap<string, PushedImage>;
  readonly logFiles: readonly string[];
  stop(): Promise<void>;
}

export type NodeSideResult =
  { readonly ok: true; readonly node: NodeSide } | { readonly ok: false; readonly reason: string };

export interface ImageName {
  readonly host: string;
  readonly repository: string;
  readonly tag: string;
}

/** `host/repository:tag` (a tag is required; digests are not served here). */
export function parseImageName(image: string): ImageName | undefined {
  const m = /^([^/]+\.[^/]+|[^/]+:\d+)\/([a-z0-9._/-]+):([\w][\w.-]{0,127})$/.exec(image);
  if (m === null) return undefined;
  const [, host = '', repository = '', tag = ''] = m;
  return { host, repository, tag };
}

/** Why containerd cannot run here, or undefined when it can be tried. */
export function nodeSideUnavailable(uid: number, missing: readonly string[]): string | undefined {
  if (missing.length > 0)
    return `missing ${missing.join(', ')} (make node-infra installs them, as root)`;
  if (uid !== 0) return 'containerd needs root (run make run as root)';
  return undefined;
}

export async function startNodeSide(
  runDir: string,
  images: readonly string[],
  p: Progress,
): Promise<NodeSideResult> {
  const unavailable = nodeSideUnavailable(process.getuid?.() ?? -1, missingNodeTools());
  if (unavailable !== undefined) return { ok: false, reason: unavailable };
  const names = images.map((i) => [i, parseImageName(i)] as const);
  const bad = names.find(([, n]) => n === undefined);
  if (bad !== undefined) return { ok: false, reason: `cannot serve image ${bad[0]}` };

  const dir = join(runDir, 'node');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const child of children.reverse()) await stopProcess(child);
  };
  try {
    const port = await freePort();
    const registry = `127.0.0.1:${port}`;
    const registryLog = join(runDir, 'registry.log');
    const registryYml = join(dir, 'registry.yml');
    writeFileSync(registryYml, registryConfig(port, join(dir, 'registry')));
    const registryChild = startProcess(NODE_TOOLS.registry, ['serve', registryYml], registryLog);
    children.push(registryChild);
    await p.waitFor(`docker-registry on ${registry}`, async () => {
      if (registryChild.exitCode !== null) throw new Error(`docker-registry exited`);
      const res = await fetch(`http://${registry}/v2/`);
      return res.status === 200 ? true : undefined;
    });
    const pushed = new Map<string, PushedImage>();
    for (const [image, name] of names) {
      if (name === undefined) continue;
      const work = join(dir, `build-${pushed.size}`);
      mkdirSync(work);
      pushed.set(
        image,
        await buildAndPushImage(work, { host: registry }, name.repository, name.tag),
      );
    }
    const aliases = Object.fromEntries(
      names.flatMap(([, n]) => (n === undefined ? [] : [[n.host, registry]])),
    );
    const containerdDir = join(dir, 'containerd');
    const { config, socket } = writeContainerdLayout(containerdDir, [registry], aliases);
    const containerdLog = join(runDir, 'containerd.log');
    const containerd = startProcess(NODE_TOOLS.containerd, ['--config', config], containerdLog, {
      env: containerdEnv(),
    });
    children.push(containerd);
    await p.waitFor(
      'containerd to serve its CRI socket',
      async () => {
        if (containerd.exitCode !== null)
          throw new Error(`containerd exited ${containerd.exitCode} (see ${containerdLog})`);
        const log = existsSync(containerdLog) ? readFileSync(containerdLog, 'utf8') : '';
        return servesSocket(log, socket) ? true : undefined;
      },
      30_000,
    );
    return {
      ok: true,
      node: { socket, registry, images: pushed, logFiles: [registryLog, containerdLog], stop },
    };
  } catch (err) {
    await stop();
    return { ok: false, reason: (err as Error).message };
  }
}
