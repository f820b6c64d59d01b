/**
 * The job sidecar terminator as a chaos scenario: job pods on a node whose
 * main container exits while a sidecar runs — sidecars killed by a CRR,
 * ignore-exit-code sidecars whose pod is first marked terminal, and
 * sidecars swapped to an exit image on a virtual-kubelet node. The kubelet
 * (step) writes each pod's status once it exists; the daemon (step) then
 * answers each CRR (Recreating, then Completed) as kruise-daemon would. Done
 * when every pod has reached the state OpenKruise's terminator leads to.
 */
import type { ContainerStatus, Pod } from '../../../shared/api/core/core-v1.js';
import { isConflict } from '../../../shared/kube/api-error.js';
import { nodes, pods } from '../../../shared/kube/core-resources.js';
import { containerRecreateRequests } from '../../../shared/kube/kruise-resources.js';
import type { Scenario } from '../chaos-run.js';

const KILL = { name: 'KRUISE_TERMINATE_SIDECAR_WHEN_JOB_EXIT', value: 'true' };
const IGNORE = { name: 'KRUISE_TERMINATE_SIDECAR_IGNORE_EXIT_CODE', value: 'true' };
const SWAP = { name: 'KRUISE_TERMINATE_SIDECAR_WHEN_JOB_EXIT_WITH_IMAGE', value: 'example/exit:0' };

type Kind = 'kill' | 'ignore' | 'swap';
const PODS: readonly { name: string; kind: Kind; exit: number }[] = [
  { name: 'kill-0', kind: 'kill', exit: 0 },
  { name: 'kill-1', kind: 'kill', exit: 1 },
  { name: 'ignore-0', kind: 'ignore', exit: 0 },
  { name: 'ignore-1', kind: 'ignore', exit: 2 },
  { name: 'swap-0', kind: 'swap', exit: 0 },
];

export interface PodEnd {
  readonly phase: string | undefined;
  readonly sidecarTerminated: string | undefined;
  readonly sidecarImage: string | undefined;
  /** The termination CRR's containers and phase, or null when there is none. */
  readonly crr: { readonly containers: string[]; readonly phase: string | undefined } | null;
}
export type TerminatorState = Readonly<Record<string, PodEnd>>;

const containerStatus = (name: string, image: string, exitCode?: number): ContainerStatus => ({
  name,
  image,
  imageID: `${image}@sha256:0000`,
  containerID: `containerd://${name}`,
  ready: exitCode === undefined,
  restartCount: 0,
  started: exitCode === undefined,
  state:
    exitCode === undefined
      ? { running: { startedAt: '2026-12-01T00:00:00Z' } }
      : {
          terminated: {
            exitCode,
            reason: exitCode === 0 ? 'Completed' : 'Error',
            startedAt: '2026-12-01T00:00:00Z',
            finishedAt: '2026-12-01T00:05:00Z',
            containerID: `containerd://${name}`,
          },
        },
});

/** Runs a write that reads first; a 409 (someone wrote in between) counts as a step taken. */
const orConflict = (write: Promise<unknown>) =>
  write.then(
    () => true,
    (err: unknown) => {
      if (isConflict(err)) return true;
      throw err;
    },
  );

export function sidecarTerminatorScenario(): Scenario<TerminatorState> {
  const nodeOf = (namespace: string, kind: Kind) =>
    kind === 'swap' ? `${namespace}-vk` : `${namespace}-node`;
  const crrOf = (pod: Pod) => `sidecar-termination-${pod.metadata?.uid}`;
  return {
    name: 'the job sidecar terminator over 5 job pods',
    async start(client, namespace) {
      await client.create(nodes, { metadata: { name: nodeOf(namespace, 'kill') } });
      await client.create(nodes, {
        metadata: { name: nodeOf(namespace, 'swap'), labels: { type: 'virtual-kubelet' } },
      });
      for (const { name, kind } of PODS) {
        const env = kind === 'kill' ? [KILL] : kind === 'ignore' ? [KILL, IGNORE] : [SWAP];
        await client.create(pods, {
          metadata: { name, namespace },
          spec: {
            nodeName: nodeOf(namespace, kind),
            restartPolicy: 'Never',
            containers: [
              { name: 'main', image: 'example/job:1' },
              { name: 'sidecar', image: 'example/sidecar:1', env },
            ],
          },
        });
      }
    },
    async step(client, namespace) {
      for (const { name, exit } of PODS) {
        const pod = await client.get(pods, { namespace, name });
        if (pod.status?.containerStatuses === undefined) {
          // The kubelet ran the pod: main exited, the sidecar still runs.
          return orConflict(
            client.updateStatus(pods, {
              ...pod,
              status: {
                phase: 'Running',
                containerStatuses: [
                  containerStatus('main', 'example/job:1', exit),
                  containerStatus('sidecar', 'example/sidecar:1'),
                ],
              },
            }),
          );
        }
        const crr = await client.find(containerRecreateRequests, {
          namespace,
          name: crrOf(pod),
        });
        if (crr === undefined || crr.status?.phase === 'Completed') continue;
        // kruise-daemon takes the CRR up, then reports it done.
        const phase = crr.status?.phase === 'Recreating' ? 'Completed' : 'Recreating';
        return orConflict(
          client.updateStatus(containerRecreateRequests, {
            ...crr,
            status: {
              phase,
              ...(phase === 'Completed' && {
                completionTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
              }),
            },
          }),
        );
      }
      return false;
    },
    async state(client, namespace) {
      const out: Record<string, PodEnd> = {};
      for (const { name } of PODS) {
        const pod = await client.get(pods, { namespace, name });
        const crr = await client.find(containerRecreateRequests, {
          namespace,
          name: crrOf(pod),
        });
        out[name] = {
          phase: pod.status?.phase,
          sidecarTerminated: pod.status?.conditions?.find((c) => c.type === 'SidecarTerminated')
            ?.status,
          sidecarImage: pod.spec?.containers[1]?.image,
          crr:
            crr === undefined
              ? null
              : { containers: crr.spec.containers.map((c) => c.name), phase: crr.status?.phase },
        };
      }
      return out;
    },
    done: (state) =>
      PODS.every(({ name, kind }) => {
        const end = state[name];
        if (end === undefined) return false;
        if (kind === 'swap') return end.sidecarImage === 'example/exit:0';
        // Marked terminal (Succeeded or Failed, by the main container's exit) before the CRR.
        const phaseDone =
          kind !== 'ignore' ||
          ((end.phase === 'Succeeded' || end.phase === 'Failed') &&
            end.sidecarTerminated === 'True');
        return phaseDone && end.crr?.phase === 'Completed';
      }),
    async cleanup(client, namespace) {
      for (const kind of ['kill', 'swap'] as const)
        await client.delete(nodes, { name: nodeOf(namespace, kind) });
    },
  };
}
