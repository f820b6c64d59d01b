/**
 * SidecarSet injection and container launch priority through the real
 * kube-apiserver (SPEC §2.2, §2.4, §2.6–2.7, §3): SidecarSets and Pods are
 * created with the API, the apiserver calls the admission function in
 * process over TLS, and each test reads back what was stored. No kubelet
 * runs, so pods stay Pending. Each scenario has its own namespace; the
 * cluster-scoped SidecarSets get names and selectors unique to the run and
 * are deleted after each test.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import { after, afterEach, before, describe, it } from 'node:test';
import { CoreV1Api, CustomObjectsApi, type V1Pod } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { sharedControlPlane, testNamespace, type ControlPlane } from '../support/control-plane.js';
import { startAdmission, type RunningAdmission } from '../support/webhook-harness.js';

type Json = Record<string, unknown>;

const SIDECARSETS = { group: 'apps.kruise.io', version: 'v1alpha1', plural: 'sidecarsets' };
const HASH = 'kruise.io/sidecarset-hash';
const HASH_WITHOUT_IMAGE = 'kruise.io/sidecarset-hash-without-image';
const INJECTED_LIST = 'kruise.io/sidecarset-injected-list';
// The admission caches answer with reads at most 500 ms old; 1 s is the promised bound.
const CACHE_BOUND_MS = 1_000;
const RUN = randomBytes(3).toString('hex');

/** Kubernetes' defaults for a container the pod spec gave only a name and image. */
const defaulted = (pullPolicy: 'Always' | 'IfNotPresent' = 'IfNotPresent'): Json => ({
  resources: {},
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
  imagePullPolicy: pullPolicy,
});
const app = (extra: Json = {}): Json => ({ name: 'app', image: 'example/app:1.0', ...extra });
const INJECTED = { name: 'IS_INJECTED', value: 'true' };
const barrier = (pod: string, key: string): Json => ({
  name: 'KRUISE_CONTAINER_BARRIER',
  valueFrom: { configMapKeyRef: { name: `${pod}-barrier`, key } },
});

/** OpenKruise's SafeEncode(hex(SHA-256)) (SPEC §2.4), computed here independently of shared/. */
const kruiseHash = (json: string): string =>
  [...createHash('sha256').update(json).digest('hex')]
    .map((c) => 'bcdfghjklmnpqrstvwxz2456789'.charAt(c.charCodeAt(0) % 27))
    .join('');

describe('SidecarSet injection through the kube-apiserver', () => {
  let cp: ControlPlane;
  let admission: RunningAdmission;
  let core: CoreV1Api;
  let custom: CustomObjectsApi;
  const created: string[] = [];

  before(async () => {
    cp = await sharedControlPlane();
    admission = await startAdmission(cp);
    core = cp.kubeConfig.makeApiClient(CoreV1Api);
    custom = cp.kubeConfig.makeApiClient(CustomObjectsApi);
  });
  after(async () => {
    await admission.stop();
  });
  afterEach(async () => {
    for (const name of created.splice(0)) {
      await custom.deleteClusterCustomObject({ ...SIDECARSETS, name });
    }
    // Selectors on different keys overlap (SPEC §2.3), so the next test's SidecarSets must not
    // meet these in the validating webhook's cache.
    await sleep(CACHE_BOUND_MS);
  });

  /** Creates the SidecarSets, then waits out the admission caches' freshness bound. */
  async function createSidecarSets(...bodies: Json[]): Promise<Json[]> {
    const out: Json[] = [];
    for (const body of bodies) {
      const set = (await custom.createClusterCustomObject({ ...SIDECARSETS, body })) as Json;
      created.push((set['metadata'] as { name: string }).name);
      out.push(set);
    }
    await sleep(CACHE_BOUND_MS);
    return out;
  }

  /**
   * The sample's fixed selector and container name cannot be made unique, and
   * an earlier suite on the shared control plane may have left a renamed copy
   * of it (test/integration/crds.test.ts does): the validating webhook would
   * refuse ours as a container-name conflict, so copies (same selector, same
   * container names, defaulted or not) go.
   */
  async function removeCopiesOf(sample: Json): Promise<void> {
    const shape = (set: Json) => {
      const spec = set['spec'] as {
        selector?: unknown;
        initContainers?: Json[];
        containers?: Json[];
      };
      const names = [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map(
        (c) => c['name'],
      );
      return { selector: spec.selector, names };
    };
    const list = (await custom.listClusterCustomObject(SIDECARSETS)) as { items: Json[] };
    const copies = list.items.filter((s) => isDeepStrictEqual(shape(s), shape(sample)));
    for (const copy of copies) {
      await custom.deleteClusterCustomObject({ ...SIDECARSETS, name: setName(copy) });
    }
    if (copies.length > 0) await sleep(CACHE_BOUND_MS);
  }

  const sidecarSet = (name: string, spec: Json, labels: Json = {}): Json => ({
    apiVersion: 'apps.kruise.io/v1alpha1',
    kind: 'SidecarSet',
    metadata: { name: `${name}-${RUN}`, labels },
    spec,
  });

  /** The pod as stored (plain JSON: client-node returns class instances with Dates). */
  async function createPod(namespace: string, pod: Json): Promise<Json> {
    // Plain JSON in and out: the apiserver, not client-node's types, is the judge here.
    const stored = await core.createNamespacedPod({ namespace, body: pod as V1Pod });
    return JSON.parse(JSON.stringify(stored)) as Json;
  }

  const podOf = (
    name: string,
    labels: Record<string, string>,
    containers: Json[],
    volumes?: Json[],
    annotations?: Record<string, string>,
  ): Json => ({
    metadata: { name, labels, ...(annotations && { annotations }) },
    spec: { containers, ...(volumes && { volumes }) },
  });

  /** The parts of the stored pod spec that injection writes. */
  const pick = (pod: Json): Json => {
    const spec = pod['spec'] as Json;
    const keys = ['initContainers', 'containers', 'volumes', 'imagePullSecrets'];
    return Object.fromEntries(keys.filter((k) => spec[k] !== undefined).map((k) => [k, spec[k]]));
  };
  const annotationsOf = (obj: Json) =>
    ((obj['metadata'] as Json)['annotations'] ?? {}) as Record<string, string>;
  const setName = (set: Json) => (set['metadata'] as { name: string }).name;

  /**
   * The pod's two hash annotations must be exactly OpenKruise's (SPEC §2.7):
   * one entry per injecting SidecarSet, keys sorted, each carrying that
   * SidecarSet's stored hash; updateTimestamp is the admission time.
   */
  function assertHashAnnotations(
    pod: Json,
    entries: readonly { set: Json; sidecarList: string[] }[],
    createdAfter: Date,
    others: Record<string, string> = {},
  ) {
    const annotations = annotationsOf(pod);
    const stamps = JSON.parse(annotations[HASH] ?? '{}') as Record<
      string,
      { updateTimestamp: string }
    >;
    const expected = (key: string) =>
      `{${[...entries]
        .sort((a, b) => (setName(a.set) < setName(b.set) ? -1 : 1))
        .map(({ set, sidecarList }) => {
          const name = setName(set);
          const stamp = stamps[name]?.updateTimestamp ?? '';
          assert.match(stamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
          assert.ok(Date.parse(stamp) >= Math.floor(createdAfter.getTime() / 1000) * 1000);
          const hash = annotationsOf(set)[key] ?? '';
          return `"${name}":{"updateTimestamp":"${stamp}","hash":"${hash}","sidecarSetName":"${name}","sidecarList":${JSON.stringify(sidecarList)}}`;
        })
        .join(',')}}`;
    assert.deepEqual(annotations, {
      ...others,
      [HASH]: expected(HASH),
      [HASH_WITHOUT_IMAGE]: expected(HASH_WITHOUT_IMAGE),
      [INJECTED_LIST]: entries
        .map((e) => setName(e.set))
        .sort()
        .join(','),
    });
  }

  it('stores the hashes OpenKruise computes over the defaulted spec (SPEC §2.4 vector)', async () => {
    // The vector is over the undefaulted spec; the defaulting webhook stores the hash of the
    // defaulted containers, so both documents are checked here.
    const vector = `{"containers":[{"name":"container1","image":"test-image","resources":{},"upgradeStrategy":{},"shareVolumePolicy":{}}]}`;
    assert.equal(
      kruiseHash(vector),
      'w26c4x8fz245642fdv499b464248f974xddx4x55z5dw55bc6x66464fxz77dc78',
    );
    const [set] = await createSidecarSets(
      sidecarSet('vector', {
        selector: { matchLabels: { vector: RUN } },
        containers: [{ name: 'container1', image: 'test-image' }],
      }),
    );
    const defaultedJson = (image: string) =>
      `{"containers":[{"name":"container1",${image}"resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"Always","podInjectPolicy":"BeforeAppContainer","upgradeStrategy":{"upgradeType":"ColdUpgrade"},"shareVolumePolicy":{"type":"disabled"}}]}`;
    // What OpenKruise stores: its webhook patches the raw object towards json.Marshal of the
    // defaulted Go struct, which always writes struct fields (`resources`, `injectionStrategy`).
    assert.deepEqual(
      { annotations: annotationsOf(set!), spec: set!['spec'] },
      {
        annotations: {
          [HASH]: kruiseHash(defaultedJson('"image":"test-image",')),
          [HASH_WITHOUT_IMAGE]: kruiseHash(defaultedJson('')),
        },
        spec: {
          selector: { matchLabels: { vector: RUN } },
          containers: [
            {
              name: 'container1',
              image: 'test-image',
              ...defaulted('Always'),
              podInjectPolicy: 'BeforeAppContainer',
              upgradeStrategy: { upgradeType: 'ColdUpgrade' },
              shareVolumePolicy: { type: 'disabled' },
            },
          ],
          updateStrategy: { type: 'RollingUpdate', partition: 0, maxUnavailable: 1 },
          injectionStrategy: {},
          revisionHistoryLimit: 10,
        },
      },
    );
  });

  it('injects a plain sidecar before the app container and records the hashes', async () => {
    const ns = await testNamespace(cp.kubeConfig, 'inject-plain');
    const [set] = await createSidecarSets(
      sidecarSet('plain', {
        selector: { matchLabels: { plain: RUN } },
        containers: [{ name: 'log-agent', image: 'example/log-agent:1.0' }],
      }),
    );
    const start = new Date();
    const pod = await createPod(ns, podOf('web', { plain: RUN }, [app()]));
    assert.deepEqual(pick(pod), {
      containers: [
        { name: 'log-agent', image: 'example/log-agent:1.0', env: [INJECTED], ...defaulted() },
        { ...app(), ...defaulted() },
      ],
    });
    assertHashAnnotations(pod, [{ set: set!, sidecarList: ['log-agent'] }], start);
  });

  it('injects the native sidecar of the release-notes sample, postStart hook kept', async () => {
    const ns = await testNamespace(cp.kubeConfig, 'inject-native');
    const sample = parse(
      readFileSync(
        new URL('../../../shared/samples/sidecarset-native.yaml', import.meta.url),
        'utf8',
      ),
    ) as Json;
    await removeCopiesOf(sample);
    const [set] = await createSidecarSets(sample);
    const start = new Date();
    const pod = await createPod(ns, podOf('native', { app: 'sample' }, [app()]));
    assert.deepEqual(pick(pod), {
      initContainers: [
        {
          name: 'sidecar',
          image: 'nginx:alpine',
          env: [INJECTED],
          restartPolicy: 'Always',
          lifecycle: { postStart: { exec: { command: ['/bin/sh', '-c', 'sleep 10'] } } },
          ...defaulted(),
        },
      ],
      containers: [{ ...app(), ...defaulted() }],
    });
    assertHashAnnotations(pod, [{ set: set!, sidecarList: ['sidecar'] }], start);
  });

  it('injects two SidecarSets at once, each by its own policy', async () => {
    const ns = await testNamespace(cp.kubeConfig, 'inject-two');
    const selector = { matchLabels: { two: RUN } };
    const sets = await createSidecarSets(
      sidecarSet('two-b', {
        selector,
        containers: [
          { name: 'proxy', image: 'example/proxy:2', podInjectPolicy: 'BeforeAppContainer' },
        ],
      }),
      sidecarSet('two-a', {
        selector,
        containers: [
          { name: 'logger', image: 'example/logger:1', podInjectPolicy: 'AfterAppContainer' },
          { name: 'metrics', image: 'example/metrics:1', podInjectPolicy: 'BeforeAppContainer' },
        ],
      }),
    );
    const start = new Date();
    const pod = await createPod(ns, podOf('two', { two: RUN }, [app()]));
    // SidecarSets in name order (two-a, two-b): the before-block keeps that order.
    assert.deepEqual(pick(pod), {
      containers: [
        { name: 'metrics', image: 'example/metrics:1', env: [INJECTED], ...defaulted() },
        { name: 'proxy', image: 'example/proxy:2', env: [INJECTED], ...defaulted() },
        { ...app(), ...defaulted() },
        { name: 'logger', image: 'example/logger:1', env: [INJECTED], ...defaulted() },
      ],
    });
    assertHashAnnotations(
      pod,
      [
        { set: sets[1]!, sidecarList: ['logger', 'metrics'] },
        { set: sets[0]!, sidecarList: ['proxy'] },
      ],
      start,
    );
  });

  it('injects by namespaceSelector only into namespaces whose labels match', async () => {
    const team = `team-${RUN}`;
    const selected = await testNamespace(cp.kubeConfig, 'inject-nssel', { team });
    const other = await testNamespace(cp.kubeConfig, 'inject-nsother');
    const [set] = await createSidecarSets(
      sidecarSet('nssel', {
        selector: { matchLabels: { nssel: RUN } },
        namespaceSelector: { matchLabels: { team } },
        containers: [
          { name: 'agent', image: 'example/agent:1', podInjectPolicy: 'AfterAppContainer' },
        ],
      }),
    );
    const start = new Date();
    const injected = await createPod(selected, podOf('in', { nssel: RUN }, [app()]));
    const untouched = await createPod(other, podOf('out', { nssel: RUN }, [app()]));
    assert.deepEqual(pick(injected), {
      containers: [
        { ...app(), ...defaulted() },
        { name: 'agent', image: 'example/agent:1', env: [INJECTED], ...defaulted() },
      ],
    });
    assertHashAnnotations(injected, [{ set: set!, sidecarList: ['agent'] }], start);
    assert.deepEqual(pick(untouched), { containers: [{ ...app(), ...defaulted() }] });
    assert.deepEqual(annotationsOf(untouched), {});
  });

  it('leaves pods alone while injection is paused', async () => {
    const ns = await testNamespace(cp.kubeConfig, 'inject-paused');
    await createSidecarSets(
      sidecarSet('paused', {
        selector: { matchLabels: { paused: RUN } },
        injectionStrategy: { paused: true },
        containers: [{ name: 'agent', image: 'example/agent:1' }],
      }),
    );
    const pod = await createPod(ns, podOf('paused', { paused: RUN }, [app()]));
    assert.deepEqual(pick(pod), { containers: [{ ...app(), ...defaulted() }] });
    assert.deepEqual(annotationsOf(pod), {});
  });

  it("shares the app containers' volume mounts and injects only referenced volumes", async () => {
    const ns = await testNamespace(cp.kubeConfig, 'inject-volumes');
    const [set] = await createSidecarSets(
      sidecarSet('volumes', {
        selector: { matchLabels: { volumes: RUN } },
        containers: [
          {
            name: 'log-agent',
            image: 'example/log-agent:1',
            podInjectPolicy: 'AfterAppContainer',
            shareVolumePolicy: { type: 'enabled' },
            volumeMounts: [
              { name: 'agent-state', mountPath: '/state' },
              { name: 'data', mountPath: '/data' },
            ],
          },
        ],
        volumes: [
          { name: 'agent-state', emptyDir: {} },
          { name: 'data', emptyDir: { medium: 'Memory' } },
          { name: 'unused', emptyDir: {} },
        ],
      }),
    );
    const start = new Date();
    const web = {
      name: 'web',
      image: 'example/web:1',
      env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
      volumeMounts: [{ name: 'cache', mountPath: '/cache', subPathExpr: '$(POD_NAME)' }],
    };
    const pod = await createPod(
      ns,
      podOf(
        'volumes',
        { volumes: RUN },
        [app({ volumeMounts: [{ name: 'data', mountPath: '/data' }] }), web],
        [
          { name: 'data', emptyDir: {} },
          { name: 'cache', emptyDir: {} },
        ],
      ),
    );
    const webStored = {
      ...web,
      env: [
        {
          name: 'POD_NAME',
          valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } },
        },
      ],
    };
    assert.deepEqual(pick(pod), {
      containers: [
        { ...app({ volumeMounts: [{ name: 'data', mountPath: '/data' }] }), ...defaulted() },
        { ...webStored, ...defaulted() },
        {
          name: 'log-agent',
          image: 'example/log-agent:1',
          // Own env, IS_INJECTED, then the env a shared subPathExpr mount needs.
          env: [INJECTED, webStored.env[0]],
          // Own mounts, then the pod's whose mountPath is new (/data is already mounted).
          volumeMounts: [
            { name: 'agent-state', mountPath: '/state' },
            { name: 'data', mountPath: '/data' },
            { name: 'cache', mountPath: '/cache', subPathExpr: '$(POD_NAME)' },
          ],
          ...defaulted(),
        },
      ],
      // The pod's volumes first (its `data` wins), then the SidecarSet's referenced new ones.
      volumes: [
        { name: 'data', emptyDir: {} },
        { name: 'cache', emptyDir: {} },
        { name: 'agent-state', emptyDir: {} },
      ],
    });
    assertHashAnnotations(pod, [{ set: set!, sidecarList: ['log-agent'] }], start);
  });

  it('transfers env from named and label-chosen source containers, names sorted', async () => {
    const ns = await testNamespace(cp.kubeConfig, 'inject-env');
    const [set] = await createSidecarSets(
      sidecarSet('env', {
        selector: { matchLabels: { env: RUN } },
        containers: [
          {
            name: 'agent',
            image: 'example/agent:1',
            podInjectPolicy: 'AfterAppContainer',
            env: [{ name: 'MODE', value: 'sidecar' }],
            transferEnv: [
              { sourceContainerName: 'app', envNames: ['TZ', 'LANG', 'MISSING'] },
              {
                sourceContainerNameFrom: {
                  fieldRef: { apiVersion: 'v1', fieldPath: "metadata.labels['env-source']" },
                },
                envName: 'REGION',
              },
              { sourceContainerName: 'absent', envName: 'TZ' },
            ],
          },
        ],
      }),
    );
    const start = new Date();
    const appEnv = [
      { name: 'TZ', value: 'UTC' },
      { name: 'LANG', value: 'C.UTF-8' },
      { name: 'MODE', value: 'app' },
    ];
    const config = {
      name: 'config',
      image: 'example/config:1',
      env: [{ name: 'REGION', value: 'eu-1' }],
    };
    const pod = await createPod(
      ns,
      podOf('env', { env: RUN, 'env-source': 'config' }, [app({ env: appEnv }), config]),
    );
    assert.deepEqual(pick(pod), {
      containers: [
        { ...app({ env: appEnv }), ...defaulted() },
        { ...config, ...defaulted() },
        {
          name: 'agent',
          image: 'example/agent:1',
          env: [
            { name: 'MODE', value: 'sidecar' },
            INJECTED,
            { name: 'LANG', value: 'C.UTF-8' },
            { name: 'TZ', value: 'UTC' },
            { name: 'REGION', value: 'eu-1' },
          ],
          ...defaulted(),
        },
      ],
    });
    assertHashAnnotations(pod, [{ set: set!, sidecarList: ['agent'] }], start);
  });

  it('orders container launch (annotation Ordered) after injecting the sidecar', async () => {
    const ns = await testNamespace(cp.kubeConfig, 'inject-ordered');
    const [set] = await createSidecarSets(
      sidecarSet('ordered', {
        selector: { matchLabels: { ordered: RUN } },
        containers: [{ name: 'mesh', image: 'example/mesh:1' }],
      }),
    );
    const start = new Date();
    const pod = await createPod(
      ns,
      podOf('ordered', { ordered: RUN }, [app()], undefined, {
        'apps.kruise.io/container-launch-priority': 'Ordered',
      }),
    );
    assert.deepEqual(pick(pod), {
      containers: [
        {
          name: 'mesh',
          image: 'example/mesh:1',
          env: [INJECTED, barrier('ordered', 'p_0')],
          ...defaulted(),
        },
        { ...app({ env: [barrier('ordered', 'p_-1')] }), ...defaulted() },
      ],
    });
    assertHashAnnotations(pod, [{ set: set!, sidecarList: ['mesh'] }], start, {
      'apps.kruise.io/container-launch-priority': 'Ordered',
    });
  });

  it('orders container launch by KRUISE_CONTAINER_PRIORITY and names a generateName pod', async () => {
    const ns = await testNamespace(cp.kubeConfig, 'inject-priority');
    const helper = {
      name: 'helper',
      image: 'example/helper:1',
      env: [{ name: 'KRUISE_CONTAINER_PRIORITY', value: '10' }],
    };
    const pod = await createPod(ns, {
      metadata: { generateName: 'prio-' },
      spec: { containers: [app(), helper] },
    });
    const name = (pod['metadata'] as { name: string }).name;
    assert.match(name, /^prio-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.deepEqual(pick(pod), {
      containers: [
        { ...app({ env: [barrier(name, 'p_0')] }), ...defaulted() },
        { ...helper, env: [...helper.env, barrier(name, 'p_10')], ...defaulted() },
      ],
    });
    assert.deepEqual(annotationsOf(pod), {});
  });

  it("leaves alone pods no SidecarSet selects, and never sees OpenKruise's own namespace", async () => {
    const ns = await testNamespace(cp.kubeConfig, 'inject-none');
    const kruiseNs = await testNamespace(cp.kubeConfig, 'inject-kruise', {
      'control-plane': 'openkruise',
    });
    await createSidecarSets(
      sidecarSet('none', {
        selector: { matchLabels: { none: RUN } },
        containers: [{ name: 'none-agent', image: 'example/agent:1' }],
      }),
    );
    const unselected = await createPod(ns, podOf('other', { none: 'other' }, [app()]));
    const seen = admission.requests.filter((p) => p === '/mutate-pod').length;
    const skipped = await createPod(kruiseNs, podOf('kruise', { none: RUN }, [app()]));
    for (const pod of [unselected, skipped]) {
      assert.deepEqual(pick(pod), { containers: [{ ...app(), ...defaulted() }] });
      assert.deepEqual(annotationsOf(pod), {});
    }
    assert.equal(admission.requests.filter((p) => p === '/mutate-pod').length, seen);
  });
});
