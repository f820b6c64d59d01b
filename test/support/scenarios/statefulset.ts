/**
 * An Advanced StatefulSet as a chaos scenario: `Parallel`, 6 replicas with
 * ordinal 2 reserved (pods 0,1,3,4,5,6), then an in-place image update under
 * `maxUnavailable: 2` and `partition: 1` (pod 0 stays old). The kubelet
 * (step) reports one pod per step as a kubelet would: Running, its spec
 * images, Ready when its `InPlaceUpdateReady` gate (if any) is True. Once all
 * six are Ready the step changes the image. Done when pods 1..6 run the new
 * image, pod 0 the old, all Ready, and the status says so.
 *
 * Before every step it samples how many of the six ordinals are unavailable
 * (missing, not Running and Ready, or running another image than its spec)
 * while the update rolls: `maxUnavailableSeen()`. With `concurrent`, every
 * other step also starts 10 reconciles of the set at once, each as its own
 * invocation would (its own reconcileID and Lease attempt).
 */
import { randomUUID } from 'node:crypto';
import type { Pod, PodCondition } from '../../../shared/api/core/core-v1.js';
import type { StatefulSet } from '../../../shared/api/statefulset.js';
import { parseFeatureGates } from '../../../shared/feature-gates.js';
import { isConflict } from '../../../shared/kube/api-error.js';
import type { KubeClient } from '../../../shared/kube/client.js';
import { pods } from '../../../shared/kube/core-resources.js';
import { statefulSets } from '../../../shared/kube/kruise-resources.js';
import { acquireLease, leaseName } from '../../../shared/kube/lease.js';
import { reconcileKey } from '../../../shared/kube/reconcile-key.js';
import { createLogger } from '../../../shared/log/index.js';
import { captureLines } from '../../../shared/log/test-support.js';
import {
  STATEFULSET_CONTROLLER,
  statefulSetController,
} from '../../../functions/reconcile/statefulset/statefulset-controller.js';
import type { Scenario } from '../chaos-run.js';
import { imageID } from '../sidecarset-fixture.js';

export const ORDINALS = [0, 1, 3, 4, 5, 6];
export const MAX_UNAVAILABLE = 2;
const PARTITION = 1;
const CONCURRENT = 10;
const OLD = 'example/web:1';
const NEW = 'example/web:2';
const GATE = 'InPlaceUpdateReady';

export interface StatefulSetState {
  /** By ordinal: `<spec image>/<reported image>/<Ready>`. */
  readonly pods: Readonly<Record<string, string>>;
  readonly status: Readonly<Record<string, number | boolean>>;
}

const ordinalOf = (pod: Pod) => Number(/-(\d+)$/.exec(pod.metadata?.name ?? '')?.[1] ?? -1);
const specImage = (pod: Pod) => pod.spec?.containers[0]?.image ?? '';
const runningImage = (pod: Pod) => pod.status?.containerStatuses?.[0]?.image ?? '';
const condition = (pod: Pod, type: string) =>
  pod.status?.conditions?.find((c) => c.type === type)?.status;
/** What a kubelet reports for Ready: every readiness gate True (none here but InPlaceUpdateReady). */
const gatesTrue = (pod: Pod) =>
  (pod.spec?.readinessGates ?? []).every((g) => condition(pod, g.conditionType) === 'True');

/** The kubelet has reported this pod as it now is. */
const reported = (pod: Pod) =>
  pod.status?.phase === 'Running' &&
  runningImage(pod) === specImage(pod) &&
  (condition(pod, 'Ready') === 'True') === gatesTrue(pod);

const available = (pod: Pod | undefined) =>
  pod !== undefined &&
  pod.metadata?.deletionTimestamp === undefined &&
  pod.status?.phase === 'Running' &&
  condition(pod, 'Ready') === 'True' &&
  runningImage(pod) === specImage(pod);

function reportedStatus(pod: Pod): Pod['status'] {
  const now = `${new Date().toISOString().slice(0, 19)}Z`;
  const ready = gatesTrue(pod) ? 'True' : 'False';
  const kept = (pod.status?.conditions ?? []).filter(
    (c) => c.type !== 'Ready' && c.type !== 'ContainersReady',
  );
  const was = (t: string) => pod.status?.conditions?.find((c) => c.type === t);
  const cond = (type: string, status: 'True' | 'False'): PodCondition =>
    was(type)?.status === status
      ? (was(type) as PodCondition)
      : { type, status, lastTransitionTime: now };
  return {
    phase: 'Running',
    conditions: [...kept, cond('ContainersReady', 'True'), cond('Ready', ready)],
    containerStatuses: (pod.spec?.containers ?? []).map((c) => ({
      name: c.name,
      image: c.image ?? '',
      imageID: imageID(c.image ?? ''),
      ready: ready === 'True',
      restartCount: 0,
      started: true,
      state: { running: { startedAt: now } },
    })),
  };
}

function webSet(name: string, namespace: string): StatefulSet {
  return {
    apiVersion: 'apps.kruise.io/v1beta1',
    kind: 'StatefulSet',
    metadata: { name, namespace },
    spec: {
      replicas: ORDINALS.length,
      reserveOrdinals: [2],
      podManagementPolicy: 'Parallel',
      serviceName: name,
      selector: { matchLabels: { app: name } },
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: {
          maxUnavailable: MAX_UNAVAILABLE,
          partition: PARTITION,
          podUpdatePolicy: 'InPlaceIfPossible',
        },
      },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          readinessGates: [{ conditionType: GATE }],
          containers: [{ name: 'main', image: OLD }],
        },
      },
    },
  };
}

export interface StatefulSetScenario extends Scenario<StatefulSetState> {
  /** The most ordinals seen unavailable at once while the update rolled. */
  maxUnavailableSeen(): number;
  /** Outcomes of the concurrent reconciles, by outcome (`done`, `deferred`, …). */
  concurrentOutcomes(): Readonly<Record<string, number>>;
}

export function statefulSetScenario(
  opts: { concurrent?: boolean; featureGates?: string } = {},
): StatefulSetScenario {
  let maxSeen = 0;
  let updating = false;
  let steps = 0;
  const outcomes: Record<string, number> = {};
  const setName = (namespace: string) => `web-${namespace}`;
  const { destination } = captureLines();
  const log = createLogger({ destination, level: 0, format: 'text', env: {} });
  const controller = statefulSetController({
    gates: parseFeatureGates(opts.featureGates ?? ''),
    kruiseNamespace: 'kruise-system',
    now: () => new Date(),
  });
  const podsByOrdinal = async (client: KubeClient, namespace: string) =>
    new Map(
      (
        await client.list(pods, { namespace, labelSelector: `app=${setName(namespace)}` })
      ).items.map((p) => [ordinalOf(p), p]),
    );
  /** Ten reconciles of the set at once, as ten invocations (each its own Lease attempt). */
  const concurrently = (client: KubeClient, namespace: string) =>
    Promise.all(
      Array.from({ length: CONCURRENT }, async () => {
        const key = { namespace, name: setName(namespace) };
        const result = await reconcileKey(key, controller, client, log, {
          exclusive: (holder) =>
            acquireLease(client, {
              namespace: 'kruise-system',
              name: leaseName(['kruise-fn', STATEFULSET_CONTROLLER, namespace, key.name]),
              holder,
              durationMs: 30_000,
            }),
          reconcileID: randomUUID(),
        });
        outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
      }),
    );
  return {
    name: `an Advanced StatefulSet over ordinals ${ORDINALS.join(',')}, then an in-place update (partition ${PARTITION}, maxUnavailable ${MAX_UNAVAILABLE})${opts.concurrent === true ? `, with ${CONCURRENT} concurrent reconciles` : ''}`,
    maxUnavailableSeen: () => maxSeen,
    concurrentOutcomes: () => ({ ...outcomes }),
    async start(client, namespace) {
      await client.create(statefulSets, webSet(setName(namespace), namespace));
    },
    async step(client, namespace) {
      steps++;
      if (opts.concurrent === true && steps % 2 === 0) await concurrently(client, namespace);
      const byOrdinal = await podsByOrdinal(client, namespace);
      if (updating) {
        const down = ORDINALS.filter((o) => !available(byOrdinal.get(o))).length;
        maxSeen = Math.max(maxSeen, down);
      }
      const next = [...byOrdinal.values()].find(
        (p) => p.metadata?.deletionTimestamp === undefined && !reported(p),
      );
      if (next !== undefined) {
        // Changed meanwhile (the controller's write): the next step sees it as it now is.
        await client
          .updateStatus(pods, { ...next, status: reportedStatus(next) })
          .catch((err: unknown) => {
            if (!isConflict(err)) throw err;
          });
        return true;
      }
      if (!updating && ORDINALS.every((o) => available(byOrdinal.get(o)))) {
        const set = await client.get(statefulSets, { namespace, name: setName(namespace) });
        if (set.status?.readyReplicas !== ORDINALS.length) return false;
        updating = true;
        await client.patch(
          statefulSets,
          { namespace, name: setName(namespace) },
          {
            type: 'merge',
            body: { spec: { template: { spec: { containers: [{ name: 'main', image: NEW }] } } } },
          },
        );
        return true;
      }
      return false;
    },
    async state(client, namespace) {
      const byOrdinal = await podsByOrdinal(client, namespace);
      const set = await client.get(statefulSets, { namespace, name: setName(namespace) });
      const s = set.status;
      return {
        pods: Object.fromEntries(
          [...byOrdinal.entries()]
            .sort(([a], [b]) => a - b)
            .map(([o, p]) => [
              String(o),
              `${specImage(p)}/${runningImage(p)}/${condition(p, 'Ready') ?? ''}`,
            ]),
        ),
        status: {
          replicas: s?.replicas ?? 0,
          readyReplicas: s?.readyReplicas ?? 0,
          availableReplicas: s?.availableReplicas ?? 0,
          currentReplicas: s?.currentReplicas ?? 0,
          updatedReplicas: s?.updatedReplicas ?? 0,
          updatedReadyReplicas: s?.updatedReadyReplicas ?? 0,
          updatedAvailableReplicas: s?.updatedAvailableReplicas ?? 0,
          revisionsDiffer: (s?.currentRevision ?? '') !== (s?.updateRevision ?? ''),
          observed: (s?.observedGeneration ?? 0) === (set.metadata?.generation ?? -1),
        },
      };
    },
    done: (state) =>
      updating &&
      ORDINALS.every(
        (o) => state.pods[String(o)] === (o === 0 ? `${OLD}/${OLD}/True` : `${NEW}/${NEW}/True`),
      ) &&
      Object.keys(state.pods).length === ORDINALS.length &&
      state.status['readyReplicas'] === ORDINALS.length &&
      state.status['updatedReplicas'] === ORDINALS.length - PARTITION &&
      state.status['updatedReadyReplicas'] === ORDINALS.length - PARTITION &&
      state.status['observed'] === true,
    async cleanup(client, namespace) {
      await client.delete(statefulSets, { namespace, name: setName(namespace) }).catch(() => {});
    },
  };
}
