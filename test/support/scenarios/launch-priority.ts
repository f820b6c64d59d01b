/**
 * Container launch priority as a chaos scenario: pods whose containers start
 * `Ordered` (the admission webhook gives container i the barrier key
 * `p_-i`); the kubelet (step) reports a container Ready once its key is in
 * the barrier ConfigMap, one container per step; done when every pod is
 * marked completed with every key released.
 */
import type { Pod } from '../../../shared/api/core/core-v1.js';
import { isConflict } from '../../../shared/kube/api-error.js';
import { configMaps, pods } from '../../../shared/kube/core-resources.js';
import type { Scenario } from '../chaos-run.js';

const LAUNCH_PRIORITY = 'apps.kruise.io/container-launch-priority';
const COMPLETED = 'apps.kruise.io/container-launch-priority-completed';
const CONTAINERS = ['first', 'second', 'third'];

export interface LaunchState {
  readonly [pod: string]: { readonly released: string[]; readonly completed: boolean };
}

const barrierKey = (pod: Pod, container: string) =>
  pod.spec?.containers
    .find((c) => c.name === container)
    ?.env?.find((e) => e.name === 'KRUISE_CONTAINER_BARRIER')?.valueFrom?.configMapKeyRef?.key;

const readyStatus = (name: string, ready: boolean) => ({
  name,
  ready,
  restartCount: 0,
  image: `example/${name}:1`,
  imageID: '',
  ...(ready && { started: true, state: { running: { startedAt: '2026-12-01T00:00:00Z' } } }),
});

export function launchPriorityScenario(podCount: number): Scenario<LaunchState> {
  const names = Array.from({ length: podCount }, (_, i) => `ordered-${i}`);
  return {
    name: `launch priority over ${podCount} pods`,
    async start(client, namespace) {
      for (const name of names) {
        await client.create(pods, {
          metadata: { name, namespace, annotations: { [LAUNCH_PRIORITY]: 'Ordered' } },
          spec: { containers: CONTAINERS.map((c) => ({ name: c, image: `example/${c}:1` })) },
        });
      }
    },
    async step(client, namespace) {
      for (const name of names) {
        const pod = await client.get(pods, { namespace, name });
        const barrier = await client.find(configMaps, { namespace, name: `${name}-barrier` });
        const ready = new Set(
          (pod.status?.containerStatuses ?? []).filter((s) => s.ready).map((s) => s.name),
        );
        const next = CONTAINERS.find((c) => {
          const key = barrierKey(pod, c);
          return !ready.has(c) && key !== undefined && Object.hasOwn(barrier?.data ?? {}, key);
        });
        if (next === undefined) continue;
        ready.add(next);
        // The kubelet, too, writes over the version it read: a 409 means read again.
        await client
          .updateStatus(pods, {
            ...pod,
            status: {
              phase: 'Pending',
              containerStatuses: CONTAINERS.map((c) => readyStatus(c, ready.has(c))),
            },
          })
          .catch((err: unknown) => {
            if (!isConflict(err)) throw err;
          });
        return true;
      }
      return false;
    },
    async state(client, namespace) {
      const out: Record<string, LaunchState[string]> = {};
      for (const name of names) {
        const pod = await client.get(pods, { namespace, name });
        const barrier = await client.find(configMaps, { namespace, name: `${name}-barrier` });
        out[name] = {
          released: Object.keys(barrier?.data ?? {}).sort(),
          completed: pod.metadata?.annotations?.[COMPLETED] === 'true',
        };
      }
      return out;
    },
    done: (state) =>
      Object.values(state).every((p) => p.completed && p.released.length === CONTAINERS.length),
  };
}
