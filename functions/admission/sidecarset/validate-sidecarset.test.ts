import type {
  DecodedSidecarContainer,
  DecodedSidecarSet,
  DecodedSidecarSetSpec,
} from '../../../shared/api/decoded.js';
import assert from 'node:assert/strict';
import type { DecodedObjectFieldSelector } from '../../../shared/api/decoded.js';
import { describe, it } from 'node:test';
import type { AdmissionInput } from '../review/decision.js';
import { parseFeatureGates } from '../../../shared/feature-gates.js';
import { validateSidecarSet, type ValidateSidecarSetContext } from './validate-sidecarset.js';

const container = (over: Partial<DecodedSidecarContainer> = {}): DecodedSidecarContainer => ({
  name: 'log-agent',
  image: 'log:1',
  imagePullPolicy: 'IfNotPresent',
  terminationMessagePolicy: 'File',
  podInjectPolicy: 'AfterAppContainer',
  shareVolumePolicy: { type: 'disabled' },
  upgradeStrategy: { upgradeType: 'ColdUpgrade' },
  ...over,
});
const sidecarSet = (
  spec: Partial<DecodedSidecarSetSpec> = {},
  name = 'log',
): DecodedSidecarSet => ({
  apiVersion: 'apps.kruise.io/v1alpha1',
  kind: 'SidecarSet',
  metadata: { name },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    updateStrategy: { type: 'RollingUpdate', partition: 0, maxUnavailable: 1 },
    containers: [container()],
    ...spec,
  },
});
const review = (
  object: DecodedSidecarSet,
  oldObject?: DecodedSidecarSet,
): AdmissionInput<DecodedSidecarSet> => ({
  uid: 'u1',
  operation: oldObject === undefined ? 'CREATE' : 'UPDATE',
  kind: { group: 'apps.kruise.io', version: 'v1alpha1', kind: 'SidecarSet' },
  resource: { group: 'apps.kruise.io', version: 'v1alpha1', resource: 'sidecarsets' },
  namespace: '',
  name: object.metadata?.name ?? '',
  object,
  ...(oldObject !== undefined && { oldObject }),
});
const baseCtx: ValidateSidecarSetContext = {
  otherSidecarSets: [],
  gates: parseFeatureGates(''),
  namespaceLabels: {},
};
const deny = (message: string) => ({ allowed: false, code: 500, message });
const qualifiedNameMsg =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
// fieldPath may be missing: the containers of OpenKruise's SidecarSet CRD are schemaless.
const transfer = (fieldRef: { apiVersion?: string; fieldPath?: string }) =>
  sidecarSet({
    containers: [
      container({
        transferEnv: [
          {
            sourceContainerNameFrom: { fieldRef: fieldRef as DecodedObjectFieldSelector },
            envName: 'X',
          },
        ],
      }),
    ],
  });
const patch = (annotations: Record<string, string>, patchPolicy?: string) =>
  sidecarSet({
    patchPodMetadata: [{ annotations, ...(patchPolicy !== undefined && { patchPolicy }) }],
  });
const allowPatches = JSON.stringify({ rules: [{ allowedAnnotationKeyExprs: ['^oom'] }] });

const cases: {
  name: string;
  object: DecodedSidecarSet;
  old?: DecodedSidecarSet;
  ctx?: Partial<ValidateSidecarSetContext>;
  want: object;
}[] = [
  {
    name: 'admits a valid SidecarSet with OpenKruise reason',
    object: sidecarSet(),
    want: { allowed: true, reason: 'allowed to be admitted' },
  },
  {
    name: 'rejects a bad name and a namespace, joined',
    object: { ...sidecarSet(), metadata: { name: 'Bad_Name', namespace: 'default' } },
    want: deny(
      "[metadata.name: Invalid value: \"Bad_Name\": sidecarset name must consist of alphanumeric characters or '-' (e.g. 'example-com', regex used for validation is '^[a-zA-Z0-9\\-]+$'), metadata.namespace: Forbidden: not allowed on this type]",
    ),
  },
  {
    name: 'rejects a name over 63 characters',
    object: sidecarSet({}, 'a'.repeat(64)),
    want: deny(
      `metadata.name: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`,
    ),
  },
  {
    name: 'rejects an empty selector',
    object: sidecarSet({ selector: {} }),
    want: deny(
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is not valid for sidecarset.',
    ),
  },
  {
    name: 'rejects a negative partition and a non-percent maxUnavailable under RollingUpdate',
    object: sidecarSet({
      updateStrategy: { type: 'RollingUpdate', partition: -1, maxUnavailable: '50' },
    }),
    want: deny(
      "[spec.updateStrategy.partition: Invalid value: -1: must be greater than or equal to 0, spec.updateStrategy.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"50\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')]",
    ),
  },
  {
    name: 'accepts maxUnavailable 0',
    object: sidecarSet({
      updateStrategy: { type: 'RollingUpdate', partition: '10%', maxUnavailable: 0 },
    }),
    want: { allowed: true, reason: 'allowed to be admitted' },
  },
  {
    name: 'skips strategy checks under NotUpdate',
    object: sidecarSet({ updateStrategy: { type: 'NotUpdate', partition: -1 } }),
    want: { allowed: true, reason: 'allowed to be admitted' },
  },
  {
    name: 'rejects both weight and order priorities',
    object: sidecarSet({
      updateStrategy: {
        type: 'RollingUpdate',
        priorityStrategy: {
          weightPriority: [{ weight: 50, matchSelector: { matchLabels: { a: 'b' } } }],
          orderPriority: [{ orderedKey: 'k' }],
        },
      },
    }),
    want: deny(
      'spec.updateStrategy.priorityStrategy: Required value: only one of weightPriority and orderPriority can be used',
    ),
  },
  {
    name: 'rejects an unknown podInjectPolicy',
    object: sidecarSet({ containers: [container({ podInjectPolicy: 'Sometimes' })] }),
    want: deny(
      'spec.container.podInjectPolicy: Invalid value: "Sometimes": unsupported pod inject policy',
    ),
  },
  {
    name: 'requires transferEnv fieldRef apiVersion',
    object: transfer({ fieldPath: "metadata.labels['app']" }),
    want: deny('spec[0].transferEnv.fieldRef.apiVersion: Required value'),
  },
  {
    name: 'requires transferEnv fieldRef fieldPath',
    object: transfer({ apiVersion: 'v1' }),
    want: deny('spec[0].transferEnv.fieldRef.fieldPath: Required value'),
  },
  {
    name: 'rejects a non-subscripted fieldPath',
    object: transfer({ apiVersion: 'v1', fieldPath: 'metadata.name' }),
    want: deny(
      'spec[0].transferEnv.fieldRef.fieldPath: Invalid value: "metadata.name": error converting fieldPath: field label not supported: metadata.name',
    ),
  },
  {
    name: 'rejects another pod version',
    object: transfer({ apiVersion: 'v2', fieldPath: "metadata.labels['app']" }),
    want: deny(
      'spec[0].transferEnv.fieldRef.fieldPath: Invalid value: "metadata.labels[\'app\']": error converting fieldPath: unsupported pod version: v2',
    ),
  },
  {
    name: 'rejects a subscripted path other than labels/annotations',
    object: transfer({ apiVersion: 'v1', fieldPath: "spec.nodeName['x']" }),
    want: deny(
      'spec[0].transferEnv.fieldRef.fieldPath: Invalid value: "spec.nodeName[\'x\']": error converting fieldPath: field path not supported: spec.nodeName',
    ),
  },
  {
    name: 'rejects a bad label key in a fieldPath',
    object: transfer({ apiVersion: 'v1', fieldPath: "metadata.labels['bad key']" }),
    want: deny(`spec[0].transferEnv.fieldRef: Invalid value: "bad key": ${qualifiedNameMsg}`),
  },
  {
    name: 'requires volume mounts to name a SidecarSet volume',
    object: sidecarSet({
      containers: [container({ volumeMounts: [{ name: 'nope', mountPath: '/x' }] })],
    }),
    want: deny('spec.containers[0].volumeMounts[0].name: Not found: "nope"'),
  },
  {
    name: 'rejects duplicate container names',
    object: sidecarSet({ containers: [container(), container()] }),
    want: deny('spec.containers[1].name: Duplicate value: "log-agent"'),
  },
  {
    name: 'rejects patchPodMetadata without a whitelist',
    object: patch({ 'oom-score': '1' }, 'Retain'),
    want: deny(
      'spec.patchPodMetadata: Required value: SidecarSet patch metadata whitelist not found',
    ),
  },
  {
    name: 'allows patchPodMetadata without a whitelist when the defaults gate is on',
    object: patch({ 'oom-score': '1' }, 'Retain'),
    ctx: { gates: parseFeatureGates('SidecarSetPatchPodMetadataDefaultsAllowed=true') },
    want: { allowed: true, reason: 'allowed to be admitted' },
  },
  {
    name: 'rejects patchPodMetadata when no whitelist rule selects the SidecarSet',
    object: patch({ 'oom-score': '1' }, 'Retain'),
    ctx: {
      whitelist: JSON.stringify({
        rules: [{ selector: { matchLabels: { team: 'x' } }, allowedAnnotationKeyExprs: ['.*'] }],
      }),
    },
    want: deny(
      'spec.patchPodMetadata: Required value: sidecarSet patch metadata annotation is not allowed',
    ),
  },
  {
    name: 'rejects an annotation key no whitelist regexp matches',
    object: patch({ other: '1' }, 'Retain'),
    ctx: { whitelist: allowPatches },
    want: deny(
      'spec.patchPodMetadata: Required value: sidecarSet patch metadata annotation(other) is not allowed',
    ),
  },
  {
    name: 'accepts an annotation key the whitelist allows',
    object: patch({ 'oom-score': '1' }, 'Retain'),
    ctx: { whitelist: allowPatches },
    want: { allowed: true, reason: 'allowed to be admitted' },
  },
  {
    name: 'reports a whitelist that is not JSON with Go text',
    object: patch({ 'oom-score': '1' }, 'Retain'),
    ctx: { whitelist: 'rules' },
    want: deny(
      "spec.patchPodMetadata: Required value: invalid character 'r' looking for beginning of value",
    ),
  },
  {
    name: 'validates patch annotation keys and requires a patchPolicy',
    object: patch({ 'bad key!': '1' }),
    ctx: { whitelist: JSON.stringify({ rules: [{ allowedAnnotationKeyExprs: ['.*'] }] }) },
    want: deny(
      `[patchPodMetadata.annotations: Invalid value: "bad key!": ${qualifiedNameMsg}, spec.patchPodMetadata: Required value: no patchPolicy defined for patchPodMetadata]`,
    ),
  },
  {
    name: 'refuses to add a sidecar container on update',
    object: sidecarSet({ containers: [container(), container({ name: 'new' })] }),
    old: sidecarSet(),
    want: deny('spec.containers.name: Invalid value: "new": container new is not found'),
  },
  {
    name: 'refuses to change upgradeType on update (OpenKruise TestSidecarSetUpdateConflict)',
    object: sidecarSet({
      containers: [container({ upgradeStrategy: { upgradeType: 'HotUpgrade' } })],
    }),
    old: sidecarSet(),
    want: deny(
      'spec.containers.upgradeStrategy.upgradeType: Invalid value: "log-agent": container log-agent upgradeType is immutable',
    ),
  },
  {
    name: 'refuses a native sidecar under RollingUpdate',
    object: sidecarSet({ initContainers: [container({ name: 'init', restartPolicy: 'Always' })] }),
    want: deny(
      'spec.updateStrategy: Required value: The initContainer in-place upgrade is not currently supported.',
    ),
  },
  {
    name: 'admits a native sidecar under RollingUpdate with SidecarSetNativeSidecarInPlaceUpdate',
    object: sidecarSet({ initContainers: [container({ name: 'init', restartPolicy: 'Always' })] }),
    ctx: { gates: parseFeatureGates('SidecarSetNativeSidecarInPlaceUpdate=true') },
    want: { allowed: true, reason: 'allowed to be admitted' },
  },
  {
    name: 'refuses a HotUpgrade native sidecar under RollingUpdate even with the gate',
    object: sidecarSet({
      initContainers: [
        container({
          name: 'init',
          restartPolicy: 'Always',
          upgradeStrategy: { upgradeType: 'HotUpgrade', hotUpgradeEmptyImage: 'ex/empty:1' },
        }),
      ],
    }),
    ctx: { gates: parseFeatureGates('SidecarSetNativeSidecarInPlaceUpdate=true') },
    want: deny(
      'spec.updateStrategy: Required value: The initContainer in-place upgrade is not currently supported.',
    ),
  },
  {
    name: 'admits a native sidecar under NotUpdate',
    object: sidecarSet({
      updateStrategy: { type: 'NotUpdate' },
      initContainers: [container({ name: 'init', restartPolicy: 'Always' })],
    }),
    want: { allowed: true, reason: 'allowed to be admitted' },
  },
  {
    name: 'refuses a container name another overlapping SidecarSet injects',
    object: sidecarSet(),
    ctx: { otherSidecarSets: [sidecarSet({}, 'other'), sidecarSet({}, 'log')] },
    want: deny(
      'spec.containers: Invalid value: "log-agent": container log-agent already exist in other',
    ),
  },
  {
    name: 'reports a failed SidecarSet list as an internal error',
    object: sidecarSet(),
    ctx: { listError: 'boom' },
    want: deny(': Internal error: query other sidecarsets failed, err: boom'),
  },
  {
    name: 'does not look for conflicts when the spec is invalid',
    object: sidecarSet({ containers: [container({ podInjectPolicy: 'x' })] }),
    ctx: { otherSidecarSets: [sidecarSet({}, 'other')] },
    want: deny('spec.container.podInjectPolicy: Invalid value: "x": unsupported pod inject policy'),
  },
];

describe('validateSidecarSet', () => {
  for (const c of cases) {
    it(c.name, () => {
      assert.deepStrictEqual(
        validateSidecarSet(review(c.object, c.old), { ...baseCtx, ...c.ctx }),
        c.want,
      );
    });
  }
});
