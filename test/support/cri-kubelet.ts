/**
 * What kubelet does through the CRI to run a pod's containers, as much as the
 * ContainerRecreateRequest tests need: a host-network pod sandbox and its
 * containers labelled and annotated as kubelet's kuberuntime labels them
 * (pod name / namespace / UID, container name, restartCount), so the node
 * puller finds them as OpenKruise's daemon does. The pod status kubelet
 * would write is built from CRI ContainerStatus.
 */
import type { ContainerStatus } from '../../shared/api/core/core-v1.js';
import type {
  CriConfig,
  CriRuntimeService,
} from '../../functions/node-puller/cri/runtime-service.js';

export interface KubeletPod {
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
}

export interface RunningContainer {
  readonly id: string;
  readonly name: string;
  readonly restartCount: number;
}

const podLabels = (pod: KubeletPod) => ({
  'io.kubernetes.pod.name': pod.name,
  'io.kubernetes.pod.namespace': pod.namespace,
  'io.kubernetes.pod.uid': pod.uid,
});

export function sandboxConfig(pod: KubeletPod): CriConfig {
  return {
    metadata: { name: pod.name, namespace: pod.namespace, uid: pod.uid, attempt: 0 },
    labels: podLabels(pod),
    annotations: {},
    linux: {
      securityContext: { namespaceOptions: { network: 'NODE', pid: 'CONTAINER', ipc: 'POD' } },
    },
  };
}

export async function runSandbox(cri: CriRuntimeService, pod: KubeletPod): Promise<string> {
  return cri.runPodSandbox(sandboxConfig(pod), { timeoutMs: 60_000 });
}

/** Creates and starts container `name` of `pod` in `sandboxId`, running `args` with the image's busybox. */
export async function startContainer(
  cri: CriRuntimeService,
  pod: KubeletPod,
  sandboxId: string,
  name: string,
  image: string,
  args: readonly string[],
  restartCount: number,
  mounts: readonly { containerPath: string; hostPath: string }[] = [],
): Promise<RunningContainer> {
  const config = {
    metadata: { name, attempt: restartCount },
    image: { image },
    command: ['/bin/busybox'],
    args: [...args],
    labels: { ...podLabels(pod), 'io.kubernetes.container.name': name },
    annotations: {
      'io.kubernetes.container.restartCount': String(restartCount),
      'io.kubernetes.container.hash': '0',
    },
    mounts: mounts.map((m) => ({ ...m })),
    linux: {},
  };
  const id = await cri.createContainer(sandboxId, config, sandboxConfig(pod), {
    timeoutMs: 60_000,
  });
  await cri.startContainer(id, { timeoutMs: 60_000 });
  return { id, name, restartCount };
}

const rfc3339 = (nanos: string): string =>
  new Date(Number(BigInt(nanos) / 1_000_000n)).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The pod status entry kubelet would write for `c`, from CRI ContainerStatus. */
export async function kubeletContainerStatus(
  cri: CriRuntimeService,
  c: RunningContainer,
  image: string,
): Promise<ContainerStatus> {
  const s = await cri.containerStatus(c.id, { timeoutMs: 10_000 });
  const running = s.state === 'CONTAINER_RUNNING';
  return {
    name: c.name,
    containerID: `containerd://${c.id}`,
    image,
    imageID: '',
    ready: running,
    started: running,
    restartCount: c.restartCount,
    state: running
      ? { running: { startedAt: rfc3339(s.startedAt) } }
      : {
          terminated: {
            exitCode: s.exitCode,
            reason: s.reason,
            startedAt: rfc3339(s.startedAt),
            finishedAt: rfc3339(s.finishedAt),
          },
        },
  };
}
