/**
 * The benchmark's workload: a cluster with many SidecarSets, of which a few
 * match the pod, and a 5-container pod as a ReplicaSet would create it.
 * SidecarSets go through the real defaulting (hash annotations included), so
 * they look like what the API server stores.
 */
import { randomUUID } from 'node:crypto';
import { loadAdmissionEvent } from '../../events/admission/load.js';
import { defaultSidecarSetObject } from '../../functions/admission/sidecarset/defaults.js';
import type { DecodedSidecarSet as SidecarSet } from '../../shared/api/decoded.js';

export const POD_LABELS = { app: 'web', tier: 'frontend' } as const;
export const NAMESPACE_LABELS = { team: 'payments' } as const;

/** The SidecarSets that select the bench pod: a proxy before, a log agent and a config agent after. */
function matchingSpecs(run: string): SidecarSet['spec'][] {
  const selector = { matchLabels: { app: POD_LABELS.app } };
  return [
    {
      selector,
      containers: [
        {
          name: `mesh-proxy-${run}`,
          image: 'example/mesh-proxy:1.21',
          env: [{ name: 'PROXY_MODE', value: 'sidecar' }],
          ports: [{ containerPort: 15001, name: 'proxy' }],
        },
      ],
    },
    {
      selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend'] }] },
      containers: [
        {
          name: `log-agent-${run}`,
          image: 'example/log-agent:3.4',
          podInjectPolicy: 'AfterAppContainer',
          shareVolumePolicy: { type: 'enabled' },
          transferEnv: [{ sourceContainerName: 'app', envNames: ['TZ', 'LANG'] }],
          volumeMounts: [{ name: `log-state-${run}`, mountPath: '/var/lib/agent' }],
        },
      ],
      volumes: [{ name: `log-state-${run}`, emptyDir: {} }],
    },
    {
      selector,
      namespaceSelector: { matchLabels: NAMESPACE_LABELS },
      containers: [
        {
          name: `config-agent-${run}`,
          image: 'example/config-agent:2',
          podInjectPolicy: 'AfterAppContainer',
        },
      ],
    },
  ];
}

/** A SidecarSet that never selects the bench pod; every tenth has a namespaceSelector too. */
function otherSpec(i: number, run: string): SidecarSet['spec'] {
  return {
    selector:
      i % 3 === 0
        ? { matchExpressions: [{ key: 'app', operator: 'In', values: [`svc-${i}`, `job-${i}`] }] }
        : { matchLabels: { app: `svc-${i}` } },
    ...(i % 10 === 0 && { namespaceSelector: { matchLabels: { team: `team-${i}` } } }),
    containers: [
      {
        name: `agent-${i}-${run}`,
        image: `example/agent-${i}:1.0`,
        env: [{ name: 'AGENT_ID', value: String(i) }],
      },
    ],
  };
}

/** `total` SidecarSets (defaulted, hashed), the first three matching the bench pod. */
export function benchSidecarSets(total: number, run = 'bench'): SidecarSet[] {
  const specs = matchingSpecs(run);
  for (let i = specs.length; i < total; i++) specs.push(otherSpec(i, run));
  return specs.map((spec, i) =>
    defaultSidecarSetObject({
      apiVersion: 'apps.kruise.io/v1alpha1',
      kind: 'SidecarSet',
      metadata: { name: `${i < 3 ? 'match' : 'other'}-${String(i).padStart(4, '0')}-${run}` },
      spec,
    } as SidecarSet),
  );
}

const container = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  image: `example/${name}:1.0`,
  resources: {},
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
  imagePullPolicy: 'IfNotPresent',
  ...extra,
});

/** The bench pod: five containers with env and mounts, as a ReplicaSet creates it. */
export function benchPod(): Record<string, unknown> {
  const review = loadAdmissionEvent<{ request: { object: Record<string, unknown> } }>('create-pod');
  const pod = review.request.object;
  const spec = pod['spec'] as Record<string, unknown>;
  pod['metadata'] = { generateName: 'web-7d4b9c8f6d-', labels: { ...POD_LABELS } };
  spec['containers'] = [
    container('app', {
      env: [
        { name: 'TZ', value: 'UTC' },
        { name: 'LANG', value: 'C.UTF-8' },
      ],
      volumeMounts: [{ name: 'data', mountPath: '/data' }],
      ports: [{ containerPort: 8080, protocol: 'TCP' }],
    }),
    container('worker', { volumeMounts: [{ name: 'data', mountPath: '/data' }] }),
    container('cache', { volumeMounts: [{ name: 'cache', mountPath: '/cache' }] }),
    container('metrics', { ports: [{ containerPort: 9090, protocol: 'TCP' }] }),
    container('reloader', { env: [{ name: 'WATCH', value: '/data' }] }),
  ];
  spec['volumes'] = [
    { name: 'data', emptyDir: {} },
    { name: 'cache', emptyDir: {} },
  ];
  return pod;
}

/** The AdmissionReview the API server sends for the bench pod in `namespace`. */
export function benchPodReview(namespace: string): string {
  const review = loadAdmissionEvent<{ request: Record<string, unknown> }>('create-pod');
  review.request['uid'] = randomUUID();
  review.request['namespace'] = namespace;
  // As for a ReplicaSet's pods, the object has no namespace; the request carries it.
  review.request['object'] = benchPod();
  return JSON.stringify(review);
}
