import type { DecodedPod, DecodedSidecarSet } from '../../../shared/api/decoded.js';
/** Builders for pod webhook tests: OpenKruise's sidecarset_test.go fixtures (sidecarSet1, pod1, …). */

export const NOW = new Date('2024-09-05T08:00:00.250Z');
export const TS = '2024-09-05T08:00:00Z';

export function sidecarSet1(): DecodedSidecarSet {
  return {
    metadata: {
      name: 'sidecarset1',
      annotations: { 'kruise.io/sidecarset-hash': 'c4k2dbb95d' },
      labels: {},
    },
    spec: {
      selector: { matchLabels: { app: 'suxing-test' } },
      initContainers: [
        { name: 'init-2', image: 'busybox:1.0.0' },
        { name: 'init-1', image: 'busybox:1.0.0' },
      ],
      containers: [
        {
          name: 'dns-f',
          image: 'dns-f-image:1.0',
          podInjectPolicy: 'BeforeAppContainer',
          shareVolumePolicy: { type: 'disabled' },
        },
        {
          name: 'log-agent',
          image: 'log-agent-image:1.0',
          podInjectPolicy: 'AfterAppContainer',
          shareVolumePolicy: { type: 'disabled' },
        },
      ],
    },
  };
}

export function sidecarSetWithTransferEnv(): DecodedSidecarSet {
  return {
    metadata: {
      name: 'sidecarset2',
      annotations: { 'kruise.io/sidecarset-hash': 'c4k2dbb95d' },
      labels: {},
    },
    spec: {
      selector: { matchLabels: { app: 'suxing-test' } },
      initContainers: [
        {
          name: 'dns-e',
          image: 'dns-e-image:1.0',
          volumeMounts: [{ name: 'volume-1', mountPath: '' }],
          podInjectPolicy: 'BeforeAppContainer',
          transferEnv: [{ sourceContainerName: 'nginx', envName: 'hello2' }],
        },
      ],
      containers: [
        {
          name: 'dns-f',
          image: 'dns-f-image:1.0',
          volumeMounts: [{ name: 'volume-1', mountPath: '' }],
          podInjectPolicy: 'BeforeAppContainer',
          shareVolumePolicy: { type: 'disabled' },
          transferEnv: [{ sourceContainerName: 'nginx', envName: 'hello2' }],
        },
      ],
      volumes: [{ name: 'volume-1' }, { name: 'volume-2' }],
    },
  };
}

export function sidecarSet3(): DecodedSidecarSet {
  return {
    metadata: {
      name: 'sidecarset3',
      annotations: { 'kruise.io/sidecarset-hash': 'gm967682cm' },
      labels: {},
    },
    spec: {
      selector: { matchLabels: { app: 'suxing-test' } },
      containers: [
        {
          name: 'dns-f',
          image: 'dns-f-image:1.0',
          volumeMounts: [
            { name: 'volume-1', mountPath: '/a/b/c' },
            { name: 'volume-2', mountPath: '/d/e/f' },
          ],
          podInjectPolicy: 'AfterAppContainer',
          shareVolumePolicy: { type: 'enabled' },
        },
        {
          name: 'log-agent',
          image: 'log-agent-image:1.0',
          podInjectPolicy: 'AfterAppContainer',
          shareVolumePolicy: { type: 'disabled' },
        },
      ],
      volumes: [{ name: 'volume-1' }, { name: 'volume-2' }],
    },
  };
}

export function pod1(): DecodedPod {
  return {
    metadata: { name: 'test-pod', namespace: 'default', labels: { app: 'suxing-test' } },
    spec: {
      initContainers: [{ name: 'init-0', image: 'busybox:1.0.0' }],
      containers: [
        {
          name: 'nginx',
          image: 'nginx:1.15.1',
          env: [
            { name: 'hello1', value: 'world1' },
            { name: 'hello2', value: 'world2' },
          ],
          volumeMounts: [
            { name: 'volume-a', mountPath: '/a/b' },
            { name: 'volume-b', mountPath: '/e/f' },
          ],
        },
      ],
      volumes: [{ name: 'volume-a' }, { name: 'volume-b' }],
    },
  };
}

export const INJECTED = { name: 'IS_INJECTED', value: 'true' };

/** The Go-marshalled form of an injected container: resources always present. */
export const injected = (c: Record<string, unknown>): Record<string, unknown> => ({
  resources: {},
  ...c,
});

export const hashEntry = (name: string, hash: string, list: string[], revision?: string): string =>
  `"${name}":{"updateTimestamp":"${TS}","hash":"${hash}","sidecarSetName":"${name}","sidecarList":${JSON.stringify(list)}${
    revision ? `,"controllerRevision":"${revision}"` : ''
  }}`;
