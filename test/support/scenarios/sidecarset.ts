/**
 * A SidecarSet rolling update as a chaos scenario: 6 pods, `partition: 1`,
 * `maxUnavailable: 2`, the sidecar's image changed once the pods run. The
 * kubelet (step) restarts one updated sidecar per step (its status then
 * reports the new image). Done when 5 pods run the new image, one stays on
 * the old, and the status counts say so. `maxInFlight` is the most pods seen
 * updated and not yet restarted at once.
 */
import type { KubeClient } from '../../../shared/kube/client.js';
import { pods } from '../../../shared/kube/core-resources.js';
import { sidecarSets } from '../../../shared/kube/kruise-resources.js';
import type { Scenario } from '../chaos-run.js';
import { counts, sidecarSetFixture, type Counts } from '../sidecarset-fixture.js';

const PODS = 6;
const PARTITION = 1;
export const MAX_UNAVAILABLE = 2;
const SIDECAR = 'log-agent';

export interface RolloutState {
  readonly images: Readonly<Record<string, string>>;
  readonly counts: Counts;
}

export function sidecarSetScenario(): Scenario<RolloutState> & { maxInFlight(): number } {
  let maxInFlight = 0;
  const setName = (namespace: string) => `rollout-${namespace}`;
  // Pod names without the namespace-derived prefix, so two runs compare equal.
  const short = (name: string) => name.slice(name.lastIndexOf('-') + 1);
  const sidecarOf = async (client: KubeClient, namespace: string) =>
    (await client.list(pods, { namespace })).items.map((p) => ({
      pod: p,
      spec: p.spec?.containers.find((c) => c.name === SIDECAR)?.image,
      running: p.status?.containerStatuses?.find((c) => c.name === SIDECAR)?.image,
    }));
  return {
    name: `a SidecarSet rolling update over ${PODS} pods (partition ${PARTITION}, maxUnavailable ${MAX_UNAVAILABLE})`,
    maxInFlight: () => maxInFlight,
    async start(client, namespace) {
      const f = sidecarSetFixture(client, namespace);
      const name = setName(namespace);
      await f.createSidecarSet(name, name, {
        containers: [{ name: SIDECAR, image: 'example/log:1' }],
        updateStrategy: {
          type: 'RollingUpdate',
          partition: PARTITION,
          maxUnavailable: MAX_UNAVAILABLE,
        },
      });
      await f.createPods(name, PODS);
      await f.setImage(name, 'example/log:2');
    },
    async step(client, namespace) {
      const sidecars = await sidecarOf(client, namespace);
      const behind = sidecars.filter((s) => s.spec !== s.running);
      maxInFlight = Math.max(maxInFlight, behind.length);
      const next = behind[0];
      if (next === undefined) return false;
      const name = next.pod.metadata?.name ?? '';
      await sidecarSetFixture(client, namespace).kubelet(name, Number(short(name)));
      return true;
    },
    async state(client, namespace) {
      const sidecars = await sidecarOf(client, namespace);
      const set = await client.get(sidecarSets, { name: setName(namespace) });
      return {
        images: Object.fromEntries(
          sidecars.map((s) => [short(s.pod.metadata?.name ?? ''), `${s.spec}/${s.running}`]),
        ),
        counts: counts(set),
      };
    },
    done: (state) =>
      Object.values(state.images).filter((i) => i === 'example/log:2/example/log:2').length ===
        PODS - PARTITION &&
      state.counts.updatedPods === PODS - PARTITION &&
      state.counts.updatedReadyPods === PODS - PARTITION &&
      state.counts.readyPods === PODS,
    async cleanup(client, namespace) {
      await client.delete(sidecarSets, { name: setName(namespace) });
    },
  };
}
