import type { DecodedPod, DecodedSidecarSet } from '../../../shared/api/decoded.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mutatePod, revisionLookups } from './mutate-pod.js';
import type { MutatePodInput } from './mutate-pod.js';
import { restoreSidecarSet } from '../../../shared/sidecarset/revision.js';
import { INJECTED, NOW, TS, hashEntry, injected, pod1, sidecarSet1 } from './test-fixtures.js';

const input = (
  pod: DecodedPod,
  sidecarSets: DecodedSidecarSet[],
  extra: Partial<MutatePodInput> = {},
): MutatePodInput => ({
  pod,
  namespace: 'default',
  operation: 'CREATE',
  resource: 'pods',
  sidecarSets,
  namespaceLabels: { default: {} },
  now: NOW,
  randomSuffix: () => 'x2b4z',
  ...extra,
});
const podOf = (result: ReturnType<typeof mutatePod>): DecodedPod => {
  assert.ok('pod' in result, JSON.stringify(result));
  return result.pod;
};
const version = (name: string) => ({
  name: 'SIDECARSET_VERSION',
  valueFrom: {
    fieldRef: { fieldPath: `metadata.annotations['version.sidecarset.kruise.io/${name}']` },
  },
});
const versionAlt = (name: string) => ({
  name: 'SIDECARSET_VERSION_ALT',
  valueFrom: {
    fieldRef: { fieldPath: `metadata.annotations['versionalt.sidecarset.kruise.io/${name}']` },
  },
});

/** OpenKruise TestInjectInitContainer: a native sidecar and a HotUpgrade native sidecar from two SidecarSets. */
function nativeSets(): DecodedSidecarSet[] {
  const base = (name: string, init: Record<string, unknown>): DecodedSidecarSet => ({
    metadata: {
      name,
      annotations: {
        'kruise.io/sidecarset-hash': `${name}-hash`,
        'kruise.io/sidecarset-hash-without-image': `${name}-without-image-hash`,
      },
    },
    spec: {
      selector: { matchLabels: { app: 'suxing-test' } },
      initContainers: [
        {
          name: 'x',
          image: 'dns-e-image:1.0',
          restartPolicy: 'Always',
          volumeMounts: [{ name: 'volume-1', mountPath: '/v' }],
          transferEnv: [{ sourceContainerName: 'nginx', envName: 'hello2' }],
          ...init,
        },
      ],
      volumes: [{ name: 'volume-1' }],
    },
  });
  return [
    base('sidecarset-2', {
      name: 'hot-init',
      upgradeStrategy: { upgradeType: 'HotUpgrade', hotUpgradeEmptyImage: 'empty:v1' },
    }),
    base('sidecarset-1', {
      name: 'init-1',
      lifecycle: { postStart: { exec: { command: ['sh', '-c', 'ready'] } } },
    }),
  ];
}

describe('mutatePod: native sidecars and hot upgrade', () => {
  it('injects native sidecars sorted by name, hot-upgrade pair with version env and annotations', () => {
    const pod = podOf(mutatePod(input(pod1(), nativeSets())));
    const common = {
      env: [INJECTED, { name: 'hello2', value: 'world2' }],
      volumeMounts: [{ name: 'volume-1', mountPath: '/v' }],
      restartPolicy: 'Always',
    };
    assert.deepStrictEqual(pod.spec?.initContainers, [
      { name: 'init-0', image: 'busybox:1.0.0' },
      injected({
        name: 'hot-init-1',
        image: 'dns-e-image:1.0',
        ...common,
        env: [...common.env, version('hot-init-1'), versionAlt('hot-init-1')],
      }),
      injected({
        name: 'hot-init-2',
        image: 'empty:v1',
        ...common,
        env: [...common.env, version('hot-init-2'), versionAlt('hot-init-2')],
      }),
      injected({
        name: 'init-1',
        image: 'dns-e-image:1.0',
        ...common,
        lifecycle: { postStart: { exec: { command: ['sh', '-c', 'ready'] } } },
      }),
    ]);
    assert.deepStrictEqual(pod.spec?.volumes, [
      { name: 'volume-a' },
      { name: 'volume-b' },
      { name: 'volume-1' },
    ]);
    assert.deepStrictEqual(pod.metadata?.annotations, {
      'kruise.io/sidecarset-hash': `{${hashEntry('sidecarset-1', 'sidecarset-1-hash', ['init-1'])},${hashEntry('sidecarset-2', 'sidecarset-2-hash', ['hot-init'])}}`,
      'kruise.io/sidecarset-hash-without-image': `{${hashEntry('sidecarset-1', 'sidecarset-1-without-image-hash', ['init-1'])},${hashEntry('sidecarset-2', 'sidecarset-2-without-image-hash', ['hot-init'])}}`,
      'kruise.io/sidecarset-injected-list': 'sidecarset-1,sidecarset-2',
      'kruise.io/sidecarset-working-hotupgrade-container': '{"hot-init":"hot-init-1"}',
      'version.sidecarset.kruise.io/hot-init-1': '1',
      'versionalt.sidecarset.kruise.io/hot-init-1': '0',
      'version.sidecarset.kruise.io/hot-init-2': '0',
      'versionalt.sidecarset.kruise.io/hot-init-2': '1',
    });
  });

  it('v1.7.1+: a regular init container is injected but not listed in sidecarList', () => {
    const pod = podOf(mutatePod(input(pod1(), [sidecarSet1()])));
    assert.match(
      pod.metadata?.annotations?.['kruise.io/sidecarset-hash'] ?? '',
      /"sidecarList":\["dns-f","log-agent"\]/,
    );
  });

  it('hot-upgrades a container into -1/-2 (OpenKruise TestInjectHotUpgradeSidecar), keeping other working entries', () => {
    const set = sidecarSet1();
    const dns = set.spec?.containers?.[0];
    if (dns)
      dns.upgradeStrategy = {
        upgradeType: 'HotUpgrade',
        hotUpgradeEmptyImage: 'busy:hotupgrade-empty',
      };
    const podIn = pod1();
    podIn.metadata = {
      ...podIn.metadata,
      annotations: { 'kruise.io/sidecarset-working-hotupgrade-container': '{"other":"other-2"}' },
    };
    const pod = podOf(mutatePod(input(podIn, [set])));
    assert.deepStrictEqual(
      pod.spec?.containers.map((c) => [c.name, c.image]),
      [
        ['dns-f-1', 'dns-f-image:1.0'],
        ['dns-f-2', 'busy:hotupgrade-empty'],
        ['nginx', 'nginx:1.15.1'],
        ['log-agent', 'log-agent-image:1.0'],
      ],
    );
    assert.deepStrictEqual(pod.spec?.containers[1]?.env, [
      INJECTED,
      version('dns-f-2'),
      versionAlt('dns-f-2'),
    ]);
    assert.equal(
      pod.metadata?.annotations?.['kruise.io/sidecarset-working-hotupgrade-container'],
      '{"dns-f":"dns-f-1","other":"other-2"}',
    );
    assert.match(
      pod.metadata?.annotations?.['kruise.io/sidecarset-hash'] ?? '',
      /"sidecarList":\["dns-f","log-agent"\]/,
    );
  });
});

describe('mutatePod: hash annotations', () => {
  const withAnnotation = (value: string): DecodedPod => {
    const pod = pod1();
    pod.metadata = { ...pod.metadata, annotations: { 'kruise.io/sidecarset-hash': value } };
    return pod;
  };
  it('converts a legacy {"name":"hash"} entry and keeps other SidecarSets (TestPodSidecarSetHashCompatibility)', () => {
    const pod = podOf(
      mutatePod(input(withAnnotation('{"sidecarset-test":"bv6d"}'), [sidecarSet1()])),
    );
    assert.equal(
      pod.metadata?.annotations?.['kruise.io/sidecarset-hash'],
      `{"sidecarset-test":{"updateTimestamp":null,"hash":"bv6d","sidecarSetName":"sidecarset-test","sidecarList":null},${hashEntry('sidecarset1', 'c4k2dbb95d', ['dns-f', 'log-agent'])}}`,
    );
  });
  it('records controllerRevision from status.latestRevision and keeps existing struct entries', () => {
    const status = { matchedPods: 0, updatedPods: 0, readyPods: 0 };
    const set = {
      ...sidecarSet1(),
      status: { ...status, latestRevision: 'sidecarset1-6d9f7c8b5' },
    };
    const old =
      '{"a":{"updateTimestamp":"2020-01-01T00:00:00Z","hash":"h","sidecarSetName":"a","sidecarList":["c"]}}';
    const pod = podOf(mutatePod(input(withAnnotation(old), [set])));
    assert.equal(
      pod.metadata?.annotations?.['kruise.io/sidecarset-hash'],
      `{"a":{"updateTimestamp":"2020-01-01T00:00:00Z","hash":"h","sidecarSetName":"a","sidecarList":["c"]},${hashEntry('sidecarset1', 'c4k2dbb95d', ['dns-f', 'log-agent'], 'sidecarset1-6d9f7c8b5')}}`,
    );
    assert.equal(pod.metadata?.annotations?.['kruise.io/sidecarset-injected-list'], 'sidecarset1');
    assert.equal(TS, '2024-09-05T08:00:00Z');
  });
  it("denies an unparseable annotation with OpenKruise's message", () => {
    assert.deepStrictEqual(mutatePod(input(withAnnotation('{bad'), [sidecarSet1()])), {
      error: {
        code: 500,
        message:
          "pod(default/test-pod) invalid annotations[kruise.io/sidecarset-hash] value {bad, unmarshal failed: invalid character 'b' looking for beginning of object key string",
      },
    });
  });
  it('merges injected-list with names already on the pod', () => {
    const pod = pod1();
    pod.metadata = {
      ...pod.metadata,
      annotations: { 'kruise.io/sidecarset-injected-list': 'zeta,alpha' },
    };
    assert.equal(
      podOf(mutatePod(input(pod, [sidecarSet1()]))).metadata?.annotations?.[
        'kruise.io/sidecarset-injected-list'
      ],
      'alpha,sidecarset1,zeta',
    );
  });
});

describe('mutatePod: patchPodMetadata', () => {
  it('merges JSON annotations from two SidecarSets in name order (OpenKruise TestInjectMetadata)', () => {
    const demo1 = sidecarSet1();
    demo1.spec = {
      ...demo1.spec,
      patchPodMetadata: [
        { patchPolicy: 'MergePatchJson', annotations: { key1: '{"log-agent":1}' } },
        { patchPolicy: 'Retain', annotations: { key: 'envoy=1,log=2' } },
      ],
    };
    const demo2 = { ...sidecarSet1(), metadata: { name: 'sidecarset2' } };
    demo2.spec = {
      ...demo2.spec,
      containers: [{ name: 'other' }],
      initContainers: [],
      patchPodMetadata: [{ patchPolicy: 'MergePatchJson', annotations: { key1: '{"envoy":2}' } }],
    };
    const annotations = podOf(mutatePod(input(pod1(), [demo2, demo1]))).metadata?.annotations ?? {};
    assert.equal(annotations.key1, '{"envoy":2,"log-agent":1}');
    assert.equal(annotations.key, 'envoy=1,log=2');
  });
  it('denies a merge into an annotation that is not JSON', () => {
    const set = sidecarSet1();
    set.spec = {
      ...set.spec,
      patchPodMetadata: [{ patchPolicy: 'MergePatchJson', annotations: { k: '{"a":1}' } }],
    };
    const pod = pod1();
    pod.metadata = { ...pod.metadata, annotations: { k: 'plain' } };
    assert.deepStrictEqual(mutatePod(input(pod, [set])), {
      error: { code: 500, message: 'Invalid JSON Document' },
    });
  });
});

describe('mutatePod: injectionStrategy.revision', () => {
  const set = (): DecodedSidecarSet => {
    const s = sidecarSet1();
    s.spec = {
      ...s.spec,
      injectionStrategy: { revision: { customVersion: 'sidecarset1-12345', policy: 'Always' } },
    };
    return s;
  };
  const revision = {
    metadata: { name: 'sidecarset1-12345', annotations: {} },
    revision: 1,
    data: {
      spec: {
        $patch: 'replace',
        initContainers: [{ name: 'init-2', image: 'busybox:1.0.0' }],
        containers: [
          {
            name: 'dns-f',
            image: 'dns-f-image:1.0',
            podInjectPolicy: 'BeforeAppContainer',
            shareVolumePolicy: { type: 'disabled' },
          },
        ],
        volumes: null,
        imagePullSecrets: null,
        patchPodMetadata: null,
      },
    },
  };
  it('tells the shell which revisions to look up', () => {
    assert.deepStrictEqual(revisionLookups(input(pod1(), [set(), sidecarSet3Paused()])), [
      { sidecarSetName: 'sidecarset1', customVersion: 'sidecarset1-12345' },
    ]);
  });
  it('injects the restored revision (OpenKruise TestInjectionStrategyRevision) with recomputed hashes', () => {
    const restored = restoreSidecarSet(set(), revision);
    const result = podOf(
      mutatePod(input(pod1(), [set()], { revisions: { sidecarset1: restored } })),
    );
    assert.deepStrictEqual(
      result.spec?.containers.map((c) => c.name),
      ['dns-f', 'nginx'],
    );
    assert.deepStrictEqual(
      result.spec?.initContainers?.map((c) => c.name),
      ['init-0', 'init-2'],
    );
    assert.match(
      result.metadata?.annotations?.['kruise.io/sidecarset-hash'] ?? '',
      /"controllerRevision":"sidecarset1-12345"/,
    );
    assert.equal(restored.status?.latestRevision, 'sidecarset1-12345');
    assert.equal(
      restored.spec?.selector,
      undefined,
      '$patch: replace keeps only the recorded fields',
    );
    assert.match(
      restored.metadata?.annotations?.['kruise.io/sidecarset-hash'] ?? '',
      /^[bcdfghjklmnpqrstvwxz2456789]{64}$/,
    );
  });
  it('denies pod creation when the lookup failed', () => {
    const err = new Error('ControllerRevision.apps "sidecarset1" not found');
    assert.deepStrictEqual(mutatePod(input(pod1(), [set()], { revisions: { sidecarset1: err } })), {
      error: { code: 500, message: 'ControllerRevision.apps "sidecarset1" not found' },
    });
  });
});

function sidecarSet3Paused(): DecodedSidecarSet {
  const s = sidecarSet1();
  return {
    ...s,
    metadata: { name: 'paused' },
    spec: { ...s.spec, injectionStrategy: { paused: true, revision: { revisionName: 'r' } } },
  };
}

describe('mutatePod: pipeline', () => {
  it('puts the barrier env on every container incl. injected sidecars, after injection', () => {
    const pod = pod1();
    pod.metadata = {
      generateName: 'web-',
      labels: { app: 'suxing-test' },
      annotations: { 'apps.kruise.io/container-launch-priority': 'Ordered' },
    };
    const result = podOf(mutatePod(input(pod, [sidecarSet1()])));
    const barrier = (p: number) => ({
      name: 'KRUISE_CONTAINER_BARRIER',
      valueFrom: { configMapKeyRef: { name: 'web-x2b4z-barrier', key: `p_${p}` } },
    });
    assert.equal(result.metadata?.name, 'web-x2b4z');
    assert.equal(result.metadata?.namespace, undefined, 'request namespace is used, not written');
    assert.deepStrictEqual(
      result.spec?.containers.map((c) => c.env?.at(-1)),
      [barrier(0), barrier(-1), barrier(-2)],
    );
    assert.deepStrictEqual(
      result.spec?.initContainers?.map(
        (c) => c.env?.some((e) => e.name === 'KRUISE_CONTAINER_BARRIER') ?? false,
      ),
      [false, false, false],
    );
  });
  it('returns an equal new pod when nothing applies, and skips UPDATE', () => {
    const pod = pod1();
    for (const extra of [{}, { operation: 'UPDATE' as const }]) {
      const result = podOf(
        mutatePod(
          input(
            pod,
            [
              {
                ...sidecarSet1(),
                spec: { ...sidecarSet1().spec, selector: { matchLabels: { app: 'x' } } },
              },
            ],
            extra,
          ),
        ),
      );
      assert.deepStrictEqual(result, pod);
      assert.notEqual(result, pod);
    }
    assert.deepStrictEqual(
      podOf(mutatePod(input(pod, [sidecarSet1()], { operation: 'UPDATE' }))),
      pod,
    );
  });
});

// kruise@v1.7.4 pkg/webhook/pod/mutating/pod_create_update_handler.go l. 61-63:
// injectPodReadinessGate runs first, before the SidecarSet injection (l. 73) and
// container launch priority (l. 80); pod_readiness.go l. 29-38.
describe('mutatePod: the KruisePodReady readiness gate', () => {
  const cloneSetPod = (): DecodedPod => {
    const pod = pod1();
    pod.metadata = {
      ...pod.metadata,
      ownerReferences: [
        {
          apiVersion: 'apps.kruise.io/v1alpha1',
          kind: 'CloneSet',
          name: 'web',
          uid: 'uid-web',
          controller: true,
        },
      ],
    };
    return pod;
  };
  const gate = { conditionType: 'KruisePodReady' };
  const noMatch = (): DecodedSidecarSet => ({
    ...sidecarSet1(),
    spec: { ...sidecarSet1().spec, selector: { matchLabels: { app: 'x' } } },
  });

  it('adds the gate to a pod a Kruise workload controls, and nothing else when no SidecarSet matches', () => {
    const pod = cloneSetPod();
    assert.deepStrictEqual(podOf(mutatePod(input(pod, [noMatch()]))), {
      ...pod,
      spec: { ...pod.spec, readinessGates: [gate] },
    });
  });
  it('adds the gate and injects the sidecars in one result, as the same pod would get them apart', () => {
    const owned = podOf(mutatePod(input(cloneSetPod(), [sidecarSet1()])));
    const { ownerReferences: _refs, ...plainMeta } = owned.metadata ?? {};
    const plain = podOf(mutatePod(input(pod1(), [sidecarSet1()])));
    assert.deepStrictEqual(owned.spec?.readinessGates, [gate]);
    assert.deepStrictEqual(
      { ...owned, metadata: plainMeta, spec: { ...owned.spec, readinessGates: undefined } },
      { ...plain, spec: { ...plain.spec, readinessGates: undefined } },
    );
  });
  it('appends it once: a pod that has it is left as it is', () => {
    const pod = cloneSetPod();
    pod.spec = { ...pod.spec, containers: pod.spec?.containers ?? [], readinessGates: [gate] };
    assert.deepStrictEqual(podOf(mutatePod(input(pod, [noMatch()]))), pod);
  });
  it('leaves a pod no Kruise workload controls alone, unless KruisePodReadinessGate is on', () => {
    const pod = pod1();
    assert.deepStrictEqual(podOf(mutatePod(input(pod, [noMatch()]))), pod);
    assert.deepStrictEqual(
      podOf(mutatePod(input(pod, [noMatch()], { readinessGateForAllPods: true }))),
      { ...pod, spec: { ...pod.spec, readinessGates: [gate] } },
    );
  });
  it('adds nothing on UPDATE', () => {
    const pod = cloneSetPod();
    assert.deepStrictEqual(
      podOf(
        mutatePod(input(pod, [noMatch()], { operation: 'UPDATE', readinessGateForAllPods: true })),
      ),
      pod,
    );
  });
});
