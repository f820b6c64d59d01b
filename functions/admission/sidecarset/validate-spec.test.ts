// Ported from kruise@v1.7.4:pkg/webhook/sidecarset/validating/sidecarset_validating_test.go
// (TestValidateSidecarSet), asserting the exact messages instead of counts.
import type {
  DecodedSidecarContainer,
  DecodedSidecarSet,
  DecodedSidecarSetSpec,
} from '../../../shared/api/decoded.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatFieldErr } from '../../../shared/validation/field-error.js';
import { validateSidecarSetSpec, type SpecContext } from './validate-spec.js';

const sidecar = (over: Partial<DecodedSidecarContainer> = {}): DecodedSidecarContainer => ({
  name: 'test-sidecar',
  image: 'test-image',
  imagePullPolicy: 'IfNotPresent',
  terminationMessagePolicy: 'File',
  podInjectPolicy: 'BeforeAppContainer',
  shareVolumePolicy: { type: 'disabled' },
  upgradeStrategy: { upgradeType: 'ColdUpgrade' },
  ...over,
});
const set = (spec: DecodedSidecarSetSpec): DecodedSidecarSet => ({
  metadata: { name: 'test-sidecarset' },
  spec,
});
const ab = { matchLabels: { a: 'b' } };
const notUpdate = { type: 'NotUpdate' };
// OpenKruise's test enables SidecarSetPatchPodMetadataDefaultsAllowed.
const ctx: SpecContext = {
  whitelist: undefined,
  patchMetadataDefaultsAllowed: true,
  revisionLookup: undefined,
};
const labelValueMsg =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const badSelector = {
  matchLabels: { a: 'b' },
  matchExpressions: [{ key: 'app-name', operator: 'NotIn', values: ['app-group', 'app-risk-'] }],
};
const badSelectorGo =
  'v1.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app-name", Operator:"NotIn", Values:[]string{"app-group", "app-risk-"}}}}';
const goodSelector = {
  matchLabels: { a: 'b' },
  matchExpressions: [{ key: 'app-name', operator: 'NotIn', values: ['app-group', 'app-risk'] }],
};

const cases: { name: string; obj: DecodedSidecarSet; ctx?: SpecContext; want: string[] }[] = [
  {
    name: 'missing-selector',
    obj: set({ updateStrategy: notUpdate, containers: [sidecar()] }),
    want: ['spec.selector: Required value: no selector defined for SidecarSet'],
  },
  {
    name: 'wrong-updateStrategy',
    obj: set({
      selector: ab,
      updateStrategy: {
        type: 'RollingUpdate',
        scatterStrategy: [
          { key: 'key-1', value: 'value-1' },
          { key: 'key-1', value: 'value-1' },
        ],
      },
      containers: [sidecar()],
    }),
    want: [
      'spec.updateStrategy.scatterStrategy: Required value: duplicated key=key-1 value=value-1',
    ],
  },
  {
    name: 'wrong-selector',
    obj: set({
      selector: badSelector,
      containers: [sidecar({ shareVolumePolicy: { type: 'enabled' } })],
    }),
    want: [
      `spec.selector.matchExpressions[0].values[1]: Invalid value: "app-risk-": ${labelValueMsg}`,
      `spec.selector.selector: Invalid value: ${badSelectorGo}`,
    ],
  },
  {
    name: 'wrong-namespaceSelector',
    obj: set({
      selector: goodSelector,
      namespaceSelector: badSelector,
      containers: [sidecar({ shareVolumePolicy: { type: 'enabled' } })],
    }),
    want: [
      `spec.namespaceSelector.matchExpressions[0].values[1]: Invalid value: "app-risk-": ${labelValueMsg}`,
      `spec.namespaceSelector.selector: Invalid value: ${badSelectorGo}`,
    ],
  },
  {
    name: 'wrong-namespace',
    obj: set({
      selector: goodSelector,
      namespace: 'ns-test',
      namespaceSelector: ab,
      containers: [sidecar({ shareVolumePolicy: { type: 'enabled' } })],
    }),
    want: [
      'spec.namespace, namespaceSelector: Required value: namespace and namespaceSelector are mutually exclusive',
    ],
  },
  {
    name: 'wrong-initContainer',
    obj: set({
      selector: ab,
      updateStrategy: notUpdate,
      initContainers: [
        { name: 'test-sidecar', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' },
      ],
    }),
    want: ['spec.initContainers[0].image: Required value'],
  },
  {
    name: 'missing-container',
    obj: set({ selector: ab, updateStrategy: notUpdate }),
    want: ['spec: Required value: no initContainer or container defined for SidecarSet'],
  },
  {
    name: 'wrong-containers',
    obj: set({
      selector: ab,
      updateStrategy: notUpdate,
      containers: [sidecar({ shareVolumePolicy: undefined })],
    }),
    want: [
      'spec.container.shareVolumePolicy: Invalid value: v1alpha1.ShareVolumePolicy{Type:""}: unsupported share volume policy',
    ],
  },
  {
    name: 'wrong-volumes',
    obj: set({
      selector: ab,
      updateStrategy: notUpdate,
      containers: [sidecar()],
      volumes: [
        { name: 'test-volume' },
        {
          name: 'istio-token',
          projected: {
            defaultMode: 420,
            sources: [
              {
                serviceAccountToken: {
                  audience: 'istio-ca',
                  expirationSeconds: 43200,
                  path: 'istio-token',
                },
              },
            ],
          },
        },
      ],
    }),
    want: ['spec.volumes[0]: Required value: must specify a volume type'],
  },
  {
    name: 'wrong-metadata',
    obj: set({
      selector: ab,
      updateStrategy: notUpdate,
      containers: [sidecar()],
      patchPodMetadata: [
        { annotations: { key1: 'value1' }, patchPolicy: 'MergePatchJson' },
        { annotations: { key1: 'value1' }, patchPolicy: 'Overwrite' },
      ],
    }),
    want: ['spec.patchPodMetadata: Required value: patch annotation[key1] already exist'],
  },
  {
    name: 'wrong-name-injectionStrategy',
    obj: set({
      selector: ab,
      injectionStrategy: { revision: { customVersion: 'normal-sidecarset-01234' } },
      updateStrategy: notUpdate,
      containers: [sidecar()],
    }),
    ctx: {
      ...ctx,
      revisionLookup: { error: 'ControllerRevision.apps "test-sidecarset" not found' },
    },
    want: [
      'revision: Invalid value: "null": Cannot find specific ControllerRevision, err: ControllerRevision.apps "test-sidecarset" not found',
    ],
  },
  {
    name: 'not-existing-injectionStrategy',
    obj: set({
      selector: ab,
      injectionStrategy: { revision: { revisionName: 'test-sidecarset-678235', policy: 'Always' } },
      updateStrategy: notUpdate,
      containers: [sidecar()],
    }),
    ctx: {
      ...ctx,
      revisionLookup: { error: 'controllerrevisions.apps "test-sidecarset-678235" not found' },
    },
    want: [
      'revision: Invalid value: "null": Cannot find specific ControllerRevision, err: controllerrevisions.apps "test-sidecarset-678235" not found',
    ],
  },
  {
    name: 'The initContainer in-place upgrade is not currently supported.',
    obj: set({
      selector: ab,
      updateStrategy: { type: 'RollingUpdate' },
      initContainers: [sidecar({ restartPolicy: 'Always' })],
    }),
    want: [
      'spec.updateStrategy: Required value: The initContainer in-place upgrade is not currently supported.',
    ],
  },
  {
    name: 'native sidecars under RollingUpdate with SidecarSetNativeSidecarInPlaceUpdate (kruise-fn)',
    obj: set({
      selector: ab,
      updateStrategy: { type: 'RollingUpdate' },
      initContainers: [sidecar({ restartPolicy: 'Always' }), sidecar({ name: 'plain' })],
    }),
    ctx: { ...ctx, nativeSidecarInPlaceUpdate: true },
    want: [],
  },
];

describe('validateSidecarSetSpec (OpenKruise cases)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const errs = validateSidecarSetSpec(c.obj, c.ctx ?? ctx);
      assert.deepStrictEqual(errs.map(formatFieldErr), c.want);
    });
  }
});
