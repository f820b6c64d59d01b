// Ported from kruise@v1.7.4:pkg/webhook/statefulset/validating/statefulset_validation_test.go
// (TestValidateStatefulSet), asserting exact messages instead of "any error with a known field".
import type { DecodedStatefulSet, DecodedStatefulSetSpec } from '../../../shared/api/decoded.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskGoPointers } from '../../../shared/go/format.js';
import { formatFieldErr } from '../../../shared/validation/field-error.js';
import { validateStatefulSetObject } from './validate-statefulset.js';

/**
 * Messages with pointer addresses masked (`(0x…)`): Go prints a real heap
 * address there, different on every run, so no user or controller can rely on it.
 */
const messages = (errs: ReturnType<typeof validateStatefulSetObject>): string[] =>
  errs.map(formatFieldErr).map(maskGoPointers);

const validLabels = { a: 'b' };
const validTemplate = {
  metadata: { labels: validLabels },
  spec: {
    restartPolicy: 'Always',
    dnsPolicy: 'ClusterFirst',
    containers: [{ name: 'abc', image: 'image', imagePullPolicy: 'IfNotPresent' }],
  },
};
// Specs may lack required fields on purpose: the validation must name them.
const base = (spec: Partial<DecodedStatefulSetSpec>, meta: object = {}): DecodedStatefulSet =>
  ({
    metadata: { name: 'abc-123', namespace: 'default', ...meta },
    spec: { replicas: 0, revisionHistoryLimit: 0, ...spec },
  }) as DecodedStatefulSet;
const rolling = { type: 'RollingUpdate' };
const sel = { matchLabels: validLabels };
const errorCases: Record<string, DecodedStatefulSet> = {
  'zero-length ID': base(
    {
      podManagementPolicy: 'OrderedReady',
      selector: sel,
      template: validTemplate,
      updateStrategy: rolling,
    },
    { name: '' },
  ),
  'missing-namespace': {
    metadata: { name: 'abc-123' },
    spec: {
      replicas: 0,
      revisionHistoryLimit: 0,
      podManagementPolicy: 'OrderedReady',
      selector: sel,
      template: validTemplate,
      updateStrategy: rolling,
    },
  },
  'empty selector': base({
    podManagementPolicy: 'OrderedReady',
    template: validTemplate,
    updateStrategy: rolling,
  }),
  selector_doesnt_match: base({
    podManagementPolicy: 'OrderedReady',
    selector: { matchLabels: { foo: 'bar' } },
    template: validTemplate,
    updateStrategy: rolling,
  }),
  'invalid manifest': base({
    podManagementPolicy: 'OrderedReady',
    selector: sel,
    updateStrategy: rolling,
  }),
  negative_replicas: base({
    podManagementPolicy: 'OrderedReady',
    replicas: -1,
    selector: sel,
    updateStrategy: rolling,
  }),
  invalid_label: base(
    {
      podManagementPolicy: 'OrderedReady',
      selector: sel,
      template: validTemplate,
      updateStrategy: rolling,
    },
    { labels: { 'NoUppercaseOrSpecialCharsLike=Equals': 'bar' } },
  ),
  'invalid_label 2': base(
    {
      podManagementPolicy: 'OrderedReady',
      template: {
        metadata: { labels: { 'NoUppercaseOrSpecialCharsLike=Equals': 'b' } },
        spec: { restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' },
      } as never,
      updateStrategy: rolling,
    },
    { labels: { 'NoUppercaseOrSpecialCharsLike=Equals': 'bar' } },
  ),
  invalid_annotation: base(
    {
      podManagementPolicy: 'OrderedReady',
      selector: sel,
      template: validTemplate,
      updateStrategy: rolling,
    },
    { annotations: { 'NoUppercaseOrSpecialCharsLike=Equals': 'bar' } },
  ),
  'invalid restart policy 1': base({
    podManagementPolicy: 'OrderedReady',
    selector: sel,
    template: {
      metadata: { labels: validLabels },
      spec: {
        restartPolicy: 'OnFailure',
        dnsPolicy: 'ClusterFirst',
        containers: [{ name: 'ctr', image: 'image', imagePullPolicy: 'IfNotPresent' }],
      },
    },
    updateStrategy: rolling,
  }),
  'invalid restart policy 2': base({
    podManagementPolicy: 'OrderedReady',
    selector: sel,
    template: {
      metadata: { labels: validLabels },
      spec: {
        restartPolicy: 'Never',
        dnsPolicy: 'ClusterFirst',
        containers: [{ name: 'ctr', image: 'image', imagePullPolicy: 'IfNotPresent' }],
      },
    },
    updateStrategy: rolling,
  }),
  'invalid update strategy': base({
    podManagementPolicy: 'OrderedReady',
    selector: sel,
    template: validTemplate,
    replicas: 3,
    updateStrategy: { type: 'foo' },
  }),
  'empty update strategy': base({
    podManagementPolicy: 'OrderedReady',
    selector: sel,
    template: validTemplate,
    replicas: 3,
    updateStrategy: { type: '' },
  }),
  'invalid rolling update': base({
    podManagementPolicy: 'OrderedReady',
    selector: sel,
    template: validTemplate,
    replicas: 3,
    updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 1 } },
  }),
  'invalid rolling update 1': base({
    podManagementPolicy: 'OrderedReady',
    selector: sel,
    template: validTemplate,
    replicas: 3,
    updateStrategy: { type: 'OnDelete', rollingUpdate: { maxUnavailable: '120%' } },
  }),
  'invalid rolling update 2': base({
    podManagementPolicy: 'OrderedReady',
    selector: sel,
    template: validTemplate,
    replicas: 3,
    updateStrategy: { type: 'OnDelete', rollingUpdate: { podUpdatePolicy: 'Unknown' } },
  }),
  'invalid rolling update 3': base({
    podManagementPolicy: 'OrderedReady',
    selector: sel,
    template: validTemplate,
    replicas: 3,
    updateStrategy: { type: 'OnDelete', rollingUpdate: { podUpdatePolicy: 'InPlaceIfPossible' } },
  }),
  'negative partition': base({
    podManagementPolicy: 'OrderedReady',
    selector: sel,
    template: validTemplate,
    replicas: 3,
    updateStrategy: {
      type: 'RollingUpdate',
      rollingUpdate: {
        partition: -1,
        podUpdatePolicy: 'ReCreate',
        maxUnavailable: 1,
        minReadySeconds: 1,
      },
    },
  }),
  'negative minReadySeconds': base({
    podManagementPolicy: 'OrderedReady',
    selector: sel,
    template: validTemplate,
    replicas: 3,
    updateStrategy: {
      type: 'RollingUpdate',
      rollingUpdate: {
        partition: -1,
        podUpdatePolicy: 'ReCreate',
        maxUnavailable: 1,
        minReadySeconds: -1,
      },
    },
  }),
  'too large minReadySeconds': base({
    podManagementPolicy: 'OrderedReady',
    selector: sel,
    template: validTemplate,
    replicas: 3,
    updateStrategy: {
      type: 'RollingUpdate',
      rollingUpdate: {
        partition: -1,
        podUpdatePolicy: 'ReCreate',
        maxUnavailable: 1,
        minReadySeconds: 301,
      },
    },
  }),
  'empty pod management policy': base({
    podManagementPolicy: '',
    selector: sel,
    template: validTemplate,
    replicas: 3,
    updateStrategy: rolling,
  }),
  'invalid pod management policy': base({
    podManagementPolicy: 'foo',
    selector: sel,
    template: validTemplate,
    replicas: 3,
    updateStrategy: rolling,
  }),
  'set active deadline seconds': base({
    podManagementPolicy: 'foo',
    selector: sel,
    template: {
      metadata: { labels: { foo: 'bar' } },
      spec: { restartPolicy: 'OnFailure', dnsPolicy: 'ClusterFirst', activeDeadlineSeconds: 60 },
    } as never,
    replicas: 3,
    updateStrategy: rolling,
  }),
};

const successCases: DecodedStatefulSet[] = [
  {
    metadata: { name: 'abc', namespace: 'default' },
    spec: {
      podManagementPolicy: 'OrderedReady',
      selector: sel,
      template: validTemplate,
      updateStrategy: rolling,
    },
  },
  {
    metadata: { name: 'abc-123', namespace: 'default' },
    spec: {
      podManagementPolicy: 'OrderedReady',
      selector: sel,
      template: validTemplate,
      updateStrategy: rolling,
    },
  },
  {
    metadata: { name: 'abc-123', namespace: 'default' },
    spec: {
      podManagementPolicy: 'Parallel',
      selector: sel,
      template: validTemplate,
      updateStrategy: rolling,
    },
  },
  {
    metadata: { name: 'abc-123', namespace: 'default' },
    spec: {
      podManagementPolicy: 'OrderedReady',
      selector: sel,
      template: validTemplate,
      updateStrategy: { type: 'OnDelete' },
    },
  },
  {
    metadata: { name: 'abc-123', namespace: 'default' },
    spec: {
      podManagementPolicy: 'OrderedReady',
      selector: sel,
      template: validTemplate,
      replicas: 3,
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: {
          partition: 2,
          podUpdatePolicy: 'ReCreate',
          maxUnavailable: 1,
          minReadySeconds: 10,
        },
      },
    },
  },
];

/** OpenKruise's setTestDefault */
const withTestDefaults = (s: DecodedStatefulSet): DecodedStatefulSet => ({
  ...s,
  spec: {
    ...s.spec,
    replicas: s.spec?.replicas ?? 0,
    revisionHistoryLimit: s.spec?.revisionHistoryLimit ?? 0,
  },
});

const errorWants: Record<string, string[]> = {
  'zero-length ID': ['metadata.name: Required value: name or generateName is required'],
  'missing-namespace': ['metadata.namespace: Required value'],
  'empty selector': [
    'spec.selector: Required value',
    'spec.template.metadata.labels: Invalid value: map[string]string{"a":"b"}: `selector` does not match template `labels`',
  ],
  selector_doesnt_match: [
    'spec.template.metadata.labels: Invalid value: map[string]string{"a":"b"}: `selector` does not match template `labels`',
  ],
  'invalid manifest': [
    'spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`',
  ],
  negative_replicas: [
    'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    'spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`',
  ],
  invalid_label: [
    "metadata.labels: Invalid value: \"NoUppercaseOrSpecialCharsLike=Equals\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
  ],
  'invalid_label 2': [
    "metadata.labels: Invalid value: \"NoUppercaseOrSpecialCharsLike=Equals\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    'spec.selector: Required value',
    'spec.template.metadata.labels: Invalid value: map[string]string{"NoUppercaseOrSpecialCharsLike=Equals":"b"}: `selector` does not match template `labels`',
    "spec.template.labels: Invalid value: \"NoUppercaseOrSpecialCharsLike=Equals\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
  ],
  invalid_annotation: [
    "metadata.annotations: Invalid value: \"NoUppercaseOrSpecialCharsLike=Equals\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
  ],
  'invalid restart policy 1': [
    'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
  ],
  'invalid restart policy 2': [
    'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
  ],
  'invalid update strategy': [
    "spec.updateStrategy: Invalid value: v1beta1.StatefulSetUpdateStrategy{Type:\"foo\", RollingUpdate:(*v1beta1.RollingUpdateStatefulSetStrategy)(nil)}: must be 'RollingUpdate' or 'OnDelete'",
  ],
  'empty update strategy': ['spec.updateStrategy: Required value'],
  'invalid rolling update': [
    'spec.updateStrategy.rollingUpdate: Invalid value: v1beta1.RollingUpdateStatefulSetStrategy{Partition:(*int32)(0x…), MaxUnavailable:(*intstr.IntOrString)(nil), PodUpdatePolicy:"", Paused:false, UnorderedUpdate:(*v1beta1.UnorderedUpdateStrategy)(nil), InPlaceUpdateStrategy:(*pub.InPlaceUpdateStrategy)(nil), MinReadySeconds:(*int32)(nil)}: only allowed for updateStrategy \'RollingUpdate\'',
  ],
  'invalid rolling update 1': [
    'spec.updateStrategy.rollingUpdate: Invalid value: v1beta1.RollingUpdateStatefulSetStrategy{Partition:(*int32)(nil), MaxUnavailable:(*intstr.IntOrString)(0x…), PodUpdatePolicy:"", Paused:false, UnorderedUpdate:(*v1beta1.UnorderedUpdateStrategy)(nil), InPlaceUpdateStrategy:(*pub.InPlaceUpdateStrategy)(nil), MinReadySeconds:(*int32)(nil)}: only allowed for updateStrategy \'RollingUpdate\'',
  ],
  'invalid rolling update 2': [
    'spec.updateStrategy.rollingUpdate: Invalid value: v1beta1.RollingUpdateStatefulSetStrategy{Partition:(*int32)(nil), MaxUnavailable:(*intstr.IntOrString)(nil), PodUpdatePolicy:"Unknown", Paused:false, UnorderedUpdate:(*v1beta1.UnorderedUpdateStrategy)(nil), InPlaceUpdateStrategy:(*pub.InPlaceUpdateStrategy)(nil), MinReadySeconds:(*int32)(nil)}: only allowed for updateStrategy \'RollingUpdate\'',
  ],
  'invalid rolling update 3': [
    'spec.updateStrategy.rollingUpdate: Invalid value: v1beta1.RollingUpdateStatefulSetStrategy{Partition:(*int32)(nil), MaxUnavailable:(*intstr.IntOrString)(nil), PodUpdatePolicy:"InPlaceIfPossible", Paused:false, UnorderedUpdate:(*v1beta1.UnorderedUpdateStrategy)(nil), InPlaceUpdateStrategy:(*pub.InPlaceUpdateStrategy)(nil), MinReadySeconds:(*int32)(nil)}: only allowed for updateStrategy \'RollingUpdate\'',
  ],
  'negative partition': [
    'spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0',
  ],
  'negative minReadySeconds': [
    'spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0',
    'spec.updateStrategy.rollingUpdate.minReadySeconds: Invalid value: -1: must be greater than or equal to 0',
  ],
  'too large minReadySeconds': [
    'spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0',
    'spec.updateStrategy.rollingUpdate.minReadySeconds: Invalid value: 301: must be no more than 300 seconds',
  ],
  'empty pod management policy': ['spec.podManagementPolicy: Required value'],
  'invalid pod management policy': [
    "spec.podManagementPolicy: Invalid value: \"foo\": must be 'OrderedReady' or 'Parallel'",
  ],
  'set active deadline seconds': [
    "spec.podManagementPolicy: Invalid value: \"foo\": must be 'OrderedReady' or 'Parallel'",
    'spec.template.metadata.labels: Invalid value: map[string]string{"foo":"bar"}: `selector` does not match template `labels`',
    'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
    'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported',
  ],
};

describe('validateStatefulSetObject (OpenKruise TestValidateStatefulSet)', () => {
  successCases.forEach((c, i) => {
    it(`success case ${i}`, () =>
      assert.deepStrictEqual(validateStatefulSetObject(withTestDefaults(c)), []));
  });
  for (const [name, obj] of Object.entries(errorCases)) {
    it(name, () =>
      assert.deepStrictEqual(messages(validateStatefulSetObject(obj)), errorWants[name]),
    );
  }
});
