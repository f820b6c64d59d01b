/**
 * kruise-fn's CRDs in a real kube-apiserver: they install and reach
 * Established, OpenKruise's release-note samples apply unchanged and read
 * back equal, objects that break the schema are refused naming the field, and
 * `kubectl get` (the Table output) shows OpenKruise's printer columns.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApiException, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { kruiseResources, type ResourceDefinition } from '../../shared/api/index.js';
import { installCrds } from '../../infra/manifests/install-crds.js';
import { sharedControlPlane, testNamespace, type ControlPlane } from '../support/control-plane.js';
import { rawGet } from '../../infra/dev/wait.js';

type Obj = Record<string, unknown> & { metadata: Record<string, unknown>; spec?: unknown };

const SAMPLES = resolve(import.meta.dirname, '../../../shared/samples');
const GROUP = 'apps.kruise.io';
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';
const suffix = Math.random().toString(16).slice(2, 8);

const defOf = (kind: string): ResourceDefinition => {
  const def = kruiseResources.find((d) => d.kind === kind);
  if (def === undefined) throw new Error(`no resource ${kind}`);
  return def;
};

/** The kruise documents of a sample file, as written. */
function samples(file: string): Obj[] {
  return parseAllDocuments(readFileSync(resolve(SAMPLES, file), 'utf8'))
    .map((d) => d.toJS() as Obj)
    .filter((o) => typeof o['apiVersion'] === 'string' && o['apiVersion'].startsWith(`${GROUP}/`));
}

interface Target {
  readonly def: ResourceDefinition;
  readonly version: string;
  readonly namespace?: string;
}

const targetOf = (obj: Obj, ns: string): Target => {
  const def = defOf(String(obj['kind']));
  const version = String(obj['apiVersion']).split('/')[1] ?? '';
  return def.scope === 'Namespaced' ? { def, version, namespace: ns } : { def, version };
};

/** Cluster-scoped names get a per-run suffix; namespaced objects go to the test namespace. */
function placed(obj: Obj, ns: string): Obj {
  const t = targetOf(obj, ns);
  const name = String(obj.metadata['name']);
  const metadata =
    t.namespace === undefined
      ? { ...obj.metadata, name: `${name}-${suffix}` }
      : { ...obj.metadata, namespace: t.namespace };
  return { ...obj, metadata };
}

function client(kc: KubeConfig) {
  const api = kc.makeApiClient(CustomObjectsApi);
  const params = (t: Target) => ({ group: GROUP, version: t.version, plural: t.def.plural });
  // Cluster-scoped objects outlive the test namespace: remembered to be deleted after the file.
  const clusterScoped: { t: Target; name: string }[] = [];
  return {
    async deleteClusterScoped(): Promise<void> {
      for (const { t, name } of clusterScoped.splice(0)) {
        await api.deleteClusterCustomObject({ ...params(t), name }).catch(() => undefined);
      }
    },
    async create(obj: Obj, t: Target, dryRun = false): Promise<Obj> {
      const body = obj;
      const dry = dryRun ? { dryRun: 'All' } : {};
      const created: unknown =
        t.namespace === undefined
          ? await api.createClusterCustomObject({ ...params(t), body, ...dry })
          : await api.createNamespacedCustomObject({
              ...params(t),
              namespace: t.namespace,
              body,
              ...dry,
            });
      if (t.namespace === undefined && !dryRun) clusterScoped.push({ t, name: nameOf(obj) });
      return created as Obj;
    },
    async get(name: string, t: Target): Promise<Obj> {
      const got: unknown =
        t.namespace === undefined
          ? await api.getClusterCustomObject({ ...params(t), name })
          : await api.getNamespacedCustomObject({ ...params(t), namespace: t.namespace, name });
      return got as Obj;
    },
    async putStatus(obj: Obj, t: Target, status: unknown): Promise<void> {
      const name = String(obj.metadata['name']);
      const body = { ...obj, status };
      if (t.namespace === undefined) {
        await api.replaceClusterCustomObjectStatus({ ...params(t), name, body });
      } else {
        await api.replaceNamespacedCustomObjectStatus({
          ...params(t),
          namespace: t.namespace,
          name,
          body,
        });
      }
    },
  };
}

const nameOf = (o: Obj): string => String(o.metadata['name']);

let cp: ControlPlane | undefined;
let kc: KubeConfig;
let ns: string;
let kube: ReturnType<typeof client>;

before(async () => {
  cp = await sharedControlPlane();
  kc = cp.kubeConfig;
  await installCrds(kc);
  ns = await testNamespace(kc, 'crds');
  kube = client(kc);
});

// Removes this file's cluster-scoped objects (a later suite's webhook would
// see its SidecarSets), then stops a control plane this file started (a
// no-op when the run shares one).
after(async () => {
  // `kube` is unset when `before` failed.
  await (kube as ReturnType<typeof client> | undefined)?.deleteClusterScoped();
  await cp?.stop();
});

describe('installCrds', () => {
  it('leaves every CRD Established with its names accepted, and is idempotent', async () => {
    await installCrds(kc);
    for (const def of kruiseResources) {
      const { body } = await rawGet(
        kc,
        `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${def.plural}.${GROUP}`,
      );
      const crd = JSON.parse(body) as {
        spec: { names: { shortNames?: string[] }; scope: string };
        status: { conditions: { type: string; status: string }[]; storedVersions: string[] };
      };
      const conditions = Object.fromEntries(crd.status.conditions.map((c) => [c.type, c.status]));
      assert.deepEqual(
        {
          kind: def.kind,
          established: conditions['Established'],
          names: conditions['NamesAccepted'],
        },
        { kind: def.kind, established: 'True', names: 'True' },
      );
      assert.deepEqual(crd.spec.names.shortNames ?? [], def.shortNames);
      assert.equal(crd.spec.scope, def.scope);
      const storage = def.versions.filter((v) => v.storage).map((v) => v.name);
      assert.deepEqual(crd.status.storedVersions, storage);
    }
  });
});

describe('OpenKruise samples', () => {
  const files = ['sidecarset-native.yaml', 'asts-start-ordinal.yaml', 'imagepulljob.yaml'];
  for (const file of files) {
    it(`${file} applies unchanged and reads back equal`, async () => {
      const docs = samples(file);
      assert.equal(docs.length, 1);
      for (const sample of docs) {
        const obj = placed(sample, ns);
        const t = targetOf(sample, ns);
        await kube.create(obj, t);
        const got = await kube.get(nameOf(obj), t);
        const { metadata: _m, ...want } = sample;
        const { metadata, status: _s, ...rest } = got;
        assert.deepEqual(rest, want);
        assert.equal(metadata['name'], nameOf(obj));
      }
    });
  }

  it('serves the Advanced StatefulSet sample through the scale subresource', async () => {
    const [sample] = samples('asts-start-ordinal.yaml');
    assert.ok(sample !== undefined);
    const t = targetOf(sample, ns);
    const sts = placed({ ...sample, metadata: { name: 'scaled' } }, ns);
    const created = await kube.create(sts, t);
    await kube.putStatus(created, t, {
      replicas: 2,
      readyReplicas: 1,
      availableReplicas: 1,
      currentReplicas: 2,
      updatedReplicas: 2,
      labelSelector: 'app=sample',
    });
    const { status, body } = await rawGet(
      kc,
      `/apis/${GROUP}/v1beta1/namespaces/${ns}/statefulsets/scaled/scale`,
    );
    assert.equal(status, 200);
    const scale = JSON.parse(body) as { spec: unknown; status: unknown };
    assert.deepEqual(
      { spec: scale.spec, status: scale.status },
      { spec: { replicas: 5 }, status: { replicas: 2, selector: 'app=sample' } },
    );
  });
});

/** Minimal valid objects of each kind; cases replace spec fields. */
const valid: Record<string, () => Obj> = {
  SidecarSet: () => ({
    apiVersion: `${GROUP}/v1alpha1`,
    kind: 'SidecarSet',
    metadata: { name: `bad-${suffix}` },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      containers: [{ name: 'log', image: 'busybox' }],
    },
  }),
  StatefulSet: () => ({
    apiVersion: `${GROUP}/v1beta1`,
    kind: 'StatefulSet',
    metadata: { name: 'bad' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'main', image: 'nginx' }] },
      },
    },
  }),
  ImagePullJob: () => ({
    apiVersion: `${GROUP}/v1alpha1`,
    kind: 'ImagePullJob',
    metadata: { name: 'bad' },
    spec: { image: 'nginx:1.25', completionPolicy: { type: 'Always' } },
  }),
  NodeImage: () => ({
    apiVersion: `${GROUP}/v1alpha1`,
    kind: 'NodeImage',
    metadata: { name: `bad-${suffix}` },
    spec: { images: { nginx: { tags: [{ tag: '1.25', version: 0 }] } } },
  }),
  ContainerRecreateRequest: () => ({
    apiVersion: `${GROUP}/v1alpha1`,
    kind: 'ContainerRecreateRequest',
    metadata: { name: 'bad' },
    spec: { podName: 'web-0', containers: [{ name: 'main' }] },
  }),
};

interface Cause {
  readonly reason: string;
  readonly field: string;
  readonly message: string;
}

interface BadCase {
  readonly name: string;
  readonly kind: string;
  readonly apiVersion?: string;
  /** Spec fields replaced (undefined deletes the field). */
  readonly spec: Record<string, unknown>;
  readonly causes: readonly Cause[];
}

const typeCause = (field: string, got: string, want: string): Cause => ({
  reason: 'FieldValueTypeInvalid',
  field,
  message: `Invalid value: "${got}": ${field} in body must be of type ${want}: "${got}"`,
});
const requiredCause = (field: string): Cause => ({
  reason: 'FieldValueRequired',
  field,
  message: 'Required value',
});
const enumCause = (field: string, got: string, allowed: readonly string[]): Cause => ({
  reason: 'FieldValueNotSupported',
  field,
  message: `Unsupported value: "${got}": supported values: ${allowed.map((a) => `"${a}"`).join(', ')}`,
});
const intOrStringCauses = (field: string, got: string): Cause[] => [
  typeCause(field, got, 'integer,string'),
  {
    reason: 'FieldValueInvalid',
    field: '<nil>',
    message: `Invalid value: "": "${field}" must validate at least one schema (anyOf)`,
  },
  typeCause(field, got, 'integer'),
];

const podTemplate = (container: Record<string, unknown>) => ({
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'main', image: 'nginx', ...container }] },
});

const badCases: BadCase[] = [
  {
    name: 'SidecarSet updateStrategy.type outside NotUpdate/RollingUpdate',
    kind: 'SidecarSet',
    spec: { updateStrategy: { type: 'Sometimes' } },
    causes: [enumCause('spec.updateStrategy.type', 'Sometimes', ['NotUpdate', 'RollingUpdate'])],
  },
  {
    name: 'SidecarSet container image that is a number',
    kind: 'SidecarSet',
    spec: { containers: [{ name: 'log', image: 5 }] },
    causes: [typeCause('spec.containers[0].image', 'integer', 'string')],
  },
  {
    name: 'SidecarSet init container without a name',
    kind: 'SidecarSet',
    spec: { initContainers: [{ image: 'busybox', restartPolicy: 'Always' }] },
    causes: [requiredCause('spec.initContainers[0].name')],
  },
  {
    name: 'SidecarSet upgradeType outside ColdUpgrade/HotUpgrade',
    kind: 'SidecarSet',
    spec: { containers: [{ name: 'log', upgradeStrategy: { upgradeType: 'WarmUpgrade' } }] },
    causes: [
      enumCause('spec.containers[0].upgradeStrategy.upgradeType', 'WarmUpgrade', [
        'ColdUpgrade',
        'HotUpgrade',
      ]),
    ],
  },
  {
    name: 'SidecarSet patchPolicy outside Retain/Overwrite/MergePatchJson',
    kind: 'SidecarSet',
    spec: { patchPodMetadata: [{ annotations: { a: 'b' }, patchPolicy: 'Replace' }] },
    causes: [
      enumCause('spec.patchPodMetadata[0].patchPolicy', 'Replace', [
        'Retain',
        'Overwrite',
        'MergePatchJson',
      ]),
    ],
  },
  {
    name: 'SidecarSet maxUnavailable that is neither integer nor string',
    kind: 'SidecarSet',
    spec: { updateStrategy: { maxUnavailable: true } },
    causes: intOrStringCauses('spec.updateStrategy.maxUnavailable', 'boolean'),
  },
  {
    name: 'SidecarSet volume without a name',
    kind: 'SidecarSet',
    spec: { volumes: [{ emptyDir: {} }] },
    causes: [requiredCause('spec.volumes[0].name')],
  },
  {
    name: 'SidecarSet revisionHistoryLimit given as a string',
    kind: 'SidecarSet',
    spec: { revisionHistoryLimit: '10' },
    causes: [typeCause('spec.revisionHistoryLimit', 'string', 'integer')],
  },
  {
    name: 'StatefulSet negative ordinals.start',
    kind: 'StatefulSet',
    spec: { ordinals: { start: -1 } },
    causes: [
      {
        reason: 'FieldValueInvalid',
        field: 'spec.ordinals.start',
        message:
          'Invalid value: -1: spec.ordinals.start in body should be greater than or equal to 0',
      },
    ],
  },
  {
    name: 'StatefulSet replicas given as a word',
    kind: 'StatefulSet',
    spec: { replicas: 'five' },
    causes: [
      typeCause('spec.replicas', 'string', 'integer'),
      // The scale subresource reads spec.replicas too, and says so.
      {
        reason: 'FieldValueInvalid',
        field: '.spec.replicas',
        message:
          'Invalid value: 0: .spec.replicas accessor error: five is of the type string, expected int64',
      },
    ],
  },
  {
    name: 'StatefulSet without a selector',
    kind: 'StatefulSet',
    spec: { selector: undefined },
    causes: [requiredCause('spec.selector')],
  },
  {
    name: 'StatefulSet template without containers',
    kind: 'StatefulSet',
    spec: { template: { metadata: { labels: { app: 'web' } }, spec: {} } },
    causes: [requiredCause('spec.template.spec.containers')],
  },
  {
    name: 'StatefulSet container port given as a name',
    kind: 'StatefulSet',
    spec: { template: podTemplate({ ports: [{ containerPort: 'http' }] }) },
    causes: [
      typeCause('spec.template.spec.containers[0].ports[0].containerPort', 'string', 'integer'),
    ],
  },
  {
    name: 'StatefulSet reserveOrdinals holding a string',
    kind: 'StatefulSet',
    spec: { reserveOrdinals: ['3-5'] },
    causes: [typeCause('spec.reserveOrdinals[0]', 'string', 'integer')],
  },
  {
    name: 'v1alpha1 StatefulSet partition given as a string',
    kind: 'StatefulSet',
    apiVersion: `${GROUP}/v1alpha1`,
    spec: { updateStrategy: { rollingUpdate: { partition: '1' } } },
    causes: [typeCause('spec.updateStrategy.rollingUpdate.partition', 'string', 'integer')],
  },
  {
    name: 'ImagePullJob without spec.image',
    kind: 'ImagePullJob',
    spec: { image: undefined },
    causes: [requiredCause('spec.image')],
  },
  {
    name: 'ImagePullJob without completionPolicy (required as in OpenKruise)',
    kind: 'ImagePullJob',
    spec: { completionPolicy: undefined },
    causes: [requiredCause('spec.completionPolicy')],
  },
  {
    name: 'ImagePullJob imagePullPolicy outside Always/IfNotPresent',
    kind: 'ImagePullJob',
    spec: { imagePullPolicy: 'Never' },
    causes: [enumCause('spec.imagePullPolicy', 'Never', ['Always', 'IfNotPresent'])],
  },
  {
    name: 'ImagePullJob fractional parallelism',
    kind: 'ImagePullJob',
    spec: { parallelism: 1.5 },
    causes: intOrStringCauses('spec.parallelism', 'number'),
  },
  {
    name: 'NodeImage tag entry without a tag',
    kind: 'NodeImage',
    spec: { images: { nginx: { tags: [{ version: 0 }] } } },
    causes: [requiredCause('spec.images.nginx.tags[0].tag')],
  },
  {
    name: 'NodeImage image without tags',
    kind: 'NodeImage',
    spec: { images: { nginx: { pullSecrets: [] } } },
    causes: [requiredCause('spec.images.nginx.tags')],
  },
  {
    name: 'ContainerRecreateRequest without podName',
    kind: 'ContainerRecreateRequest',
    spec: { podName: undefined },
    causes: [requiredCause('spec.podName')],
  },
  {
    name: 'ContainerRecreateRequest containers given as an object',
    kind: 'ContainerRecreateRequest',
    spec: { containers: { name: 'main' } },
    causes: [typeCause('spec.containers', 'object', 'array')],
  },
];

function build(kind: string): Obj {
  const builder = valid[kind];
  if (builder === undefined) throw new Error(`no builder for ${kind}`);
  return builder();
}

function badObject(c: BadCase): Obj {
  const base = build(c.kind);
  const spec = { ...(base.spec as Record<string, unknown>), ...c.spec };
  for (const [k, v] of Object.entries(c.spec)) if (v === undefined) delete spec[k];
  return { ...base, ...(c.apiVersion === undefined ? {} : { apiVersion: c.apiVersion }), spec };
}

describe('schema violations are refused by the apiserver, naming the field', () => {
  for (const c of badCases) {
    it(`refuses ${c.name}`, async () => {
      const obj = badObject(c);
      const err = await kube.create(obj, targetOf(obj, ns), true).then(
        () => assert.fail('created'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof ApiException, String(err));
      const status = JSON.parse(String(err.body)) as {
        code: number;
        reason: string;
        message: string;
        details: { causes: Cause[] };
      };
      assert.equal(status.code, 422);
      assert.equal(status.reason, 'Invalid');
      assert.deepEqual(status.details.causes, c.causes);
      for (const cause of c.causes.filter((x) => x.field !== '<nil>')) {
        assert.ok(status.message.includes(`${cause.field}: `), status.message);
      }
    });
  }
});

interface TableCase {
  readonly kind: string;
  readonly object: () => Obj;
  readonly status: Record<string, unknown>;
  /** Column names of `kubectl get` and `-o wide` (priority 1). */
  readonly columns: readonly string[];
  readonly wide: readonly string[];
  /** The row's cells, AGE left out (it depends on the clock). */
  readonly cells: readonly unknown[];
}

const withName = (o: Obj, name: string): Obj => ({ ...o, metadata: { ...o.metadata, name } });

const tableCases: TableCase[] = [
  {
    kind: 'SidecarSet',
    object: () => withName(build('SidecarSet'), `table-${suffix}`),
    status: { matchedPods: 3, updatedPods: 2, readyPods: 1 },
    columns: ['Name', 'MATCHED', 'UPDATED', 'READY', 'AGE'],
    wide: [],
    cells: [`table-${suffix}`, 3, 2, 1],
  },
  {
    kind: 'StatefulSet',
    object: () => withName(build('StatefulSet'), 'table'),
    status: {
      replicas: 1,
      readyReplicas: 0,
      availableReplicas: 0,
      currentReplicas: 1,
      updatedReplicas: 1,
    },
    columns: ['Name', 'DESIRED', 'CURRENT', 'UPDATED', 'READY', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES'],
    cells: ['table', 1, 1, 1, 0, 'main', 'nginx'],
  },
  {
    kind: 'ImagePullJob',
    object: () => withName(build('ImagePullJob'), 'table'),
    status: {
      desired: 4,
      active: 1,
      succeeded: 2,
      failed: 1,
      message: 'job is running, progress 75.0%',
    },
    columns: ['Name', 'TOTAL', 'ACTIVE', 'SUCCEED', 'FAILED', 'AGE', 'MESSAGE'],
    wide: [],
    cells: ['table', 4, 1, 2, 1, 'job is running, progress 75.0%'],
  },
  {
    kind: 'NodeImage',
    object: () => withName(build('NodeImage'), `table-${suffix}`),
    status: { desired: 3, pulling: 1, succeeded: 1, failed: 1 },
    columns: ['Name', 'DESIRED', 'PULLING', 'SUCCEED', 'FAILED', 'AGE'],
    wide: [],
    cells: [`table-${suffix}`, 3, 1, 1, 1],
  },
  {
    kind: 'ContainerRecreateRequest',
    object: () => {
      const crr = withName(build('ContainerRecreateRequest'), 'table');
      return {
        ...crr,
        metadata: { ...crr.metadata, labels: { 'crr.apps.kruise.io/node-name': 'node-a' } },
      };
    },
    status: { phase: 'Recreating' },
    columns: ['Name', 'PHASE', 'POD', 'NODE', 'AGE'],
    wide: [],
    cells: ['table', 'Recreating', 'web-0', 'node-a'],
  },
];

interface Table {
  kind: string;
  columnDefinitions: { name: string; priority: number }[];
  rows: { cells: unknown[] }[];
}

describe('kubectl get shows the printer columns', () => {
  for (const c of tableCases) {
    it(`prints ${c.kind} columns`, async () => {
      const obj = c.object();
      const t = targetOf(obj, ns);
      const created = await kube.create(obj, t);
      await kube.putStatus(created, t, c.status);
      const scope = t.namespace === undefined ? '' : `/namespaces/${t.namespace}`;
      const path = `/apis/${GROUP}/${t.version}${scope}/${t.def.plural}/${nameOf(obj)}`;
      const { status, body } = await rawGet(kc, path, TABLE);
      assert.equal(status, 200, body);
      const table = JSON.parse(body) as Table;
      assert.equal(table.kind, 'Table');
      const names = (p: number) =>
        table.columnDefinitions.filter((d) => d.priority === p).map((d) => d.name);
      assert.deepEqual({ columns: names(0), wide: names(1) }, { columns: c.columns, wide: c.wide });
      const age = table.columnDefinitions.findIndex((d) => d.name === 'AGE');
      const cells = table.rows[0]?.cells.filter((_, i) => i !== age);
      assert.deepEqual(cells, c.cells);
    });
  }
});
