/**
 * Advanced StatefulSet validation, row by row against the Go source it
 * follows: `kruise@v1.7.4:pkg/webhook/statefulset/validating/` (VSV below is
 * its statefulset_validation.go, HANDLER its statefulset_create_update_handler.go)
 * and k8s.io/kubernetes v1.28.9 / k8s.io/apimachinery v0.28.9. Each row names
 * the line whose behaviour it pins; the expected messages are those lines'
 * texts as field.ErrorList.ToAggregate() prints them.
 */
import type { DecodedStatefulSet, DecodedStatefulSetSpec } from '../../../shared/api/decoded.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFeatureGates } from '../../../shared/feature-gates.js';
import type { AdmissionInput, Decision, Operation } from '../review/decision.js';
import { forbiddenUpdateMessage, validateStatefulSet } from './validate-statefulset.js';

type Spec = Partial<DecodedStatefulSetSpec> & Record<string, unknown>;

const sts = (
  spec: Spec = {},
  meta: object = {},
  templateMeta: object = {},
): DecodedStatefulSet => ({
  apiVersion: 'apps.kruise.io/v1beta1',
  kind: 'StatefulSet',
  metadata: { name: 'web', namespace: 'bar', resourceVersion: '1', ...meta },
  spec: {
    replicas: 1,
    revisionHistoryLimit: 10,
    podManagementPolicy: 'OrderedReady',
    selector: { matchLabels: { a: 'b' } },
    template: {
      metadata: { labels: { a: 'b' }, ...templateMeta },
      spec: { containers: [{ name: 'app', image: 'app:1' }] },
    },
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

/** A RollingUpdate strategy with `rollingUpdate` fields over the defaulted ones. */
const rolling = (fields: object): Spec => ({
  updateStrategy: {
    type: 'RollingUpdate',
    rollingUpdate: {
      partition: 0,
      maxUnavailable: 1,
      podUpdatePolicy: 'ReCreate',
      minReadySeconds: 0,
      ...fields,
    },
  },
});

const review = (
  operation: Operation,
  object: DecodedStatefulSet,
  oldObject?: DecodedStatefulSet,
): AdmissionInput<DecodedStatefulSet> => ({
  uid: 'u',
  operation,
  kind: { group: 'apps.kruise.io', version: 'v1beta1', kind: 'StatefulSet' },
  resource: { group: 'apps.kruise.io', version: 'v1beta1', resource: 'statefulsets' },
  namespace: 'bar',
  name: 'web',
  object,
  ...(oldObject !== undefined && { oldObject }),
});

const gates = parseFeatureGates('');
const denied = (message: string): Decision => ({ allowed: false, code: 422, message });
const ALLOWED: Decision = { allowed: true };
const LABEL_REGEX =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const FORBIDDEN = `spec: Forbidden: ${forbiddenUpdateMessage}`;

interface Row {
  readonly name: string;
  readonly input: AdmissionInput<DecodedStatefulSet>;
  readonly want: Decision;
}

function table(title: string, rows: readonly Row[]) {
  describe(title, () => {
    for (const row of rows) {
      it(row.name, () =>
        assert.deepStrictEqual(validateStatefulSet(row.input, { gates }), row.want),
      );
    }
  });
}

table('the set name: ValidateObjectMeta with ValidateStatefulSetName (NameIsDNSLabel)', [
  {
    name: 'VSV:296 + apps/validation/validation.go:43: a dot is refused (a label, not a subdomain)',
    input: review('CREATE', sts({}, { name: 'web.v1' })),
    want: denied('metadata.name: Invalid value: "web.v1": must not contain dots'),
  },
  {
    name: 'apimachinery util/validation/validation.go:190: at most 63 characters',
    input: review('CREATE', sts({}, { name: 'a'.repeat(64) })),
    want: denied(
      `metadata.name: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`,
    ),
  },
  {
    name: 'util/validation/validation.go:199: upper case gets the label regex message',
    input: review('CREATE', sts({}, { name: 'Web' })),
    want: denied(`metadata.name: Invalid value: "Web": ${LABEL_REGEX}`),
  },
  {
    name: 'api/validation/objectmeta.go:158-161: generateName is a prefix label (trailing dash allowed)',
    input: review('CREATE', sts({}, { name: 'web-x7k2p', generateName: 'web-' })),
    want: ALLOWED,
  },
  {
    name: 'api/validation/objectmeta.go:159-160: a generateName that is no label prefix',
    input: review('CREATE', sts({}, { name: 'web-x7k2p', generateName: 'web.' })),
    want: denied(`metadata.generateName: Invalid value: "web.": ${LABEL_REGEX}`),
  },
  {
    name: 'a 63-character name is a valid label',
    input: review('CREATE', sts({}, { name: 'a'.repeat(63) })),
    want: ALLOWED,
  },
]);

table('update strategy: required fields and messages', [
  {
    name: 'VSV:162: a missing type',
    input: review('CREATE', sts({ updateStrategy: {} })),
    want: denied('spec.updateStrategy: Required value'),
  },
  {
    name: 'VSV:170-173: an unknown type prints the strategy struct',
    input: review('CREATE', sts({ updateStrategy: { type: 'Sometimes' } })),
    want: denied(
      `spec.updateStrategy: Invalid value: v1beta1.StatefulSetUpdateStrategy{Type:"Sometimes", RollingUpdate:(*v1beta1.RollingUpdateStatefulSetStrategy)(nil)}: must be 'RollingUpdate' or 'OnDelete'`,
    ),
  },
  {
    name: 'VSV:92-98: OnDelete takes no rollingUpdate',
    input: review('CREATE', sts({ updateStrategy: { type: 'OnDelete', rollingUpdate: {} } })),
    want: denied(
      'spec.updateStrategy.rollingUpdate: Invalid value: v1beta1.RollingUpdateStatefulSetStrategy{Partition:(*int32)(nil), MaxUnavailable:(*intstr.IntOrString)(nil), PodUpdatePolicy:"", Paused:false, UnorderedUpdate:(*v1beta1.UnorderedUpdateStrategy)(nil), InPlaceUpdateStrategy:(*pub.InPlaceUpdateStrategy)(nil), MinReadySeconds:(*int32)(nil)}: only allowed for updateStrategy \'RollingUpdate\'',
    ),
  },
  {
    name: 'VSV:125-127: a negative partition',
    input: review('CREATE', sts(rolling({ partition: -1 }))),
    want: denied(
      'spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0',
    ),
  },
  {
    name: 'VSV:129-132: a negative minReadySeconds',
    input: review('CREATE', sts(rolling({ minReadySeconds: -1 }))),
    want: denied(
      'spec.updateStrategy.rollingUpdate.minReadySeconds: Invalid value: -1: must be greater than or equal to 0',
    ),
  },
  {
    name: 'VSV:133-137: minReadySeconds over 300',
    input: review('CREATE', sts(rolling({ minReadySeconds: 301 }))),
    want: denied(
      'spec.updateStrategy.rollingUpdate.minReadySeconds: Invalid value: 301: must be no more than 300 seconds',
    ),
  },
  {
    name: 'VSV:141-142: maxUnavailable is required',
    input: review('CREATE', sts(rolling({ maxUnavailable: null }))),
    want: denied('spec.updateStrategy.rollingUpdate.maxUnavailable: Required value'),
  },
  {
    name: 'VSV:284-285: maxUnavailable 0 (Parallel)',
    input: review(
      'CREATE',
      sts({ podManagementPolicy: 'Parallel', ...rolling({ maxUnavailable: 0 }) }),
    ),
    want: denied(
      'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: should not be less than 1',
    ),
  },
  {
    name: 'VSV:287-289: maxUnavailable other than 1 needs Parallel',
    input: review('CREATE', sts(rolling({ maxUnavailable: '50%' }))),
    want: denied(
      'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"50%"}: can only work with Parallel PodManagementPolicyType',
    ),
  },
  {
    name: 'VSV:281-283: a maxUnavailable that is no percentage, twice',
    input: review(
      'CREATE',
      sts({ podManagementPolicy: 'Parallel', ...rolling({ maxUnavailable: 'abc' }) }),
    ),
    want: denied(
      `[spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"abc"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%'), spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: getValueFromIntOrPercent error: invalid value for IntOrString: invalid type: string is not a percentage]`,
    ),
  },
  {
    name: 'VSV:249-250: podUpdatePolicy is required',
    input: review('CREATE', sts(rolling({ podUpdatePolicy: '' }))),
    want: denied('spec.updateStrategy.rollingUpdate.podUpdatePolicy: Required value'),
  },
  {
    name: 'VSV:268-275: an unknown podUpdatePolicy (the message quotes two of three)',
    input: review('CREATE', sts(rolling({ podUpdatePolicy: 'Sometimes' }))),
    want: denied(
      `spec.updateStrategy.rollingUpdate.podUpdatePolicy: Invalid value: "Sometimes": must be 'ReCreate', InPlaceIfPossible or 'InPlaceOnly'`,
    ),
  },
  {
    name: 'VSV:252-266: in-place policies need the InPlaceUpdateReady readiness gate',
    input: review('CREATE', sts(rolling({ podUpdatePolicy: 'InPlaceOnly' }))),
    want: denied(
      'spec.template.spec.readinessGates: Invalid value: []v1.PodReadinessGate(nil): must contains InPlaceUpdateReady when podUpdatePolicy is InPlaceOnly',
    ),
  },
  {
    name: 'VSV:106-110: unorderedUpdate needs Parallel',
    input: review('CREATE', sts(rolling({ unorderedUpdate: {} }))),
    want: denied(
      'spec.updateStrategy.rollingUpdate.unorderedUpdate: Required value: unorderedUpdate can only work with Parallel PodManagementPolicyType',
    ),
  },
  {
    name: 'VSV:112-115 + apis/apps/pub/update_priority.go:65-66: both priority kinds',
    input: review(
      'CREATE',
      sts({
        podManagementPolicy: 'Parallel',
        ...rolling({
          unorderedUpdate: {
            priorityStrategy: {
              weightPriority: [{ weight: 1, matchSelector: { matchLabels: { a: 'b' } } }],
              orderPriority: [{ orderedKey: 'a' }],
            },
          },
        }),
      }),
    ),
    want: denied(
      'spec.updateStrategy.rollingUpdate.unorderedUpdate.priorityStrategy: Required value: only one of weightPriority and orderPriority can be used',
    ),
  },
  {
    name: 'VSV:120-155: inPlaceUpdateStrategy is not validated (a negative grace period passes)',
    input: review('CREATE', sts(rolling({ inPlaceUpdateStrategy: { gracePeriodSeconds: -5 } }))),
    want: ALLOWED,
  },
]);

type PodSpec = NonNullable<NonNullable<DecodedStatefulSetSpec['template']>['spec']>;

/** An InPlaceOnly set (with its readiness gate) updated from one pod spec to another. */
function inPlaceOnly(oldSpec: PodSpec, newSpec: PodSpec): AdmissionInput<DecodedStatefulSet> {
  const set = (podSpec: PodSpec): DecodedStatefulSet => {
    const s = sts(rolling({ podUpdatePolicy: 'InPlaceOnly' }));
    const readinessGates = [{ conditionType: 'InPlaceUpdateReady' }];
    const template = { metadata: { labels: { a: 'b' } }, spec: { ...podSpec, readinessGates } };
    return { ...s, spec: { ...s.spec, template } };
  };
  return review('UPDATE', set(newSpec), set(oldSpec));
}
const inPlaceDenied = (change: string) =>
  denied(
    `invalid template modified with InPlaceOnly strategy: ${change}, currently only image update is allowed for InPlaceOnly`,
  );
const app = (image: string, extra: object = {}) => ({ name: 'app', image, ...extra });

table('InPlaceOnly: the change named first (HANDLER:79-84, VSV:345-358)', [
  {
    name: 'VSV:354: an image replace is allowed',
    input: inPlaceOnly({ containers: [app('app:1')] }, { containers: [app('app:2')] }),
    want: ALLOWED,
  },
  {
    name: 'VSV:26: the unanchored regexp lets imagePullPolicy through too',
    input: inPlaceOnly(
      { containers: [app('app:1', { imagePullPolicy: 'Always' })] },
      { containers: [app('app:1', { imagePullPolicy: 'IfNotPresent' })] },
    ),
    want: ALLOWED,
  },
  {
    name: 'VSV:346-347: json.Marshal omits an empty nodeName, so "" is no change',
    input: inPlaceOnly(
      { containers: [app('app:1')] },
      { containers: [app('app:1')], nodeName: '' },
    ),
    want: ALLOWED,
  },
  {
    name: 'VSV:355: an image change of an init container is refused',
    input: inPlaceOnly(
      { initContainers: [app('init:1')], containers: [app('app:1')] },
      { initContainers: [app('init:2')], containers: [app('app:1')] },
    ),
    want: inPlaceDenied('replace /initContainers/0/image'),
  },
  {
    name: 'VSV:353-355: the first bad operation after allowed image replaces',
    input: inPlaceOnly(
      { containers: [app('app:1'), { name: 'b', image: 'b:1' }] },
      { containers: [app('app:2'), { name: 'b', image: 'b:2', ports: [{ containerPort: 80 }] }] },
    ),
    want: inPlaceDenied('add /containers/1/ports'),
  },
  {
    name: 'VSV:348 (appscode jsonpatch edit distance): dropping the first arg is remove …/args/0',
    input: inPlaceOnly(
      { containers: [app('app:1', { args: ['x', 'y'] })] },
      { containers: [app('app:1', { args: ['y'] })] },
    ),
    want: inPlaceDenied('remove /containers/0/args/0'),
  },
  {
    name: 'VSV:348: an env var put first is add …/env/0',
    input: inPlaceOnly(
      { containers: [app('app:1', { env: [{ name: 'A', value: '1' }] })] },
      {
        containers: [
          app('app:1', {
            env: [
              { name: 'Z', value: '0' },
              { name: 'A', value: '1' },
            ],
          }),
        ],
      },
    ),
    want: inPlaceDenied('add /containers/0/env/0'),
  },
  {
    name: 'VSV:348: keys of the pod spec in Go field order (dnsPolicy before nodeName)',
    input: inPlaceOnly(
      { containers: [app('app:1')], dnsPolicy: 'ClusterFirst' },
      { containers: [app('app:1')], dnsPolicy: 'Default', nodeName: 'n1' },
    ),
    want: inPlaceDenied('replace /dnsPolicy'),
  },
]);

const old = sts();
const update = (spec: Spec, templateLabels?: Record<string, string>) =>
  review('UPDATE', sts(spec, {}, templateLabels ? { labels: templateLabels } : {}), old);

table('UPDATE of spec fields (VSV:302-343)', [
  {
    name: 'VSV:329: a field the Go type lacks was dropped by the decoder: no change',
    input: update({ minReadySeconds: 5, unknownField: 'x' }),
    want: ALLOWED,
  },
  {
    name: 'VSV:317-318: scaleStrategy may change though the message omits it',
    input: update({ scaleStrategy: { maxUnavailable: 1 } }),
    want: ALLOWED,
  },
  {
    name: 'VSV:325-327: lifecycle, revisionHistoryLimit and ordinals may change',
    input: update({
      lifecycle: { preDelete: { labelsHandler: { a: 'b' } } },
      revisionHistoryLimit: 3,
      ordinals: { start: 2 },
    }),
    want: ALLOWED,
  },
  {
    name: 'VSV:329-330: serviceName may not change',
    input: update({ serviceName: 'other' }),
    want: denied(FORBIDDEN),
  },
  {
    name: 'VSV:329: an empty serviceName equals a missing one',
    input: update({ serviceName: '' }),
    want: ALLOWED,
  },
  {
    name: 'VSV:329-330: podManagementPolicy may not change',
    input: update({ podManagementPolicy: 'Parallel' }),
    want: denied(FORBIDDEN),
  },
  {
    name: 'VSV:329-330: selector may not change',
    input: update({ selector: { matchLabels: { a: 'b', c: 'd' } } }, { a: 'b', c: 'd' }),
    want: denied(FORBIDDEN),
  },
  {
    name: 'VSV:329 (Semantic.DeepEqual): an empty matchExpressions equals a missing one',
    input: update({ selector: { matchLabels: { a: 'b' }, matchExpressions: [] } }),
    want: ALLOWED,
  },
  {
    name: 'VSV:329 (Semantic.DeepEqual): a nil selector differs from an empty one',
    input: review('UPDATE', sts({ selector: {} }), sts({ selector: undefined })),
    want: denied(
      `[spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset, ${FORBIDDEN}]`,
    ),
  },
]);

table(
  'template annotations: ValidatePodSpecificAnnotations (core/validation/validation.go:156-179)',
  [
    {
      name: 'validation.go:4448: an unknown seccomp profile for the pod',
      input: review(
        'CREATE',
        sts({}, {}, { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'foo' } }),
      ),
      want: denied(
        'spec.template.annotations.seccomp.security.alpha.kubernetes.io/pod: Invalid value: "foo": must be a valid seccomp profile',
      ),
    },
    {
      name: 'validation.go:1201-1220: a localhost seccomp profile must be relative, without ..',
      input: review(
        'CREATE',
        sts(
          {},
          {},
          {
            annotations: {
              'container.seccomp.security.alpha.kubernetes.io/app': 'localhost//etc/../x',
            },
          },
        ),
      ),
      want: denied(
        `[spec.template.annotations.container.seccomp.security.alpha.kubernetes.io/app: Invalid value: "/etc/../x": must be a relative path, spec.template.annotations.container.seccomp.security.alpha.kubernetes.io/app: Invalid value: "/etc/../x": must not contain '..']`,
      ),
    },
    {
      name: 'validation.go:4484-4490: an AppArmor annotation for a missing container, bad profile',
      input: review(
        'CREATE',
        sts(
          {},
          {},
          { annotations: { 'container.apparmor.security.beta.kubernetes.io/side': 'foo' } },
        ),
      ),
      want: denied(
        '[spec.template.annotations[container.apparmor.security.beta.kubernetes.io/side]: Invalid value: "side": container not found, spec.template.annotations[container.apparmor.security.beta.kubernetes.io/side]: Invalid value: "foo": invalid AppArmor profile name: "foo"]',
      ),
    },
    {
      name: 'validation.go:4496-4503: a localhost AppArmor profile of an existing container',
      input: review(
        'CREATE',
        sts(
          {},
          {},
          {
            annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'localhost/p' },
          },
        ),
      ),
      want: ALLOWED,
    },
    {
      name: 'validation.go:169 + kruise pkg/webhook/util/pod_validation.go:23: every deletion cost passes',
      input: review(
        'CREATE',
        sts({}, {}, { annotations: { 'controller.kubernetes.io/pod-deletion-cost': 'x' } }),
      ),
      want: ALLOWED,
    },
    {
      name: 'validation.go:159-162: a mirror pod annotation needs nodeName',
      input: review('CREATE', sts({}, {}, { annotations: { 'kubernetes.io/config.mirror': 'm' } })),
      want: denied(
        'spec.template.annotations[kubernetes.io/config.mirror]: Invalid value: "m": must set spec.nodeName if mirror pod annotation is set',
      ),
    },
  ],
);
