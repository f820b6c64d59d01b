/**
 * Invalid SidecarSets, Advanced StatefulSets and ImagePullJobs are refused by
 * the real kube-apiserver with OpenKruise's messages (SPEC §2.3, §5.2, §6.1,
 * §1 gate denials): the whole Status the apiserver answers is compared, so
 * the webhook name, the status code OpenKruise uses for that resource (500,
 * 422, 400, 403) and the exact message all count, and nothing is stored.
 * A valid StatefulSet with `ordinals.start` is accepted and kept.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { ApiException, CustomObjectsApi } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { sharedControlPlane, testNamespace, type ControlPlane } from '../support/control-plane.js';
import { startAdmission, type RunningAdmission } from '../support/webhook-harness.js';

type Json = Record<string, unknown>;
type Resource = 'sidecarsets' | 'statefulsets' | 'imagepulljobs';

const GROUP = 'apps.kruise.io';
const VERSION: Record<Resource, string> = {
  sidecarsets: 'v1alpha1',
  statefulsets: 'v1beta1',
  imagepulljobs: 'v1alpha1',
};
const KIND: Record<Resource, string> = {
  sidecarsets: 'SidecarSet',
  statefulsets: 'StatefulSet',
  imagepulljobs: 'ImagePullJob',
};
// The admission caches answer with reads at most 500 ms old; 1 s is the promised bound.
const CACHE_BOUND_MS = 1_000;
const RUN = randomBytes(3).toString('hex');

const object = (resource: Resource, name: string, spec: Json): Json => ({
  apiVersion: `${GROUP}/${VERSION[resource]}`,
  kind: KIND[resource],
  metadata: { name },
  spec,
});

const sidecarSet = (name: string, spec: Json = {}): Json =>
  object('sidecarsets', name, {
    selector: { matchLabels: { validation: RUN } },
    containers: [{ name: `agent-${RUN}`, image: 'example/agent:1' }],
    ...spec,
  });

const statefulSet = (name: string, spec: Json = {}, template: Json = {}): Json =>
  object('statefulsets', name, {
    replicas: 2,
    serviceName: 'web',
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'main', image: 'nginx:alpine' }], ...template },
    },
    ...spec,
  });

const imagePullJob = (name: string, spec: Json = {}): Json =>
  object('imagepulljobs', name, { image: 'nginx:1.25', ...spec });

/** The Status the apiserver answers for a webhook denial. */
const denied = (code: number, webhook: string, message: string): Json => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: `admission webhook "${webhook}" denied the request: ${message}`,
  code,
});

interface Case {
  readonly name: string;
  readonly resource: Resource;
  /** SidecarSets that exist before the create. */
  readonly given?: readonly Json[];
  readonly body: Json;
  readonly want: Json;
}

const cases: readonly Case[] = [
  {
    name: 'a SidecarSet name with a dot',
    resource: 'sidecarsets',
    body: sidecarSet(`bad.name-${RUN}`),
    want: denied(
      500,
      'vsidecarset.kb.io',
      `metadata.name: Invalid value: "bad.name-${RUN}": sidecarset name must consist of alphanumeric characters or '-' (e.g. 'example-com', regex used for validation is '^[a-zA-Z0-9\\-]+$')`,
    ),
  },
  {
    name: 'a native sidecar under RollingUpdate',
    resource: 'sidecarsets',
    body: sidecarSet(`native-${RUN}`, {
      containers: [],
      initContainers: [{ name: 'proxy', image: 'example/proxy:1', restartPolicy: 'Always' }],
    }),
    want: denied(
      500,
      'vsidecarset.kb.io',
      'spec.updateStrategy: Required value: The initContainer in-place upgrade is not currently supported.',
    ),
  },
  {
    name: 'both namespace and namespaceSelector',
    resource: 'sidecarsets',
    body: sidecarSet(`both-ns-${RUN}`, {
      namespace: 'default',
      namespaceSelector: { matchLabels: { team: 'a' } },
    }),
    want: denied(
      500,
      'vsidecarset.kb.io',
      'spec.namespace, namespaceSelector: Required value: namespace and namespaceSelector are mutually exclusive',
    ),
  },
  {
    name: 'an empty selector',
    resource: 'sidecarsets',
    body: sidecarSet(`empty-sel-${RUN}`, { selector: {} }),
    want: denied(
      500,
      'vsidecarset.kb.io',
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is not valid for sidecarset.',
    ),
  },
  {
    name: 'a container name another SidecarSet injects into overlapping pods',
    resource: 'sidecarsets',
    given: [sidecarSet(`first-${RUN}`)],
    body: sidecarSet(`second-${RUN}`, {
      selector: { matchExpressions: [{ key: 'validation', operator: 'Exists' }] },
    }),
    want: denied(
      500,
      'vsidecarset.kb.io',
      `spec.containers: Invalid value: "agent-${RUN}": container agent-${RUN} already exist in first-${RUN}`,
    ),
  },
  {
    name: 'a StatefulSet podManagementPolicy that does not exist',
    resource: 'statefulsets',
    body: statefulSet('bad-policy', { podManagementPolicy: 'Sometimes' }),
    want: denied(
      422,
      'vstatefulset.kb.io',
      `spec.podManagementPolicy: Invalid value: "Sometimes": must be 'OrderedReady' or 'Parallel'`,
    ),
  },
  {
    name: 'a StatefulSet maxUnavailable above 1 with OrderedReady',
    resource: 'statefulsets',
    body: statefulSet('max-unavailable', {
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } },
    }),
    want: denied(
      422,
      'vstatefulset.kb.io',
      'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:2, StrVal:""}: can only work with Parallel PodManagementPolicyType',
    ),
  },
  {
    name: 'StatefulSet reserveOrdinals with duplicates',
    resource: 'statefulsets',
    body: statefulSet('reserved-twice', { reserveOrdinals: [1, 1] }),
    want: denied(
      422,
      'vstatefulset.kb.io',
      'spec: Invalid value: []int{1, 1}: reserveOrdinals contains duplicated items',
    ),
  },
  {
    name: 'a StatefulSet template with activeDeadlineSeconds',
    resource: 'statefulsets',
    body: statefulSet('deadline', {}, { activeDeadlineSeconds: 60 }),
    want: denied(
      422,
      'vstatefulset.kb.io',
      'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported',
    ),
  },
  {
    name: 'a StatefulSet selector that misses the template labels',
    resource: 'statefulsets',
    body: statefulSet('selector-miss', { selector: { matchLabels: { app: 'other' } } }),
    want: denied(
      422,
      'vstatefulset.kb.io',
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ),
  },
  {
    name: 'an ImagePullJob with both selector and podSelector',
    resource: 'imagepulljobs',
    body: imagePullJob('two-selectors', {
      selector: { matchLabels: { pool: 'a' } },
      podSelector: { matchLabels: { app: 'web' } },
    }),
    want: denied(400, 'vimagepulljob.kb.io', 'can not set both selector and podSelector'),
  },
  {
    name: 'an ImagePullJob selector with names and labels',
    resource: 'imagepulljobs',
    body: imagePullJob('names-and-labels', {
      selector: { names: ['node-a'], matchLabels: { pool: 'a' } },
    }),
    want: denied(
      400,
      'vimagepulljob.kb.io',
      'can not set both names and labelSelector in this spec.selector',
    ),
  },
  {
    name: 'an ImagePullJob image with capitals',
    resource: 'imagepulljobs',
    body: imagePullJob('capitals', { image: 'Nginx:1.25' }),
    want: denied(
      400,
      'vimagepulljob.kb.io',
      'invalid image Nginx:1.25: invalid reference format: repository name must be lowercase',
    ),
  },
  {
    name: 'an ImagePullJob completionPolicy Never with activeDeadlineSeconds',
    resource: 'imagepulljobs',
    body: imagePullJob('never-deadline', {
      completionPolicy: { type: 'Never', activeDeadlineSeconds: 600 },
    }),
    want: denied(
      400,
      'vimagepulljob.kb.io',
      'activeDeadlineSeconds and ttlSecondsAfterFinished can only work with Always CompletionPolicyType',
    ),
  },
];

function objects(cp: ControlPlane, namespace: string) {
  const api = cp.kubeConfig.makeApiClient(CustomObjectsApi);
  const where = (resource: Resource) => ({
    group: GROUP,
    version: VERSION[resource],
    plural: resource,
  });
  return {
    async create(resource: Resource, body: Json): Promise<Json> {
      const out: unknown =
        resource === 'sidecarsets'
          ? await api.createClusterCustomObject({ ...where(resource), body })
          : await api.createNamespacedCustomObject({ ...where(resource), namespace, body });
      return out as Json;
    },
    /** The Status of a refused create (the create must fail). */
    async refusal(resource: Resource, body: Json): Promise<Json> {
      try {
        await this.create(resource, body);
      } catch (err) {
        if (err instanceof ApiException) return JSON.parse(String(err.body)) as Json;
        throw err;
      }
      throw new Error(`${KIND[resource]} was accepted`);
    },
    async exists(resource: Resource, name: string): Promise<boolean> {
      try {
        if (resource === 'sidecarsets')
          await api.getClusterCustomObject({ ...where(resource), name });
        else await api.getNamespacedCustomObject({ ...where(resource), namespace, name });
        return true;
      } catch (err) {
        if (err instanceof ApiException && err.code === 404) return false;
        throw err;
      }
    },
    async remove(resource: Resource, name: string): Promise<void> {
      if (resource === 'sidecarsets')
        await api.deleteClusterCustomObject({ ...where(resource), name });
      else await api.deleteNamespacedCustomObject({ ...where(resource), namespace, name });
    },
  };
}

const nameOf = (body: Json): string => (body['metadata'] as { name: string }).name;

describe('the kube-apiserver refuses invalid objects with OpenKruise’s messages', () => {
  let cp: ControlPlane;
  let admission: RunningAdmission;
  let api: ReturnType<typeof objects>;

  before(async () => {
    cp = await sharedControlPlane();
    admission = await startAdmission(cp);
    api = objects(cp, await testNamespace(cp.kubeConfig, 'validation'));
  });
  after(async () => {
    await admission.stop();
  });

  for (const c of cases) {
    it(`refuses ${c.name}`, async () => {
      for (const given of c.given ?? []) await api.create('sidecarsets', given);
      if (c.given !== undefined) await sleep(CACHE_BOUND_MS);
      try {
        assert.deepEqual(await api.refusal(c.resource, c.body), c.want);
        assert.equal(await api.exists(c.resource, nameOf(c.body)), false);
      } finally {
        for (const given of c.given ?? []) await api.remove('sidecarsets', nameOf(given));
      }
    });
  }

  it('accepts and keeps a StatefulSet with ordinals.start (release-notes sample)', async () => {
    const sample = parse(
      readFileSync(
        new URL('../../../shared/samples/asts-start-ordinal.yaml', import.meta.url),
        'utf8',
      ),
    ) as Json;
    const stored = await api.create('statefulsets', sample);
    const { template, ...spec } = stored['spec'] as Json;
    assert.deepEqual(spec, {
      replicas: 5,
      ordinals: { start: 3 },
      serviceName: 'fake-service',
      selector: { matchLabels: { app: 'sample' } },
      podManagementPolicy: 'OrderedReady',
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: {
          partition: 0,
          maxUnavailable: 1,
          podUpdatePolicy: 'ReCreate',
          minReadySeconds: 0,
        },
      },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    });
    // As OpenKruise's defaulting leaves it: Go's encoding of an ObjectMeta writes a null creationTimestamp.
    assert.deepEqual((template as { metadata?: unknown }).metadata, {
      creationTimestamp: null,
      labels: { app: 'sample' },
    });
  });
});

describe('ImagePullJobs while the ImagePullJobGate is off', () => {
  let cp: ControlPlane;
  let admission: RunningAdmission;
  let api: ReturnType<typeof objects>;

  before(async () => {
    cp = await sharedControlPlane();
    admission = await startAdmission(cp, { featureGates: 'ImagePullJobGate=false' });
    api = objects(cp, await testNamespace(cp.kubeConfig, 'validation-gate'));
  });
  after(async () => {
    await admission.stop();
  });

  it('refuses a valid ImagePullJob with the gate denial', async () => {
    const body = imagePullJob('gated');
    assert.deepEqual(
      await api.refusal('imagepulljobs', body),
      denied(403, 'vimagepulljob.kb.io', 'feature-gate ImagePullJobGate is not enabled'),
    );
    assert.equal(await api.exists('imagepulljobs', nameOf(body)), false);
  });
});
