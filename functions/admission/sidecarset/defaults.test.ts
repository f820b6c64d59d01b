import type { DecodedSidecarSet } from '../../../shared/api/decoded.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goEncodeAll, goMarshalled } from '../../../infra/go-oracle/oracle.js';
import type { AdmissionInput } from '../review/decision.js';
import { defaultSidecarSet, defaultSidecarSetObject, setSidecarSetDefaults } from './defaults.js';

const review = (
  object: DecodedSidecarSet,
  operation: 'CREATE' | 'UPDATE' | 'DELETE' = 'CREATE',
): AdmissionInput<DecodedSidecarSet> => ({
  uid: 'u1',
  operation,
  kind: { group: 'apps.kruise.io', version: 'v1alpha1', kind: 'SidecarSet' },
  resource: { group: 'apps.kruise.io', version: 'v1alpha1', resource: 'sidecarsets' },
  namespace: '',
  name: object.metadata?.name ?? '',
  object,
});

// kruise@v1.7.4:pkg/webhook/sidecarset/mutating/sidecarset_mutating_test.go
const openKruiseInput: DecodedSidecarSet = {
  metadata: { resourceVersion: '123', name: 'sidecarset-test' },
  spec: {
    containers: [{ name: 'dns-f', image: 'dns:1.0' }],
    patchPodMetadata: [{ annotations: { key1: 'value1' } }],
    injectionStrategy: { revision: { customVersion: '1' } },
  },
};
const openKruiseWant: DecodedSidecarSet = {
  metadata: {
    resourceVersion: '123',
    name: 'sidecarset-test',
    annotations: {
      'kruise.io/sidecarset-hash':
        '6wbd76bd7984x24fb4f44fv9222cw9v9bcf85x766744wddd4zwx927zzz2zb684',
      'kruise.io/sidecarset-hash-without-image':
        '82684vwf9d4cb4wz4vffx4ddfbb47ww4z4wwxdbwb8w2zbb7zvf4524cdd49bv94',
    },
  },
  spec: {
    containers: [
      {
        name: 'dns-f',
        image: 'dns:1.0',
        podInjectPolicy: 'BeforeAppContainer',
        upgradeStrategy: { upgradeType: 'ColdUpgrade' },
        shareVolumePolicy: { type: 'disabled' },
        imagePullPolicy: 'IfNotPresent',
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
      },
    ],
    patchPodMetadata: [{ annotations: { key1: 'value1' }, patchPolicy: 'Retain' }],
    injectionStrategy: { revision: { customVersion: '1', policy: 'Always' } },
    updateStrategy: { type: 'RollingUpdate', maxUnavailable: 1, partition: 0 },
    revisionHistoryLimit: 10,
  },
};

describe('defaultSidecarSet', () => {
  it('defaults and hashes like OpenKruise (TestMutatingSidecarSetFn)', () => {
    assert.deepStrictEqual(defaultSidecarSetObject(openKruiseInput), openKruiseWant);
  });
  it('answers with json.Marshal of the defaulted SidecarSet, as Go writes it', async () => {
    assert.deepStrictEqual(defaultSidecarSet(review(openKruiseInput)), {
      allowed: true,
      object: await goMarshalled('v1alpha1.SidecarSet', openKruiseWant),
    });
  });
  it('hashes a gRPC probe without service as OpenKruise does (service is written as null)', async () => {
    const obj = defaultSidecarSetObject({
      metadata: {},
      spec: { containers: [{ name: 'c', image: 'i', readinessProbe: { grpc: { port: 9000 } } }] },
    });
    const [go] = await goEncodeAll([{ op: 'sidecarset-hash', value: obj }]);
    assert.deepStrictEqual(obj.metadata?.annotations, {
      'kruise.io/sidecarset-hash': go?.hash,
      'kruise.io/sidecarset-hash-without-image': go?.hashWithoutImage,
    });
  });
  it('leaves the input untouched', () => {
    const input = structuredClone(openKruiseInput);
    defaultSidecarSetObject(input);
    assert.deepStrictEqual(input, openKruiseInput);
  });
  it('allows without a patch when nothing changes', () => {
    assert.deepStrictEqual(defaultSidecarSet(review(openKruiseWant, 'UPDATE')), { allowed: true });
  });
  it('ignores other operations', () => {
    assert.deepStrictEqual(defaultSidecarSet(review(openKruiseInput, 'DELETE')), { allowed: true });
  });
});

describe('setSidecarSetDefaults', () => {
  it('defaults init containers AfterAppContainer, probes, ports, env and transferEnv field refs', () => {
    // No metadata: Go decodes an empty ObjectMeta.
    const got = setSidecarSetDefaults({
      spec: {
        updateStrategy: { type: 'NotUpdate', partition: '10%' },
        initContainers: [{ name: 'init', image: 'busybox', restartPolicy: 'Always' }],
        containers: [
          {
            name: 'c',
            image: 'repo/app:latest',
            ports: [{ containerPort: 80 }],
            env: [{ name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
            livenessProbe: { httpGet: { port: 80 } },
            startupProbe: { httpGet: { port: 80 } },
            lifecycle: { preStop: { httpGet: { port: 80 } } },
            transferEnv: [
              {
                sourceContainerNameFrom: { fieldRef: { fieldPath: "metadata.labels['c']" } },
                envName: 'X',
              },
            ],
          },
        ],
        volumes: [
          { name: 'a' },
          { name: 'b', configMap: { name: 'cm' } },
          { name: 'c', hostPath: { path: '/x' } },
        ],
      },
    } as DecodedSidecarSet);
    assert.deepStrictEqual(got.spec, {
      updateStrategy: { type: 'NotUpdate', partition: '10%', maxUnavailable: 1 },
      initContainers: [
        {
          name: 'init',
          image: 'busybox',
          restartPolicy: 'Always',
          podInjectPolicy: 'AfterAppContainer',
          upgradeStrategy: { upgradeType: 'ColdUpgrade' },
          shareVolumePolicy: { type: 'disabled' },
          imagePullPolicy: 'Always',
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      containers: [
        {
          name: 'c',
          image: 'repo/app:latest',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          env: [
            {
              name: 'N',
              valueFrom: { fieldRef: { fieldPath: 'metadata.name', apiVersion: 'v1' } },
            },
          ],
          livenessProbe: {
            httpGet: { port: 80, path: '/', scheme: 'HTTP' },
            timeoutSeconds: 1,
            periodSeconds: 10,
            successThreshold: 1,
            failureThreshold: 3,
          },
          // SidecarSet defaulting leaves startup probes alone
          startupProbe: { httpGet: { port: 80 } },
          lifecycle: { preStop: { httpGet: { port: 80, path: '/', scheme: 'HTTP' } } },
          transferEnv: [
            {
              sourceContainerNameFrom: {
                fieldRef: { fieldPath: "metadata.labels['c']", apiVersion: 'v1' },
              },
              envName: 'X',
            },
          ],
          podInjectPolicy: 'BeforeAppContainer',
          upgradeStrategy: { upgradeType: 'ColdUpgrade' },
          shareVolumePolicy: { type: 'disabled' },
          imagePullPolicy: 'Always',
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      volumes: [
        { name: 'a', emptyDir: {} },
        { name: 'b', configMap: { name: 'cm', defaultMode: 420 } },
        { name: 'c', hostPath: { path: '/x', type: '' } },
      ],
      revisionHistoryLimit: 10,
    });
  });
});
