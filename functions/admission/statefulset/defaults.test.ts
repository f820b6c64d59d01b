import type { DecodedStatefulSet } from '../../../shared/api/decoded.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goMarshalled } from '../../../infra/go-oracle/oracle.js';
import type { AdmissionInput, Operation } from '../review/decision.js';
import { parseFeatureGates } from '../../../shared/feature-gates.js';
import { defaultStatefulSet } from './defaults.js';

const review = (
  operation: Operation,
  object: DecodedStatefulSet,
  oldObject?: DecodedStatefulSet,
  version = 'v1beta1',
): AdmissionInput<DecodedStatefulSet> => ({
  uid: 'u',
  operation,
  kind: { group: 'apps.kruise.io', version, kind: 'StatefulSet' },
  resource: { group: 'apps.kruise.io', version, resource: 'statefulsets' },
  namespace: 'default',
  name: 'web',
  object,
  ...(oldObject !== undefined && { oldObject }),
});
const input = (): DecodedStatefulSet => ({
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    serviceName: 'web',
    ordinals: { start: 2 },
    reserveOrdinals: [3],
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }],
      },
    },
    volumeClaimTemplates: [
      { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } },
    ],
  },
});
const defaultedTemplate = {
  metadata: { labels: { app: 'web' } },
  spec: {
    containers: [
      {
        name: 'nginx',
        image: 'nginx:1.25',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        imagePullPolicy: 'Always',
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
      },
    ],
    dnsPolicy: 'ClusterFirst',
    restartPolicy: 'Always',
    securityContext: {},
    terminationGracePeriodSeconds: 30,
    schedulerName: 'default-scheduler',
  },
};
const defaultedSpec = {
  selector: { matchLabels: { app: 'web' } },
  serviceName: 'web',
  ordinals: { start: 2 },
  reserveOrdinals: [3],
  replicas: 1,
  revisionHistoryLimit: 10,
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
  persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
  template: defaultedTemplate,
  volumeClaimTemplates: [
    {
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'] },
      status: { phase: 'Pending' },
    },
  ],
};
const gates = parseFeatureGates('');
// The answer is Go's json.Marshal of the defaulted set of the request's version (the oracle writes it).
const asGo = (value: unknown, version = 'v1beta1') => goMarshalled(`${version}.StatefulSet`, value);

describe('defaultStatefulSet', () => {
  it('defaults a v1beta1 create, keeping ordinals with StatefulSetStartOrdinal off', async () => {
    assert.deepStrictEqual(defaultStatefulSet(review('CREATE', input()), { gates }), {
      allowed: true,
      object: await asGo({ metadata: { name: 'web', namespace: 'default' }, spec: defaultedSpec }),
    });
  });
  it('adds no retention policy to v1alpha1 objects', async () => {
    const got = defaultStatefulSet(review('CREATE', input(), undefined, 'v1alpha1'), { gates });
    const { persistentVolumeClaimRetentionPolicy: _dropped, ...spec } = defaultedSpec;
    assert.deepStrictEqual(got, {
      allowed: true,
      object: await asGo({ metadata: { name: 'web', namespace: 'default' }, spec }, 'v1alpha1'),
    });
  });
  it('adds no retention policy with StatefulSetAutoDeletePVC off', async () => {
    const got = defaultStatefulSet(review('CREATE', input()), {
      gates: parseFeatureGates('StatefulSetAutoDeletePVC=false'),
    });
    const { persistentVolumeClaimRetentionPolicy: _dropped, ...spec } = defaultedSpec;
    assert.deepStrictEqual(got, {
      allowed: true,
      object: await asGo({ metadata: { name: 'web', namespace: 'default' }, spec }),
    });
  });
  it('leaves the template alone on update when it did not change', async () => {
    const obj = { ...input(), spec: { ...input().spec, updateStrategy: { type: 'OnDelete' } } };
    const got = defaultStatefulSet(review('UPDATE', obj, input()), { gates });
    assert.deepStrictEqual(got, {
      allowed: true,
      object: await asGo({
        metadata: { name: 'web', namespace: 'default' },
        spec: {
          ...defaultedSpec,
          updateStrategy: { type: 'OnDelete' },
          template: input().spec?.template,
          volumeClaimTemplates: input().spec?.volumeClaimTemplates,
        },
      }),
    });
  });
  it('skips template defaults with TemplateNoDefaults', async () => {
    const got = defaultStatefulSet(review('CREATE', input()), {
      gates: parseFeatureGates('TemplateNoDefaults=true'),
    });
    assert.deepStrictEqual(got, {
      allowed: true,
      object: await asGo({
        metadata: { name: 'web', namespace: 'default' },
        spec: {
          ...defaultedSpec,
          template: input().spec?.template,
          volumeClaimTemplates: input().spec?.volumeClaimTemplates,
        },
      }),
    });
  });
  it('clears a non-empty status', async () => {
    const obj: DecodedStatefulSet = {
      metadata: { name: 'web', namespace: 'default' },
      spec: defaultedSpec,
      status: {
        replicas: 3,
        readyReplicas: 0,
        availableReplicas: 0,
        currentReplicas: 0,
        updatedReplicas: 0,
        currentRevision: 'r1',
      },
    };
    assert.deepStrictEqual(defaultStatefulSet(review('UPDATE', obj, obj), { gates }), {
      allowed: true,
      object: await asGo({ ...obj, status: {} }),
    });
  });
  it('allows without a patch when already defaulted', () => {
    const obj = { metadata: { name: 'web', namespace: 'default' }, spec: defaultedSpec };
    assert.deepStrictEqual(defaultStatefulSet(review('CREATE', obj), { gates }), { allowed: true });
  });
});
