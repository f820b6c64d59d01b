/**
 * The CRI RuntimeService (runtime.v1) over the same socket and proto as the
 * ImageService (client.ts). What the ContainerRecreateRequest executor uses,
 * as OpenKruise's daemon does through kubelet's remote runtime: Version (the
 * runtime's name, which a pod's `containerd://…` container IDs must name),
 * ListContainers by label, ContainerStatus, ExecSync (a preStop exec; a
 * non-zero exit is an error as kubelet's remote runtime makes it) and
 * StopContainer. RunPodSandbox / CreateContainer / StartContainer /
 * StopPodSandbox / RemovePodSandbox are what kubelet does to start a pod;
 * the integration test plays kubelet with them.
 */
import { criCaller, type CallOptions } from './client.js';

export type CriContainerState =
  'CONTAINER_CREATED' | 'CONTAINER_RUNNING' | 'CONTAINER_EXITED' | 'CONTAINER_UNKNOWN';

export interface CriContainer {
  readonly id: string;
  readonly podSandboxId: string;
  readonly name: string;
  readonly state: CriContainerState;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

export interface CriContainerStatus {
  readonly id: string;
  readonly state: CriContainerState;
  /** Unix nanoseconds, as decimal strings (int64). */
  readonly createdAt: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly exitCode: number;
  readonly reason: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

export interface ExecResult {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  readonly exitCode: number;
}

/** kubelet's remote runtime's error for a command that exited non-zero. */
export class ExecExitError extends Error {
  constructor(
    readonly command: readonly string[],
    readonly result: ExecResult,
  ) {
    super(
      `command '${command.join(' ')}' exited with ${result.exitCode}: ${result.stderr.toString()}`,
    );
  }
}

/** PodSandboxConfig / ContainerConfig of the proto, in proto-loader's camelCase. */
export type CriConfig = Readonly<Record<string, unknown>>;

export interface CriRuntimeService {
  version(options?: CallOptions): Promise<{ runtimeName: string; runtimeVersion: string }>;
  /** Containers whose labels include every pair of `labelSelector`. */
  listContainers(
    labelSelector: Readonly<Record<string, string>>,
    options?: CallOptions,
  ): Promise<CriContainer[]>;
  containerStatus(id: string, options?: CallOptions): Promise<CriContainerStatus>;
  /** Runs `cmd` in the container; 0 seconds is no timeout. Throws ExecExitError on a non-zero exit. */
  execSync(
    id: string,
    cmd: readonly string[],
    timeoutSeconds: number,
    options?: CallOptions,
  ): Promise<ExecResult>;
  /** SIGTERM, then SIGKILL after `timeoutSeconds`. */
  stopContainer(id: string, timeoutSeconds: number, options?: CallOptions): Promise<void>;
  runPodSandbox(config: CriConfig, options?: CallOptions): Promise<string>;
  createContainer(
    podSandboxId: string,
    config: CriConfig,
    sandboxConfig: CriConfig,
    options?: CallOptions,
  ): Promise<string>;
  startContainer(id: string, options?: CallOptions): Promise<void>;
  stopPodSandbox(id: string, options?: CallOptions): Promise<void>;
  removePodSandbox(id: string, options?: CallOptions): Promise<void>;
  close(): void;
}

interface RawContainer {
  readonly id?: string;
  readonly podSandboxId?: string;
  readonly metadata?: { name?: string } | null;
  readonly state?: CriContainerState;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

interface RawStatus extends RawContainer {
  readonly createdAt?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly exitCode?: number;
  readonly reason?: string;
}

const toContainer = (raw: RawContainer): CriContainer => ({
  id: raw.id ?? '',
  podSandboxId: raw.podSandboxId ?? '',
  name: raw.metadata?.name ?? '',
  state: raw.state ?? 'CONTAINER_UNKNOWN',
  labels: raw.labels ?? {},
  annotations: raw.annotations ?? {},
});

export function criRuntimeService(endpoint: string, protoFile: string): CriRuntimeService {
  const { call, close } = criCaller(endpoint, protoFile, 'RuntimeService');
  return {
    async version(options) {
      const res = await call<{ runtimeName?: string; runtimeVersion?: string }>(
        'Version',
        { version: 'v1' },
        options,
      );
      return { runtimeName: res.runtimeName ?? '', runtimeVersion: res.runtimeVersion ?? '' };
    },
    async listContainers(labelSelector, options) {
      const res = await call<{ containers?: RawContainer[] }>(
        'ListContainers',
        { filter: { labelSelector: { ...labelSelector } } },
        options,
      );
      return (res.containers ?? []).map(toContainer);
    },
    async containerStatus(id, options) {
      const res = await call<{ status?: RawStatus | null }>(
        'ContainerStatus',
        { containerId: id, verbose: false },
        options,
      );
      const raw = res.status ?? {};
      return {
        ...toContainer(raw),
        createdAt: raw.createdAt ?? '0',
        startedAt: raw.startedAt ?? '0',
        finishedAt: raw.finishedAt ?? '0',
        exitCode: raw.exitCode ?? 0,
        reason: raw.reason ?? '',
      };
    },
    async execSync(id, cmd, timeoutSeconds, options) {
      const res = await call<{ stdout?: Buffer; stderr?: Buffer; exitCode?: number }>(
        'ExecSync',
        { containerId: id, cmd: [...cmd], timeout: String(timeoutSeconds) },
        options,
      );
      const result = {
        stdout: res.stdout ?? Buffer.alloc(0),
        stderr: res.stderr ?? Buffer.alloc(0),
        exitCode: res.exitCode ?? 0,
      };
      if (result.exitCode !== 0) throw new ExecExitError(cmd, result);
      return result;
    },
    async stopContainer(id, timeoutSeconds, options) {
      await call('StopContainer', { containerId: id, timeout: String(timeoutSeconds) }, options);
    },
    async runPodSandbox(config, options) {
      const res = await call<{ podSandboxId?: string }>('RunPodSandbox', { config }, options);
      return res.podSandboxId ?? '';
    },
    async createContainer(podSandboxId, config, sandboxConfig, options) {
      const res = await call<{ containerId?: string }>(
        'CreateContainer',
        { podSandboxId, config, sandboxConfig },
        options,
      );
      return res.containerId ?? '';
    },
    async startContainer(id, options) {
      await call('StartContainer', { containerId: id }, options);
    },
    async stopPodSandbox(id, options) {
      await call('StopPodSandbox', { podSandboxId: id }, options);
    },
    async removePodSandbox(id, options) {
      await call('RemovePodSandbox', { podSandboxId: id }, options);
    },
    close,
  };
}
