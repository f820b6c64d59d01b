import type { DecodedPod, DecodedSidecarSet } from '../../../shared/api/decoded.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KruiseFnError } from '../../../shared/errors.js';
import { injectPod } from './inject-pod.js';
import type { InjectOptions } from './inject-pod.js';
import {
  INJECTED,
  NOW,
  hashEntry,
  injected,
  pod1,
  sidecarSet1,
  sidecarSet3,
  sidecarSetWithTransferEnv,
} from './test-fixtures.js';

const options: InjectOptions = {
  namespaceLabels: { default: {}, app1: { app: 'app1' } },
  now: NOW,
};
const names = (pod: DecodedPod, field: 'containers' | 'initContainers'): string[] =>
  (pod.spec?.[field] ?? []).map((c) => c.name);

describe('injectPod: whole pod', () => {
  it('injects sidecarset1 (OpenKruise TestSidecarSetPodInjectPolicy) exactly', () => {
    const input = pod1();
    const { pod, injected: sets } = injectPod(input, [sidecarSet1()], 'default', options);
    assert.deepStrictEqual(input, pod1(), 'input untouched');
    assert.deepStrictEqual(sets, ['sidecarset1']);
    assert.deepStrictEqual(pod, {
      metadata: {
        name: 'test-pod',
        namespace: 'default',
        labels: { app: 'suxing-test' },
        annotations: {
          'kruise.io/sidecarset-hash': `{${hashEntry('sidecarset1', 'c4k2dbb95d', ['dns-f', 'log-agent'])}}`,
          'kruise.io/sidecarset-hash-without-image': `{${hashEntry('sidecarset1', '', ['dns-f', 'log-agent'])}}`,
          'kruise.io/sidecarset-injected-list': 'sidecarset1',
        },
      },
      spec: {
        initContainers: [
          { name: 'init-0', image: 'busybox:1.0.0' },
          injected({ name: 'init-1', image: 'busybox:1.0.0', env: [INJECTED] }),
          injected({ name: 'init-2', image: 'busybox:1.0.0', env: [INJECTED] }),
        ],
        containers: [
          injected({ name: 'dns-f', image: 'dns-f-image:1.0', env: [INJECTED] }),
          pod1().spec?.containers[0],
          injected({ name: 'log-agent', image: 'log-agent-image:1.0', env: [INJECTED] }),
        ],
        volumes: [{ name: 'volume-a' }, { name: 'volume-b' }],
      },
    });
  });

  it('shares pod volumeMounts, transfers env and injects only referenced volumes (sidecarset2 + sidecarset3)', () => {
    const { pod } = injectPod(
      pod1(),
      [sidecarSet3(), sidecarSetWithTransferEnv()],
      'default',
      options,
    );
    const hello2 = { name: 'hello2', value: 'world2' };
    assert.deepStrictEqual(pod.spec, {
      // dns-e is BeforeAppContainer: the policy applies to init containers too.
      initContainers: [
        injected({
          name: 'dns-e',
          image: 'dns-e-image:1.0',
          env: [INJECTED, hello2],
          volumeMounts: [{ name: 'volume-1', mountPath: '' }],
        }),
        { name: 'init-0', image: 'busybox:1.0.0' },
      ],
      containers: [
        injected({
          name: 'dns-f',
          image: 'dns-f-image:1.0',
          env: [INJECTED, hello2],
          volumeMounts: [{ name: 'volume-1', mountPath: '' }],
        }),
        pod1().spec?.containers[0],
        injected({
          name: 'dns-f',
          image: 'dns-f-image:1.0',
          env: [INJECTED],
          volumeMounts: [
            { name: 'volume-1', mountPath: '/a/b/c' },
            { name: 'volume-2', mountPath: '/d/e/f' },
            { name: 'volume-a', mountPath: '/a/b' },
            { name: 'volume-b', mountPath: '/e/f' },
          ],
        }),
        injected({ name: 'log-agent', image: 'log-agent-image:1.0', env: [INJECTED] }),
      ],
      volumes: [
        { name: 'volume-a' },
        { name: 'volume-b' },
        { name: 'volume-1' },
        { name: 'volume-2' },
      ],
    });
    assert.equal(
      pod.metadata?.annotations?.['kruise.io/sidecarset-hash'],
      `{${hashEntry('sidecarset2', 'c4k2dbb95d', ['dns-f'])},${hashEntry('sidecarset3', 'gm967682cm', ['dns-f', 'log-agent'])}}`,
    );
    assert.equal(
      pod.metadata?.annotations?.['kruise.io/sidecarset-injected-list'],
      'sidecarset2,sidecarset3',
    );
  });
});

describe('injectPod: which SidecarSets apply', () => {
  const withSpec = (patch: Partial<NonNullable<DecodedSidecarSet['spec']>>): DecodedSidecarSet => {
    const s = sidecarSet1();
    return { ...s, spec: { ...s.spec, ...patch } };
  };
  const podIn = (
    namespace: string,
    labels: Record<string, string> = { app: 'suxing-test' },
  ): DecodedPod => ({
    ...pod1(),
    metadata: { name: 'test-pod', namespace, labels },
  });
  const cases = [
    {
      name: 'selector mismatch',
      set: sidecarSet1(),
      pod: podIn('default', { app: 'doesnt-match' }),
      want: false,
    },
    {
      name: 'paused injection',
      set: withSpec({ injectionStrategy: { paused: true } }),
      pod: pod1(),
      want: false,
    },
    {
      name: 'empty selector never matches',
      set: withSpec({ selector: {} }),
      pod: pod1(),
      want: false,
    },
    {
      name: 'namespace equal',
      set: withSpec({ namespace: 'app1' }),
      pod: podIn('app1'),
      want: true,
    },
    {
      name: 'namespace differs',
      set: withSpec({ namespace: 'app2' }),
      pod: podIn('app1'),
      want: false,
    },
    {
      name: 'namespaceSelector matches the Namespace labels',
      set: withSpec({ namespaceSelector: { matchLabels: { app: 'app1' } } }),
      pod: podIn('app1'),
      want: true,
    },
    {
      name: 'namespaceSelector does not match',
      set: withSpec({ namespaceSelector: { matchLabels: { app: 'app2' } } }),
      pod: podIn('app1'),
      want: false,
    },
    {
      name: 'namespaceSelector and a missing Namespace',
      set: withSpec({ namespaceSelector: {} }),
      pod: podIn('gone'),
      want: false,
    },
    {
      name: 'NotIn expression',
      set: withSpec({
        selector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['x'] }] },
      }),
      pod: pod1(),
      want: true,
    },
    {
      name: 'succeeded pod',
      set: sidecarSet1(),
      pod: { ...pod1(), status: { phase: 'Succeeded' } },
      want: false,
    },
  ];
  for (const c of cases) {
    it(`${c.want ? 'injects' : 'skips'}: ${c.name}`, () => {
      const { pod, injected: sets } = injectPod(c.pod, [c.set], 'default', options);
      assert.deepStrictEqual(sets, c.want ? ['sidecarset1'] : []);
      if (!c.want) assert.deepStrictEqual(pod, c.pod);
    });
  }

  it('matches a pod without namespace in the request namespace and leaves metadata.namespace unset', () => {
    const input: DecodedPod = {
      ...pod1(),
      metadata: { name: 'p', labels: { app: 'suxing-test' } },
    };
    const { pod, injected: sets } = injectPod(
      input,
      [withSpec({ namespace: 'app1' })],
      'app1',
      options,
    );
    assert.deepStrictEqual(sets, ['sidecarset1']);
    assert.equal(pod.metadata?.namespace, undefined);
  });

  it('fails on an unknown selector operator', () => {
    const set = withSpec({ selector: { matchExpressions: [{ key: 'app', operator: 'Maybe' }] } });
    assert.throws(
      () => injectPod(pod1(), [set], 'default', options),
      (e: unknown) =>
        e instanceof KruiseFnError && e.message === '"Maybe" is not a valid pod selector operator',
    );
  });
});

describe('injectPod: merge rules', () => {
  const only = (
    containers: NonNullable<DecodedSidecarSet['spec']>['containers'],
    extra = {},
  ): DecodedSidecarSet => ({
    metadata: { name: 's', annotations: {} },
    spec: { selector: { matchLabels: { app: 'suxing-test' } }, containers, ...extra },
  });
  it('replaces a pod container of the sidecar name in place (OpenKruise TestMergeSidecarContainers)', () => {
    const input: DecodedPod = {
      ...pod1(),
      spec: {
        containers: [{ name: 'sidecar-1' }, { name: 'app-container' }, { name: 'sidecar-2' }],
      },
    };
    const set = only([
      { name: 'sidecar-1', image: 'new', podInjectPolicy: 'AfterAppContainer' },
      { name: 'sidecar-2', podInjectPolicy: 'AfterAppContainer' },
      { name: 'new-sidecar-1', podInjectPolicy: 'BeforeAppContainer' },
    ]);
    const { pod } = injectPod(input, [set], 'default', options);
    assert.deepStrictEqual(names(pod, 'containers'), [
      'new-sidecar-1',
      'sidecar-1',
      'app-container',
      'sidecar-2',
    ]);
    assert.deepStrictEqual(
      pod.spec?.containers[1],
      injected({ name: 'sidecar-1', image: 'new', env: [INJECTED] }),
    );
  });

  it('sorts injected init containers by name and honours BeforeAppContainer (TestInjectInitContainerSort)', () => {
    const set: DecodedSidecarSet = {
      metadata: { name: 's' },
      spec: {
        selector: { matchLabels: { app: 'suxing-test' } },
        initContainers: [
          { name: 'a-init', podInjectPolicy: 'AfterAppContainer' },
          { name: 'c-init', podInjectPolicy: 'BeforeAppContainer' },
          { name: 'b-init', podInjectPolicy: 'BeforeAppContainer' },
        ],
      },
    };
    const input: DecodedPod = {
      ...pod1(),
      spec: { ...pod1().spec, initContainers: [{ name: 'app1-init' }, { name: 'app2-init' }] },
    } as DecodedPod;
    const { pod } = injectPod(input, [set], 'default', options);
    assert.deepStrictEqual(names(pod, 'initContainers'), [
      'b-init',
      'c-init',
      'app1-init',
      'app2-init',
      'a-init',
    ]);
  });

  it('dedupes the pod pull secrets, then adds new ones (TestMergeSidecarSecrets)', () => {
    const input: DecodedPod = {
      ...pod1(),
      spec: { ...pod1().spec, imagePullSecrets: [{ name: 's2' }, { name: 's3' }, { name: 's3' }] },
    } as DecodedPod;
    const set = only([{ name: 'x' }], {
      imagePullSecrets: [{ name: 's0' }, { name: 's1' }, { name: 's2' }],
    });
    const { pod } = injectPod(input, [set], 'default', options);
    assert.deepStrictEqual(pod.spec?.imagePullSecrets, [
      { name: 's2' },
      { name: 's3' },
      { name: 's0' },
      { name: 's1' },
    ]);
  });

  it('copies subPathExpr env and skips injected containers as mount sources (TestPodVolumeMountsAppend)', () => {
    const input = pod1();
    const app = input.spec?.containers[0];
    app?.volumeMounts?.push({
      name: 'volume-expansion',
      mountPath: '/e/expansion',
      subPathExpr: 'foo/$(POD_NAME)/$(OD_NAME)/conf',
    });
    app?.env?.push({ name: 'POD_NAME', value: 'bar' }, { name: 'OD_NAME', value: 'od_name' });
    input.spec?.containers.push({
      name: 'old-sidecar',
      env: [INJECTED],
      volumeMounts: [{ name: 'v', mountPath: '/sidecar' }],
    });
    const set = only(
      [
        {
          name: 'shared',
          shareVolumePolicy: { type: 'enabled' },
          volumeMounts: [{ name: 'volume-1', mountPath: '/a/b/c' }],
        },
      ],
      {
        volumes: [{ name: 'volume-1' }],
      },
    );
    const { pod } = injectPod(input, [set], 'default', options);
    assert.deepStrictEqual(
      pod.spec?.containers[2],
      injected({
        name: 'shared',
        env: [INJECTED, { name: 'POD_NAME', value: 'bar' }, { name: 'OD_NAME', value: 'od_name' }],
        volumeMounts: [
          { name: 'volume-1', mountPath: '/a/b/c' },
          { name: 'volume-a', mountPath: '/a/b' },
          { name: 'volume-b', mountPath: '/e/f' },
          {
            name: 'volume-expansion',
            mountPath: '/e/expansion',
            subPathExpr: 'foo/$(POD_NAME)/$(OD_NAME)/conf',
          },
        ],
      }),
    );
  });

  it('transfers env in sorted name order, from sourceContainerNameFrom', () => {
    const input = pod1();
    input.metadata = { ...input.metadata, annotations: { source: 'nginx' } };
    const set = only([
      {
        name: 'x',
        transferEnv: [
          {
            sourceContainerNameFrom: { fieldRef: { fieldPath: "metadata.annotations['source']" } },
            envNames: ['hello2', 'hello1', 'missing'],
          },
        ],
      },
    ]);
    const { pod } = injectPod(input, [set], 'default', options);
    assert.deepStrictEqual(pod.spec?.containers[1]?.env, [
      INJECTED,
      { name: 'hello1', value: 'world1' },
      { name: 'hello2', value: 'world2' },
    ]);
  });
});
