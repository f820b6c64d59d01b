import type { DecodedStatefulSet, DecodedStatefulSetSpec } from '../../../shared/api/decoded.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AdmissionInput, Operation } from '../review/decision.js';
import { parseFeatureGates } from '../../../shared/feature-gates.js';
import { formatFieldErr } from '../../../shared/validation/field-error.js';
import { validateStatefulSet, validateStatefulSetUpdate } from './validate-statefulset.js';

const template = (image: string) => ({
  metadata: { labels: { a: 'b' } },
  spec: {
    restartPolicy: 'Always',
    dnsPolicy: 'ClusterFirst',
    containers: [{ name: 'abc', image, imagePullPolicy: 'IfNotPresent' }],
  },
});
const sts = (
  spec: Partial<DecodedStatefulSetSpec> = {},
  meta: object = {},
): DecodedStatefulSet => ({
  apiVersion: 'apps.kruise.io/v1beta1',
  kind: 'StatefulSet',
  metadata: { name: 'foo', namespace: 'bar', resourceVersion: '1', ...meta },
  spec: {
    replicas: 1,
    revisionHistoryLimit: 10,
    podManagementPolicy: 'OrderedReady',
    selector: { matchLabels: { a: 'b' } },
    template: template('image:v1'),
    updateStrategy: {
      type: 'RollingUpdate',
      rollingUpdate: {
        partition: 0,
        maxUnavailable: 1,
        podUpdatePolicy: 'ReCreate',
        minReadySeconds: 0,
      },
    },
    ...spec,
  },
});
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
  namespace: 'bar',
  name: 'foo',
  object,
  ...(oldObject !== undefined && { oldObject }),
});
const gates = parseFeatureGates('');
const forbiddenSpec =
  "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'reserveOrdinals', 'lifecycle', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', `volumeClaimTemplates` and 'updateStrategy' are forbidden";

describe('validateStatefulSetUpdate (OpenKruise TestValidateStatefulSetUpdate)', () => {
  it('allows replicas, revisionHistoryLimit, reserveOrdinals, lifecycle, template, VCT, scaleStrategy, strategy changes', () => {
    const vct = (size: string) => ({
      metadata: { name: 'foo' },
      spec: {
        storageClassName: 'foo/bar',
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: size } },
      },
    });
    const old = sts({
      replicas: 5,
      revisionHistoryLimit: 5,
      reserveOrdinals: [1],
      lifecycle: { preDelete: { finalizersHandler: ['foo/bar'] } },
      volumeClaimTemplates: [vct('30Gi')],
      scaleStrategy: { maxUnavailable: 1 },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 5 } },
      persistentVolumeClaimRetentionPolicy: { whenScaled: 'Retain', whenDeleted: 'Retain' },
      ordinals: { start: 0 },
    });
    const next = sts({
      replicas: 10,
      revisionHistoryLimit: 10,
      reserveOrdinals: [2],
      lifecycle: { preDelete: { finalizersHandler: ['foo/hello'] } },
      template: template('image:v2'),
      volumeClaimTemplates: [vct('60Gi')],
      scaleStrategy: { maxUnavailable: 2 },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 10 } },
      persistentVolumeClaimRetentionPolicy: { whenScaled: 'Retain', whenDeleted: 'Retain' },
      ordinals: { start: 2 },
    });
    assert.deepStrictEqual(validateStatefulSetUpdate(next, old), []);
  });
  const errorCases = [
    {
      name: 'selector changed',
      old: { selector: { matchLabels: { app: 'foo' } } },
      next: { selector: { matchLabels: { app: 'bar' } } },
    },
    { name: 'serviceName changed', old: { serviceName: 'foo' }, next: { serviceName: 'bar' } },
    {
      name: 'podManagementPolicy changed',
      old: { podManagementPolicy: 'OrderedReady' },
      next: { podManagementPolicy: 'Parallel' },
    },
  ];
  for (const c of errorCases) {
    it(c.name, () => {
      assert.deepStrictEqual(
        validateStatefulSetUpdate(sts(c.next), sts(c.old)).map(formatFieldErr),
        [forbiddenSpec],
      );
    });
  }
  it('treats absent and empty values as equal, like Semantic.DeepEqual', () => {
    assert.deepStrictEqual(validateStatefulSetUpdate(sts({ serviceName: '' }), sts()), []);
  });
  it('requires a resourceVersion and keeps the name immutable', () => {
    assert.deepStrictEqual(
      validateStatefulSetUpdate(sts({}, { name: 'other', resourceVersion: '' }), sts()).map(
        formatFieldErr,
      ),
      [
        'metadata.resourceVersion: Invalid value: "": must be specified for an update',
        'metadata.name: Invalid value: "other": field is immutable',
      ],
    );
  });
});

describe('validateStatefulSet', () => {
  const cases: {
    name: string;
    input: AdmissionInput<DecodedStatefulSet>;
    gates?: string;
    want: object;
  }[] = [
    { name: 'admits a valid create', input: review('CREATE', sts()), want: { allowed: true } },
    {
      name: 'joins all errors with code 422',
      input: review('CREATE', sts({ replicas: -1, podManagementPolicy: 'Sometimes' })),
      want: {
        allowed: false,
        code: 422,
        message:
          "[spec.podManagementPolicy: Invalid value: \"Sometimes\": must be 'OrderedReady' or 'Parallel', spec.replicas: Invalid value: -1: must be greater than or equal to 0]",
      },
    },
    {
      name: 'rejects a negative ordinals.start (kruise-fn)',
      input: review('CREATE', sts({ ordinals: { start: -1 } })),
      want: {
        allowed: false,
        code: 422,
        message: 'spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0',
      },
    },
    {
      name: 'keeps ordinals.start with StatefulSetStartOrdinal off',
      input: review('CREATE', sts({ ordinals: { start: 3 } })),
      want: { allowed: true },
    },
    {
      name: 'rejects reserveOrdinals duplicates and negatives',
      input: review('CREATE', sts({ reserveOrdinals: [1, 1, -2] })),
      want: {
        allowed: false,
        code: 422,
        message:
          '[spec: Invalid value: []int{1, 1, -2}: reserveOrdinals contains duplicated items, spec: Invalid value: []int{1, 1, -2}: reserveOrdinals contains -2 which must be order >= 0]',
      },
    },
    {
      name: 'ignores v1beta1-only fields of a v1alpha1 object',
      input: review('CREATE', sts({ reserveOrdinals: [1, 1] }), undefined, 'v1alpha1'),
      want: { allowed: true },
    },
    {
      name: 'requires the InPlaceUpdateReady readiness gate for in-place policies',
      input: review(
        'CREATE',
        sts({
          updateStrategy: {
            type: 'RollingUpdate',
            rollingUpdate: { maxUnavailable: 1, podUpdatePolicy: 'InPlaceIfPossible' },
          },
        }),
      ),
      want: {
        allowed: false,
        code: 422,
        message:
          'spec.template.spec.readinessGates: Invalid value: []v1.PodReadinessGate(nil): must contains InPlaceUpdateReady when podUpdatePolicy is InPlaceIfPossible',
      },
    },
    {
      name: 'rejects maxUnavailable 0 and unorderedUpdate without Parallel',
      input: review(
        'CREATE',
        sts({
          updateStrategy: {
            type: 'RollingUpdate',
            rollingUpdate: {
              maxUnavailable: '0%',
              podUpdatePolicy: 'ReCreate',
              unorderedUpdate: {},
            },
          },
        }),
      ),
      want: {
        allowed: false,
        code: 422,
        message:
          '[spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: should not be less than 1, spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"0%"}: can only work with Parallel PodManagementPolicyType, spec.updateStrategy.rollingUpdate.unorderedUpdate: Required value: unorderedUpdate can only work with Parallel PodManagementPolicyType]',
      },
    },
    {
      name: 'rejects a non-image template change under InPlaceOnly',
      input: review(
        'UPDATE',
        sts({
          template: {
            ...template('image:v2'),
            spec: {
              ...template('image:v2').spec,
              dnsPolicy: 'Default',
              readinessGates: [{ conditionType: 'InPlaceUpdateReady' }],
            },
          },
          updateStrategy: {
            type: 'RollingUpdate',
            rollingUpdate: { maxUnavailable: 1, podUpdatePolicy: 'InPlaceOnly' },
          },
        }),
        sts({
          template: {
            ...template('image:v1'),
            spec: {
              ...template('image:v1').spec,
              readinessGates: [{ conditionType: 'InPlaceUpdateReady' }],
            },
          },
        }),
      ),
      want: {
        allowed: false,
        code: 422,
        message:
          'invalid template modified with InPlaceOnly strategy: replace /dnsPolicy, currently only image update is allowed for InPlaceOnly',
      },
    },
    {
      name: 'admits an image-only change under InPlaceOnly',
      input: review(
        'UPDATE',
        sts({
          template: {
            ...template('image:v2'),
            spec: {
              ...template('image:v2').spec,
              readinessGates: [{ conditionType: 'InPlaceUpdateReady' }],
            },
          },
          updateStrategy: {
            type: 'RollingUpdate',
            rollingUpdate: { maxUnavailable: 1, podUpdatePolicy: 'InPlaceOnly' },
          },
        }),
        sts({
          template: {
            ...template('image:v1'),
            spec: {
              ...template('image:v1').spec,
              readinessGates: [{ conditionType: 'InPlaceUpdateReady' }],
            },
          },
        }),
      ),
      want: { allowed: true },
    },
    {
      name: 'forbids deleting an Always-protected StatefulSet',
      input: review(
        'DELETE',
        sts(),
        sts({}, { labels: { 'policy.kruise.io/delete-protection': 'Always' } }),
      ),
      want: {
        allowed: false,
        code: 403,
        message:
          'forbidden by ResourcesProtectionDeletion for policy.kruise.io/delete-protection=Always',
      },
    },
    {
      name: 'forbids deleting a Cascading-protected StatefulSet with replicas',
      input: review(
        'DELETE',
        sts(),
        sts({ replicas: 2 }, { labels: { 'policy.kruise.io/delete-protection': 'Cascading' } }),
      ),
      want: {
        allowed: false,
        code: 403,
        message:
          'forbidden by ResourcesProtectionDeletion for policy.kruise.io/delete-protection=Cascading and replicas 2>0',
      },
    },
    {
      name: 'allows deletion when ResourcesDeletionProtection is off',
      input: review(
        'DELETE',
        sts(),
        sts({}, { labels: { 'policy.kruise.io/delete-protection': 'Always' } }),
      ),
      gates: 'ResourcesDeletionProtection=false',
      want: { allowed: true },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepStrictEqual(
        validateStatefulSet(c.input, { gates: c.gates ? parseFeatureGates(c.gates) : gates }),
        c.want,
      );
    });
  }
});
