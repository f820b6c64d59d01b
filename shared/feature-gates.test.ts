import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  chartDefaultFeatureGates,
  featureGatesFrom,
  gateNames,
  parseFeatureGates,
  type GateName,
} from './feature-gates.js';

const enabledSet = (spec: string, opts = {}): GateName[] => {
  const g = parseFeatureGates(spec, opts);
  return gateNames.filter((n) => g.enabled(n));
};

const codeDefaultsOn: GateName[] = [
  'PodWebhook',
  'KruiseDaemon',
  'DaemonWatchingPod',
  'ResourcesDeletionProtection',
  'WorkloadSpread',
  'PodUnavailableBudgetDeleteGate',
  'InPlaceUpdateEnvFromMetadata',
  'StatefulSetAutoDeletePVC',
  'PodProbeMarkerGate',
  'PodIndexLabel',
];

describe('parseFeatureGates', () => {
  const cases: { name: string; spec: string; opts?: object; on: GateName[]; str: string }[] = [
    { name: 'uses OpenKruise code defaults', spec: '', on: codeDefaultsOn, str: '' },
    {
      name: 'applies the chart default ImagePullJobGate=true',
      spec: chartDefaultFeatureGates,
      on: [...codeDefaultsOn, 'ImagePullJobGate'],
      str: 'ImagePullJobGate=true',
    },
    {
      name: 'trims blanks and accepts Go bool spellings',
      spec: ' StatefulSetStartOrdinal = T ,,PodIndexLabel=0',
      on: [...codeDefaultsOn.filter((n) => n !== 'PodIndexLabel'), 'StatefulSetStartOrdinal'],
      str: 'PodIndexLabel=false,StatefulSetStartOrdinal=true',
    },
    {
      name: 'PodWebhook=false turns off the pod-webhook dependants',
      spec: 'PodWebhook=false,SidecarSetPatchPodMetadataDefaultsAllowed=true',
      on: codeDefaultsOn.filter(
        (n) => !['PodWebhook', 'WorkloadSpread', 'PodUnavailableBudgetDeleteGate'].includes(n),
      ),
      str: 'EnhancedLivenessProbe=false,KruisePodReadinessGate=false,PodUnavailableBudgetDeleteGate=false,PodUnavailableBudgetUpdateGate=false,PodWebhook=false,SidecarSetPatchPodMetadataDefaultsAllowed=false,WorkloadSpread=false',
    },
    {
      name: 'KruiseDaemon=false wins over ImagePullJobGate=true',
      spec: 'KruiseDaemon=false,ImagePullJobGate=true',
      on: codeDefaultsOn.filter(
        (n) =>
          ![
            'KruiseDaemon',
            'DaemonWatchingPod',
            'InPlaceUpdateEnvFromMetadata',
            'PodProbeMarkerGate',
          ].includes(n),
      ),
      str: 'DaemonWatchingPod=false,EnhancedLivenessProbe=false,ImagePullJobGate=false,InPlaceUpdateEnvFromMetadata=false,KruiseDaemon=false,PodProbeMarkerGate=false,PreDownloadImageForDaemonSetUpdate=false,PreDownloadImageForInPlaceUpdate=false,SidecarTerminator=false',
    },
    {
      name: 'a pre-download gate turns ImagePullJobGate on',
      spec: 'PreDownloadImageForInPlaceUpdate=true,ImagePullJobGate=false',
      on: [...codeDefaultsOn, 'PreDownloadImageForInPlaceUpdate', 'ImagePullJobGate'],
      str: 'ImagePullJobGate=true,PreDownloadImageForInPlaceUpdate=true',
    },
    {
      name: 'ResourcesDeletionProtection=false turns off the CRD cascading gate',
      spec: 'ResourcesDeletionProtection=false,DeletionProtectionForCRDCascadingGate=true',
      on: codeDefaultsOn.filter((n) => n !== 'ResourcesDeletionProtection'),
      str: 'DeletionProtectionForCRDCascadingGate=false,ResourcesDeletionProtection=false',
    },
    {
      name: 'AllBeta=false turns off every beta gate not given explicitly',
      spec: 'AllBeta=false,PodWebhook=true',
      on: codeDefaultsOn.filter(
        (n) =>
          ![
            'KruiseDaemon',
            'DaemonWatchingPod',
            'PodIndexLabel',
            'InPlaceUpdateEnvFromMetadata',
            'PodProbeMarkerGate',
          ].includes(n),
      ),
      str: 'AllBeta=false,DaemonWatchingPod=false,EnhancedLivenessProbe=false,ImagePullJobGate=false,InPlaceUpdateEnvFromMetadata=false,KruiseDaemon=false,PodIndexLabel=false,PodProbeMarkerGate=false,PodWebhook=true,PreDownloadImageForDaemonSetUpdate=false,PreDownloadImageForInPlaceUpdate=false,SidecarTerminator=false',
    },
    {
      name: 'legacy CUSTOM_RESOURCE_ENABLE without SidecarSet defaults PodWebhook off',
      spec: '',
      opts: { customResourceEnable: 'CloneSet,BroadcastJob' },
      on: codeDefaultsOn.filter(
        (n) => !['PodWebhook', 'WorkloadSpread', 'PodUnavailableBudgetDeleteGate'].includes(n),
      ),
      str: 'EnhancedLivenessProbe=false,KruisePodReadinessGate=false,PodUnavailableBudgetDeleteGate=false,PodUnavailableBudgetUpdateGate=false,SidecarSetPatchPodMetadataDefaultsAllowed=false,WorkloadSpread=false',
    },
    {
      name: 'legacy CUSTOM_RESOURCE_ENABLE with SidecarSet keeps PodWebhook',
      spec: '',
      opts: { customResourceEnable: 'SidecarSet,CloneSet' },
      on: codeDefaultsOn,
      str: '',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepStrictEqual(enabledSet(c.spec, c.opts).sort(), [...c.on].sort());
      assert.equal(parseFeatureGates(c.spec, c.opts).toString(), c.str);
    });
  }

  it('AllAlpha=true turns on every alpha gate except explicit ones', () => {
    const g = parseFeatureGates('AllAlpha=true,StatefulSetStartOrdinal=false');
    assert.equal(g.enabled('ImagePullJobGate'), true);
    assert.equal(g.enabled('EnableExternalCerts'), true);
    assert.equal(g.enabled('StatefulSetStartOrdinal'), false);
  });

  const bad = [
    { spec: 'NoSuchGate=true', message: 'unrecognized feature gate: NoSuchGate' },
    { spec: 'PodWebhook', message: 'missing bool value for PodWebhook' },
    {
      spec: 'PodWebhook=yes',
      message:
        'invalid value of PodWebhook=yes, err: strconv.ParseBool: parsing "yes": invalid syntax',
    },
  ];
  for (const b of bad) {
    it(`rejects ${b.spec}`, () => {
      assert.throws(() => parseFeatureGates(b.spec), {
        name: 'FeatureGateError',
        message: b.message,
        code: 400,
      });
    });
  }
});

describe('featureGatesFrom', () => {
  it('prefers the flag over FEATURE_GATES', () => {
    const g = featureGatesFrom(['node', 'x.js', '--feature-gates=ImagePullJobGate=true'], {
      FEATURE_GATES: 'ImagePullJobGate=false',
    });
    assert.equal(g.toString(), 'ImagePullJobGate=true');
  });
  it('reads the flag as two arguments', () => {
    const g = featureGatesFrom(['--feature-gates', 'SidecarTerminator=true'], {});
    assert.equal(g.toString(), 'SidecarTerminator=true');
  });
  it('falls back to FEATURE_GATES', () => {
    assert.equal(
      featureGatesFrom([], { FEATURE_GATES: 'PodIndexLabel=false' }).toString(),
      'PodIndexLabel=false',
    );
  });
  it('wraps flag errors the way pflag reports them', () => {
    assert.throws(() => featureGatesFrom(['--feature-gates=Nope=true'], {}), {
      message:
        'invalid argument "Nope=true" for "--feature-gates" flag: unrecognized feature gate: Nope',
    });
  });
  it('reports env errors unwrapped', () => {
    assert.throws(() => featureGatesFrom([], { FEATURE_GATES: 'Nope=true' }), {
      message: 'unrecognized feature gate: Nope',
    });
  });
});
